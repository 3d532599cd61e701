"""The degeneration rig: settling, disc flattening and bulging, cartilage thinning and spur growth."""

from __future__ import annotations

import numpy as np
import pytest

from meshes.pathology import OUTLINE_POINTS, Foramen, Pathology, SegmentRig, alarm_weights, to_frame
from meshes.surface import signed_distance
from meshes.vertebra import body_bottom

HEALTHY = Pathology()
NARROW = Pathology(disc_height_ant=0.5, disc_height_post=0.5, hydration=0.2)


@pytest.fixture(scope="module")
def rig(spine):
    return SegmentRig(spine, "L4-L5", "left")


def test_healthy_changes_nothing(rig, spine):
    assert np.allclose(rig.settle(HEALTHY), np.eye(4), atol=1e-9)
    disc = spine.structures["disc_L4-L5"].mesh.points
    w = rig.disc_weights(disc)
    assert np.allclose(rig.disc_points(disc, w, HEALTHY, np.eye(4), nucleus=False), disc, atol=1e-6)


def test_the_column_above_settles_by_the_lost_height(rig, spine):
    delta = rig.settle(NARROW)
    v = rig.v_upper
    corner_local = np.array([0.0, -0.5 * v.body_depth, -v.body_height_post, 1.0])
    corner = rig.world["L4"] @ corner_local
    moved = delta @ corner
    lower_z = lambda q: to_frame(rig.w_lower, q[None, :3])[0, 2]  # noqa: E731
    assert lower_z(moved) == pytest.approx(0.5 * lower_z(corner), abs=0.05)
    assert "L1" in rig.riders and "L4" in rig.riders and "L5" not in rig.riders and "sacrum" not in rig.riders
    assert "cartilage_L4-L5_left_inferior" in rig.riders and "cartilage_L4-L5_left_superior" not in rig.riders


def test_the_disc_follows_both_endplates(rig, spine):
    base = spine.structures["disc_L4-L5"].mesh.points
    w = rig.disc_weights(base)
    delta = rig.settle(NARROW)
    squeezed = rig.disc_points(base, w, NARROW, delta, nucleus=False)
    def above_upper_endplate(points, frame):
        up = to_frame(frame, points)
        return up[:, 2] - body_bottom(rig.v_upper, up[:, 1])

    healthy = above_upper_endplate(base, rig.world["L4"]).max()  # the disc fills the endplate's dish
    assert above_upper_endplate(squeezed, delta @ rig.world["L4"]).max() < healthy + 0.2
    assert to_frame(rig.w_lower, squeezed)[:, 2].min() > to_frame(rig.w_lower, base)[:, 2].min() - 0.2


def test_herniation_goes_posterolateral_on_the_chosen_side(rig, spine):
    base = spine.structures["disc_L4-L5"].mesh.points
    w = rig.disc_weights(base)
    moved = rig.disc_points(base, w, Pathology(herniation=5.0), np.eye(4), nucleus=False)
    shift = to_frame(rig.w_lower, moved) - to_frame(rig.w_lower, base)
    i = np.argmax(np.linalg.norm(shift, axis=1))
    assert np.linalg.norm(shift[i]) == pytest.approx(5.0, abs=0.5)
    assert shift[i, 0] < 0 and shift[i, 1] < 0  # left (−x) and back (−y)


def test_cartilage_thins_towards_its_bone(rig, spine):
    name = "cartilage_L4-L5_left_superior"
    base = spine.structures[name].mesh.points
    w = rig.cartilage_weights(name, base)
    thin = rig.cartilage_points(base, w, Pathology(cartilage=0.35))
    depth = (thin - base) @ w["normal"]
    assert w["depth"].max() == pytest.approx(1.0, abs=0.15)  # healthy sheet is about 1 mm thick
    assert ((thin - base) @ w["normal"] / np.maximum(w["depth"], 1e-9))[w["depth"] > 0.2] == pytest.approx(-0.65)
    assert np.abs(depth).max() < 0.8


@pytest.mark.parametrize("bone", ["L4", "L5"])
def test_spurs_grow_from_the_margins_up_to_their_size(rig, spine, bone):
    mesh = spine.structures[bone].mesh
    w = rig.spur_weights(bone, mesh.points, mesh.point_data["Normals"])
    grown = rig.spur_points(mesh.points, w, Pathology(endplate_spur=3.5, facet_spur=2.5))
    moved = np.linalg.norm(grown - mesh.points, axis=1)
    assert 0.8 * 3.5 < moved.max() <= 3.5 + 2.5 + 1e-6
    assert (w["endplate"] > 0.5).sum() > 50 and (w["facet"] > 0.5).sum() > 20
    assert moved[w["endplate"] + w["facet"] == 0].max() == 0.0  # the rest of the bone stays put


def test_the_foramen_closes_as_the_disc_narrows(rig):
    heights = [rig.foramen_height(Pathology(disc_height_ant=f, disc_height_post=f)) for f in (1.0, 0.8, 0.6, 0.4)]
    assert 15.0 < heights[0] < 30.0  # a healthy lumbar foramen is about 2 cm tall
    assert all(b < a for a, b in zip(heights, heights[1:]))
    lost = rig.height_post * 0.6
    assert heights[0] - heights[-1] == pytest.approx(lost, abs=2.5)  # it loses about what the disc loses


def test_roots_are_free_when_healthy_and_pressed_as_the_anatomy_says(rig):
    gaps = rig.root_gaps()
    assert set(gaps) == {"root_L4_left", "root_L5_left"}  # exiting L4, traversing L5 [S77]
    assert rig.root_roles() == {"root_L4_left": "exiting", "root_L5_left": "traversing"}
    assert all(g > 1.0 for g in gaps.values())  # healthy roots have room around them
    assert rig.root_compression(HEALTHY) == {"root_L4_left": 0.0, "root_L5_left": 0.0}
    herniated = rig.root_compression(Pathology(herniation=6.0))
    assert herniated["root_L5_left"] > 2.0 and herniated["root_L4_left"] == 0.0  # posterolateral: the traversing root
    # narrowing and spurs take the fat around the exiting root (Lee 1–2) but do not press it
    narrowed = rig.root_compression(Pathology(disc_height_ant=0.4, disc_height_post=0.4, endplate_spur=4.0,
                                              facet_spur=2.5, bulge=1.5))
    assert narrowed == {"root_L4_left": 0.0, "root_L5_left": 0.0}
    closing = [rig.root_compression(Pathology(foraminal=f))["root_L4_left"] for f in (0.0, 2.0, 4.0, 6.0)]
    assert closing[:2] == [0.0, 0.0] and 0.0 < closing[2] < closing[3]  # past its fat, the root itself (Lee 3)


@pytest.mark.parametrize("segment", ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_every_step_presses_the_roots_its_text_names_and_no_other(spine, segment, side):
    """At every whole step, and while scrubbing towards it, a root is pressed only where the story says so, and
    it is the root the anatomy names: traversing (the lower level's) for the posterolateral herniation, exiting
    (the upper level's) for the closed foramen [S77][S82]."""
    from explainer.stories.degeneration import DEGENERATION, StoryModel
    from narration.stories import ROOTS_PRESSED

    rig = SegmentRig(spine, segment, side)
    upper, lower = segment.split("-")
    role_of = {f"root_{upper}_{side}": "exiting", f"root_{lower}_{side}": "traversing"}
    assert rig.root_roles() == role_of
    for stage in DEGENERATION:
        pressed = {role_of[root] for root, mm in rig.root_compression(stage.pathology).items() if mm > 0.05}
        assert pressed == set(ROOTS_PRESSED.get(stage.id, ())), (stage.id, pressed)
    model = StoryModel(level=segment, side=side)
    for tenth in range(int(model.last * 10) + 1):
        model.set_position(tenth / 10)
        pressed = {role_of[root] for root, mm in rig.root_compression(model.pathology()).items() if mm > 0.05}
        assert pressed <= set(ROOTS_PRESSED.get(model.stage.id, ())), (model.position, pressed)


def test_the_foramen_area_shrinks_with_narrowing_bulge_and_spurs(rig):
    foramen = Foramen(rig)
    states = [HEALTHY, Pathology(disc_height_ant=0.6, disc_height_post=0.55),
              Pathology(disc_height_ant=0.6, disc_height_post=0.55, endplate_spur=3.5, facet_spur=2.5),
              Pathology(disc_height_ant=0.5, disc_height_post=0.45, endplate_spur=4.0, facet_spur=2.5, bulge=1.5)]
    areas = [foramen.area(p) for p in states]
    assert 50.0 < areas[0] < 200.0  # mm²: the healthy lumbar foramen, measured on the model's own walls
    assert all(b < a for a, b in zip(areas, areas[1:]))
    assert areas[-1] < 0.6 * areas[0]


def test_the_foramen_outline_is_a_closed_loop_on_the_chosen_side_that_sinks_with_the_column(rig):
    healthy, narrow = Foramen(rig).outline(HEALTHY), Foramen(rig).outline(NARROW)
    assert healthy.shape == (OUTLINE_POINTS, 3)
    assert (healthy[:, 0] < 0).all()  # the left side is -x
    height = healthy[:, 2].max() - healthy[:, 2].min()
    assert height == pytest.approx(rig.foramen_height(HEALTHY), rel=0.1)
    assert narrow[:, 2].max() < healthy[:, 2].max() - 2.0  # its roof is the pedicle above, which settles


def test_alarm_weights_peak_where_the_root_comes_closest_to_the_disc(rig, spine):
    points = spine.structures["root_L5_left"].mesh.points
    weights = alarm_weights(rig, "root_L5_left", points)
    assert weights.max() == pytest.approx(1.0) and weights.min() == 0.0
    distance = signed_distance(points, spine.structures["disc_L4-L5"].mesh)
    assert distance[weights > 0.9].max() < distance[weights == 0.0].min()

"""The Qt-free scene: groups, labels, highlight and picking, rendered offscreen."""

import numpy as np
import pytest
from conftest import display_point, front_point
from vtkmodules.vtkRenderingCore import vtkRenderWindow

from explainer.render.materials import HIDDEN_AT_START, HIGHLIGHT
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene


@pytest.fixture
def scene(spine):
    scene = Scene(spine)
    window = vtkRenderWindow()
    window.SetOffScreenRendering(True)
    window.SetSize(800, 600)
    scene.attach(window)
    scene.set_pose(scene.preset_pose("anterior"))
    window.Render()
    yield scene
    window.Finalize()


def test_one_actor_per_structure_and_optional_groups_start_hidden(scene, spine):
    assert set(scene.actors) == set(spine.structures)
    for name, structure in spine.structures.items():
        assert scene.actors[name].GetVisibility() == (structure.group not in HIDDEN_AT_START)


def test_group_visibility_and_opacity(scene, spine):
    discs = spine.group("discs")
    scene.set_group_visible("discs", False)
    assert not any(scene.actors[s.name].GetVisibility() for s in discs)
    scene.set_group_visible("discs", True)
    scene.set_group_opacity("discs", 0.4)
    for s in discs:
        assert scene.actors[s.name].GetVisibility()
        opacity = scene.actors[s.name].GetProperty().GetOpacity()
        assert opacity == pytest.approx(0.4 * scene.materials[s.name].opacity)


def test_highlight_colours_one_structure_and_restores_the_last(scene):
    scene.select("L3")
    assert scene.actors["L3"].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)
    scene.select("L4")
    assert scene.actors["L3"].GetProperty().GetColor() == pytest.approx(scene.materials["L3"].color)
    assert scene.actors["L4"].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)
    scene.select(None)
    assert scene.selected is None
    assert scene.actors["L4"].GetProperty().GetColor() == pytest.approx(scene.materials["L4"].color)


def test_labels_one_per_landmark_and_switch_off(scene, spine):
    assert len(scene.labels) == len(spine.landmarks)
    assert {label.GetInput() for label in scene.labels} >= {"L1", "L5"}
    scene.set_labels_visible(False)
    assert not any(label.GetVisibility() for label in scene.labels)


def test_labels_run_away_from_the_spine(scene, spine):
    axis_x, _ = display_point(scene.renderer, scene._centre)
    for label, point in zip(scene.labels, spine.landmarks.values(), strict=True):
        x, _ = display_point(scene.renderer, point)
        justification = label.GetTextProperty().GetJustification()
        assert justification == (0 if x >= axis_x else 2), label.GetInput()


@pytest.mark.parametrize("name", ["L3", "disc_L3-L4"])
def test_pick_names_the_structure_under_the_pixel(scene, spine, name):
    assert scene.pick(*display_point(scene.renderer, front_point(spine.structures[name]))) == name


def test_pick_finds_nothing_in_the_background_or_hidden(scene, spine):
    assert scene.pick(2, 2) is None
    scene.set_group_visible("bones", False)
    scene.renderer.GetRenderWindow().Render()
    assert scene.pick(*display_point(scene.renderer, front_point(spine.structures["L3"]))) != "L3"


def test_moving_frames_skip_antialiasing_and_still_frames_use_it(scene):
    scene.set_moving(True)
    assert not scene.renderer.GetUseFXAA()
    scene.set_moving(False)
    assert scene.renderer.GetUseFXAA()


def test_moving_shows_the_coarse_set_and_still_the_fine_one_by_visibility_alone(scene, spine):
    actors = scene.renderer.GetActors()
    count = actors.GetNumberOfItems()
    assert count == 2 * len(spine.structures)  # both sets are built once, at start-up
    for moving in (True, False, True, False):
        scene.set_moving(moving)
        scene.renderer.GetRenderWindow().Render()
        assert actors.GetNumberOfItems() == count
        for name, structure in spine.structures.items():
            shown = scene.group_visible[structure.group]
            assert scene.actors[name].GetVisibility() == (shown and not moving)
            assert scene.coarse_actors[name].GetVisibility() == (shown and moving)


def test_a_group_hidden_while_moving_stays_hidden_when_still(scene, spine):
    scene.set_moving(True)
    scene.set_group_visible("discs", False)
    scene.set_moving(False)
    for s in spine.group("discs"):
        assert not scene.actors[s.name].GetVisibility() and not scene.coarse_actors[s.name].GetVisibility()


def test_both_sets_share_one_property_so_highlight_and_fading_apply_to_both(scene):
    for name, fine in scene.actors.items():
        assert scene.coarse_actors[name].GetProperty() is fine.GetProperty()
    scene.select("L3")
    assert scene.coarse_actors["L3"].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)


def test_pick_uses_the_fine_set_even_while_moving(scene, spine):
    scene.set_moving(True)
    assert scene.pick(*display_point(scene.renderer, front_point(spine.structures["L3"]))) == "L3"
    assert scene.moving and not scene.actors["L3"].GetVisibility()


@pytest.mark.parametrize("view", ["anterior", "posterior", "lateral", "oblique", "superior"])
def test_no_two_shown_labels_overlap_in_any_preset(scene, view):
    scene.set_pose(scene.preset_pose(view))
    scene.renderer.GetRenderWindow().Render()
    boxes = []
    for label in scene.labels:
        if label.GetVisibility():
            box = [0.0] * 4
            label.GetBoundingBox(scene.renderer, box)  # around the text's position, justification included
            x, y = label.GetPositionCoordinate().GetComputedDisplayValue(scene.renderer)
            boxes.append([x + box[0], x + box[1], y + box[2], y + box[3]])
    assert len(boxes) >= 4  # still labelled
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, (a, b)


def test_part_labels_on_the_far_side_are_not_shown(scene):
    names = [label.GetInput() for label in scene.labels]
    scene.set_pose(scene.preset_pose("anterior"))
    shown, _, _ = scene.layout_labels()
    assert not shown[names.index("Spinous process")]
    scene.set_pose(scene.preset_pose("posterior"))
    shown, _, _ = scene.layout_labels()
    assert shown[names.index("Spinous process")] and not shown[names.index("Intervertebral disc")]


def test_camera_pose_round_trips(scene):
    pose = scene.preset_pose("oblique")
    scene.set_pose(pose)
    back = scene.camera_pose()
    np.testing.assert_allclose(back.position, pose.position, atol=1e-6)
    np.testing.assert_allclose(back.direction, pose.direction, atol=1e-9)


def test_labels_keep_out_of_an_inset_and_come_back_when_it_goes(scene):
    shown, _, _ = scene.layout_labels()
    assert shown.sum() >= 3
    scene.keep_clear("inset", (0.0, 0.0, 1.0, 1.0))  # an inset over the whole view: no room left
    assert not scene.layout_labels()[0].any()
    scene.keep_clear("inset", None)
    assert np.array_equal(scene.layout_labels()[0], shown)


def test_level_names_stand_in_one_column_from_any_side(scene, spine):
    levels = [i for i, key in enumerate(spine.landmarks) if key in ("L1", "L2", "L3", "L4", "L5", "S1")]
    for view in ("lateral", "oblique", "posterolateral"):
        for mirror in (False, True):
            scene.set_pose(scene.preset_pose(view, mirror=mirror))
            _, _, sides = scene.layout_labels()
            assert len(set(sides[levels])) == 1, (view, mirror)


def test_level_names_move_to_the_other_side_of_an_inset(scene, spine):
    levels = [i for i, key in enumerate(spine.landmarks) if key in ("L1", "L2", "L3", "L4", "L5", "S1")]
    scene.set_pose(scene.preset_pose("lateral"))
    _, _, sides = scene.layout_labels()
    side = sides[levels[0]]
    x0, x1 = (0.5, 1.0) if side > 0 else (0.0, 0.5)
    scene.keep_clear("inset", (x0, 0.0, x1, 1.0))  # an inset where the names stood
    shown, _, sides = scene.layout_labels()
    assert set(sides[levels]) == {-side} and shown[levels].sum() >= 4


def test_labels_keep_out_of_overlay_text_only_while_it_is_shown(scene):
    before = scene.layout_labels()[0].sum()
    caption = overlay_text(120, (0.98, 0.98), justify="right", vertical="top",  # most of the view, anchored
                           text="WWWWWWWW\nWWWWWWWW\nWWWWWWWW")  # at its top right, as the readout is
    scene.renderer.AddViewProp(caption)
    scene.keep_clear("caption", caption)
    assert scene.layout_labels()[0].sum() < before
    caption.SetVisibility(False)
    assert scene.layout_labels()[0].sum() == before


def test_no_label_is_cut_by_the_top_or_bottom_of_the_view(scene):
    scene.set_pose(scene.preset_pose("lateral"))
    scene.renderer.GetActiveCamera().Zoom(2.5)  # close in: the highest and lowest levels leave the picture
    shown, offsets, _ = scene.layout_labels()
    anchors, _ = scene._display(scene._label_points)
    heights = scene._text_sizes()[:, 1]
    height = scene.renderer.GetSize()[1]
    y = anchors[:, 1] + offsets[:, 1]
    assert shown.any() and not shown.all()
    assert np.all((y[shown] - heights[shown] / 2 >= -0.5) & (y[shown] + heights[shown] / 2 <= height + 0.5))

"""Needle paths (meshes.needle) and the iliac bones (meshes.pelvis): geometry only, no Qt."""

from __future__ import annotations

import numpy as np
import pytest

from meshes import memo, needle
from meshes.needle import MIN_CLEARANCE, NEEDLE_RADIUS, Distance, disc_path, facet_path, marrow_path
from meshes.neural import to_world
from meshes.params import VERTEBRAE
from meshes.spine import placed_frames

UPPER_SEGMENTS = ("L1-L2", "L2-L3", "L3-L4", "L4-L5")
SIDES = ("left", "right")


def obstacles(spine) -> Distance:
    return Distance([spine.structures[n].mesh for n in needle.obstacle_names(spine)])


def samples(path, step: float = 0.5) -> np.ndarray:
    n = int(np.ceil(path.length / step)) + 1
    return np.array([path.point_at(f) for f in np.linspace(0.0, 1.0, n)])


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("segment", UPPER_SEGMENTS)
def test_disc_path_is_clear_and_ends_in_the_nucleus(spine, segment, side):
    path = disc_path(spine, segment, side)
    nucleus = spine.structures[f"nucleus_{segment}"].mesh
    assert path.clear and path.min_clearance_mm >= MIN_CLEARANCE
    assert np.linalg.norm(path.tip - needle.centroid(nucleus)) < 2.0
    assert Distance([nucleus])(path.tip[None])[0] < 0.0
    assert 70.0 <= abs(path.entry[0]) <= 110.0
    assert np.sign(path.entry[0]) == (-1.0 if side == "left" else 1.0)
    assert (obstacles(spine)(samples(path)) > NEEDLE_RADIUS).all()
    assert 25.0 <= path.oblique_deg <= 60.0 and -30.0 <= path.tilt_deg <= 30.0
    assert np.isclose(np.linalg.norm(path.direction), 1.0)
    assert np.isclose(path.length, np.linalg.norm(path.tip - path.entry))


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("segment", UPPER_SEGMENTS)
def test_disc_path_passes_below_the_exiting_root(spine, segment, side):
    """Kambin's triangle: where the needle passes the exiting root it runs caudal to it."""
    path = disc_path(spine, segment, side)
    root = np.asarray(spine.structures[f"root_{segment.split('-')[0]}_{side}"].mesh.points, dtype=float)
    pts = samples(path, 1.0)
    gaps = np.linalg.norm(pts[:, None, :] - root[None, ::7, :], axis=2)
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    assert pts[i, 2] < root[::7][j, 2]


@pytest.mark.parametrize("side", SIDES)
def test_l5_s1_disc_path_is_clear_or_says_so(spine, side):
    path = disc_path(spine, "L5-S1", side)
    inside = obstacles(spine)(samples(path)) <= NEEDLE_RADIUS
    if path.clear:
        assert not inside.any() and path.min_clearance_mm >= MIN_CLEARANCE
    else:
        assert path.min_clearance_mm < MIN_CLEARANCE


def test_disc_search_is_cached(spine):
    """Planned once per spine and choice (its speed is a benchmark's business, not a timed test's)."""
    memo._CACHE.clear()
    first = disc_path(spine, "L3-L4", "left")
    assert disc_path(spine, "L3-L4", "left") is first


def test_beam_angles_look_down_the_needle(spine):
    path = disc_path(spine, "L4-L5", "left")
    r, t = np.radians(path.beam_angles())
    beam = np.array([-np.sin(r) * np.cos(t), np.cos(r) * np.cos(t), np.sin(t)])  # meshes.fluoro's C-arm axis
    assert np.allclose(beam, path.direction)
    assert abs(np.degrees(r)) == pytest.approx(path.oblique_deg, abs=1e-6)  # from the left: a negative turn
    assert np.degrees(t) == pytest.approx(-path.tilt_deg, abs=1e-6)  # a caudal tilt points the beam down


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("segment", ("L3-L4", "L4-L5", "L5-S1"))
def test_facet_path_ends_in_the_joint_gap(spine, segment, side):
    path = facet_path(spine, segment, side)
    sheets = [spine.structures[f"cartilage_{segment}_{side}_{p}"].mesh for p in ("superior", "inferior")]
    tip = path.tip[None]
    assert all(Distance([m])(tip)[0] > 0 for m in sheets)  # between the sheets, in neither
    bones = Distance([s.mesh for s in spine.structures.values() if s.group in ("bones", "pelvis")])
    assert bones(tip)[0] > 0
    normal = needle.joint_gap(spine, segment, side)[1]
    cs, ci = (np.asarray(m.points, dtype=float).mean(axis=0) for m in sheets)
    assert (cs - path.tip) @ normal < 0 < (ci - path.tip) @ normal
    nerves = Distance([s.mesh for s in spine.structures.values() if s.group == "nerves"])
    assert (nerves(samples(path)) > NEEDLE_RADIUS).all()
    assert abs(path.direction @ normal) < 1e-6  # along the joint plane
    assert path.clear


@pytest.mark.parametrize("side", SIDES)
def test_marrow_path_enters_the_medial_psis_at_24_degrees(spine, side):
    path = marrow_path(spine, side)
    assert abs(path.oblique_deg - 24.0) <= 3.0 and abs(path.tilt_deg) < 1.0
    lateral = -1.0 if side == "left" else 1.0
    assert np.sign(path.direction[0]) == lateral and path.direction[1] > 0
    ilium = Distance([spine.structures[f"ilium_{side}"].mesh])
    assert ilium(path.tip[None])[0] < -1.0
    assert abs(path.entry[0]) < abs(path.tip[0])
    psis = spine.landmarks[f"PSIS ({side})"]
    assert abs(path.tip[2] - psis[2]) < 10.0


def test_pelvis_is_two_closed_ilia_clear_of_the_sacrum(spine):
    ilia = [s for s in spine.group("pelvis") if not s.name.startswith("si_")]  # the joints' parts: their own test
    assert sorted(s.name for s in ilia) == ["ilium_left", "ilium_right"]
    assert all(s.mesh.n_open_edges == 0 for s in spine.group("pelvis"))
    sacrum = Distance([spine.structures["sacrum"].mesh])
    for s in ilia:
        assert s.mesh.n_open_edges == 0 and s.mesh.n_cells > 1000
        assert s.label.startswith("Ilium (")
        assert (sacrum(np.asarray(s.mesh.points)) > 0).all()
    left, right = (np.asarray(spine.structures[f"ilium_{n}"].mesh.points) for n in SIDES)
    assert left[:, 0].max() < -20.0 and right[:, 0].min() > 20.0


def test_ilia_reach_the_sacrum_at_the_sacroiliac_joints(spine):
    sacrum = Distance([spine.structures["sacrum"].mesh])
    for side in SIDES:
        assert sacrum(np.asarray(spine.structures[f"ilium_{side}"].mesh.points)).min() < 2.5


def test_iliac_crest_reaches_the_l4_l5_level(spine):
    world = placed_frames()

    def mid_body(level):
        v = VERTEBRAE[level]
        return to_world(world[level], [0.0, 0.0, -0.25 * (v.body_height_ant + v.body_height_post)])[2]

    l4, l5 = mid_body("L4"), mid_body("L5")
    for side in SIDES:
        top = np.asarray(spine.structures[f"ilium_{side}"].mesh.points)[:, 2].max()
        assert l5 - 15.0 <= top <= l4 + 15.0
    assert "iliac crest" in spine.landmarks and "PSIS (left)" in spine.landmarks


@pytest.mark.parametrize("side", SIDES)
def test_sij_path_enters_the_lower_third_of_the_joint_along_a_contralateral_oblique(spine, side):
    path = needle.sij_path(spine, side)
    sacral = spine.structures[f"si_cartilage_{side}_sacrum"].mesh
    low, high = sacral.bounds[4], sacral.bounds[5]
    assert low + 10.0 <= path.tip[2] <= low + 20.0 < low + (high - low) / 3.0 + 5.0  # 1–2 cm above its lowest point
    cleft = [Distance([spine.structures[f"si_cartilage_{side}_{face}"].mesh])(path.tip[None])[0]
             for face in ("sacrum", "ilium")]
    assert max(cleft) < 1.5  # between the two cartilage sheets
    rotation, tilt = path.beam_angles()
    assert np.sign(rotation) == (1.0 if side == "left" else -1.0)  # turned towards the other side
    assert 15.0 <= abs(rotation) <= 30.0 and abs(tilt) <= 30.0
    assert path.clear and path.min_clearance_mm >= MIN_CLEARANCE
    bones = Distance([spine.structures[n].mesh for n in needle.obstacle_names(spine) if not n.startswith("si_")])
    outside = samples(path)[: -int(needle.SIJ_END / 0.5) - 2]
    assert (bones(outside) > NEEDLE_RADIUS).all()

"""A whole case on the spine: every level posed from its findings, measured on the posed geometry."""

from __future__ import annotations

import numpy as np
import pytest

from explainer.stories.findings import Herniation, LevelFindings, Listhesis
from explainer.stories.findings.geometry import CANAL_AREA_RANGE, FORAMEN_AREA_RANGE, HEIGHT_LEFT, level_state
from meshes.case import CaseRig
from meshes.params import SEGMENTS
from meshes.pathology import to_frame
from meshes.state import LevelState

GRADES = ("mild", "mild-moderate", "moderate", "moderate-severe", "severe")


@pytest.fixture(scope="module")
def rig(spine):
    return CaseRig(spine)


def posed(rig, segment: str, finding: LevelFindings):
    return rig.pose({segment: level_state(finding)})


def test_a_healthy_level_maps_to_the_healthy_state_exactly():
    assert level_state(LevelFindings()) == LevelState()


def test_a_healthy_case_is_the_healthy_geometry_exactly(rig):
    for states in ({}, dict.fromkeys(SEGMENTS, LevelState())):
        pose = rig.pose(states)
        assert all(np.array_equal(m, np.eye(4)) for m in pose.transforms.values())
        for name, arrays in pose.points.items():
            for base, new in zip(rig.base[name], arrays):
                assert np.array_equal(base, new), name
        assert pose.pressed == {}


@pytest.mark.parametrize("segment", ["L3-L4", "L4-L5"])
@pytest.mark.parametrize("grade", ["none", *GRADES])
def test_the_measured_canal_area_falls_in_the_grade_range(rig, segment, grade):
    area = posed(rig, segment, LevelFindings(canal=grade, contour="bulge")).canal[segment]
    low, high = CANAL_AREA_RANGE[grade]
    assert low <= area <= high


@pytest.mark.parametrize("segment", ["L4-L5", "L5-S1"])
@pytest.mark.parametrize("grade", GRADES)
def test_the_measured_foramen_area_falls_in_the_grade_range(rig, segment, grade):
    pose = posed(rig, segment, LevelFindings(foramen={"left": "none", "right": grade}))
    left, right = (area / healthy for area, healthy in zip(pose.foramina[segment], rig.healthy_foramen[segment]))
    low, high = FORAMEN_AREA_RANGE[grade]
    assert left == 1.0 and low <= right <= high


def test_height_loss_narrows_the_disc_to_its_griffith_range(rig):
    state = level_state(LevelFindings(height_loss="moderate"))
    assert 0.4 <= state.disc_height_post == HEIGHT_LEFT["moderate"] <= 0.7  # Griffith 7: 30–60% lost
    pose = rig.pose({"L4-L5": state})
    corner = rig.world["L4"] @ [0.0, -0.5 * 35.0, -26.5, 1.0]  # L4's back lower corner, about
    dropped = to_frame(rig.world["L5"], (pose.transforms["L4"] @ corner)[None, :3])[0, 2]
    assert dropped < to_frame(rig.world["L5"], corner[None, :3])[0, 2] - 2.0


def test_listhesis_slips_the_upper_vertebra_by_the_meyerding_share(rig):
    pose = posed(rig, "L4-L5", LevelFindings(listhesis=Listhesis("antero", 1)))
    lower = rig.rigs["L4-L5"]["left"].lower_params
    point = rig.world["L4"] @ [0.0, 0.0, -20.0, 1.0]
    moved = to_frame(rig.world["L5"], (pose.transforms["L4"] @ point)[None, :3])[0]
    assert moved - to_frame(rig.world["L5"], point[None, :3])[0] == pytest.approx([0, 0.125 * lower.body_depth, 0],
                                                                                   abs=1e-6)
    assert np.array_equal(pose.transforms["L5"], np.eye(4))
    assert np.allclose(pose.transforms["L1"], pose.transforms["L4"])  # the column above rides along
    back = posed(rig, "L4-L5", LevelFindings(listhesis=Listhesis("retro", 2))).transforms["L4"]
    assert to_frame(rig.world["L5"], (back @ point)[None, :3])[0, 1] < to_frame(rig.world["L5"], point[None, :3])[0, 1]


@pytest.mark.parametrize("zone, side, angles", [("paracentral", "left", (5, 35)), ("foraminal", "right", (50, 80)),
                                                ("central", None, (0, 12))])
def test_a_herniation_bulges_on_its_side_and_in_its_zone(rig, spine, zone, side, angles):
    finding = LevelFindings(contour="herniation", herniation=Herniation("extrusion", zone, side))
    pose = posed(rig, "L4-L5", finding)
    base = spine.structures["disc_L4-L5"].mesh.points
    frame = rig.world["L5"]
    shift = to_frame(frame, pose.points["disc_L4-L5"][0]) - to_frame(frame, base)
    moved = np.linalg.norm(shift, axis=1)
    bulk = to_frame(frame, base)[moved > 0.7 * moved.max()].mean(axis=0)
    angle = np.degrees(np.arctan2(abs(bulk[0]), -bulk[1]))
    assert bulk[1] < 0 and angles[0] <= angle <= angles[1]
    if side is not None:
        assert np.sign(bulk[0]) == (1 if side == "right" else -1)


@pytest.mark.parametrize("zone, pressed, free", [("paracentral", "root_L5_left", "root_L4_left"),
                                                 ("subarticular", "root_L5_left", "root_L4_left"),
                                                 ("foraminal", "root_L4_left", "root_L5_left"),
                                                 ("extraforaminal", "root_L4_left", "root_L5_left")])
def test_the_root_a_herniation_reaches_follows_its_zone(rig, zone, pressed, free):
    finding = LevelFindings(contour="herniation", herniation=Herniation("extrusion", zone, "left"))
    pose = posed(rig, "L4-L5", finding)
    assert pose.pressed[pressed] > 0.5
    assert pose.roles[pressed] == ("traversing" if pressed == "root_L5_left" else "exiting")
    assert pose.pressed.get(free, 0.0) == 0.0
    assert not any(root.endswith("_right") for root in pose.pressed)


def test_severe_foraminal_stenosis_presses_the_exiting_root_and_mild_does_not(rig):
    assert "root_L5_right" in posed(rig, "L5-S1", LevelFindings(foramen={"left": "none", "right": "severe"})).pressed
    assert posed(rig, "L5-S1", LevelFindings(foramen={"left": "none", "right": "mild"})).pressed == {}


def test_the_flavum_thickens_towards_the_canal_with_facet_arthropathy_and_stenosis(rig, spine):
    base = spine.structures["flavum_L4-L5"].mesh.points
    reach = []
    for finding in (LevelFindings(), LevelFindings(facets={"left": "severe", "right": "mild"}),
                    LevelFindings(canal="severe")):
        points = posed(rig, "L4-L5", finding).points["flavum_L4-L5"][0]
        reach.append(np.linalg.norm(points - base, axis=1).max())
    assert reach[0] == 0.0
    assert reach[1] == pytest.approx(2.2, abs=0.05)  # 3.1 → 5.3 mm with facet hypertrophy [S211]
    assert reach[2] == pytest.approx(4.0, abs=0.05)  # the most the model lets it thicken

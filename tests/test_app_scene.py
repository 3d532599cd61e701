"""The Qt-free scene: groups, labels, highlight and picking, rendered offscreen."""

import numpy as np
import pytest
from conftest import display_point, front_point
from vtkmodules.vtkRenderingCore import vtkRenderWindow

from explainer.materials import HIDDEN_AT_START, HIGHLIGHT
from explainer.scene import Scene


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
    scene.highlight("L3")
    assert scene.actors["L3"].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)
    scene.highlight("L4")
    assert scene.actors["L3"].GetProperty().GetColor() == pytest.approx(scene.materials["L3"].color)
    assert scene.actors["L4"].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)
    scene.highlight(None)
    assert scene.highlighted is None
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


def test_camera_pose_round_trips(scene):
    pose = scene.preset_pose("oblique")
    scene.set_pose(pose)
    back = scene.camera_pose()
    np.testing.assert_allclose(back.position, pose.position, atol=1e-6)
    np.testing.assert_allclose(back.direction, pose.direction, atol=1e-9)

"""The scene following the degeneration story: updated in place, never rebuilt or re-added."""

from __future__ import annotations

import numpy as np
import pytest

from explainer.degeneration import DegenerationView
from explainer.scene import Scene
from explainer.story import StoryModel


@pytest.fixture
def followed(spine):
    scene = Scene(spine)
    model = StoryModel(level="L4-L5", side="left")
    view = DegenerationView(scene, model)
    yield scene, model, view
    view.close()


def actor_count(scene: Scene) -> int:
    return scene.renderer.GetActors().GetNumberOfItems()


def test_scrubbing_changes_points_in_place_and_adds_nothing(followed, spine):
    scene, model, _ = followed
    disc = spine.structures["disc_L4-L5"].mesh
    array = disc.GetPoints().GetData()
    healthy = disc.points.copy()
    before = actor_count(scene)
    for i in range(0, 71):
        model.set_position(i / 10)
    assert actor_count(scene) == before
    assert disc.GetPoints().GetData() is array  # the same array, new values
    assert np.abs(disc.points - healthy).max() > 2.0


def test_the_column_above_settles_and_the_nucleus_darkens(followed):
    scene, model, view = followed
    wet = scene.actors["nucleus_L4-L5"].GetProperty().GetColor()
    model.go_end()
    dry = scene.actors["nucleus_L4-L5"].GetProperty().GetColor()
    assert sum(dry) < sum(wet) - 1.0
    assert scene.actors["L4"].GetUserMatrix() is view.settle is scene.actors["L1"].GetUserMatrix()
    assert view.settle.GetElement(2, 3) < -1.0  # moved down (world z) by millimetres
    assert scene.actors["L5"].GetUserMatrix() is None


def test_changing_segment_restores_the_old_one(followed, spine):
    scene, model, _ = followed
    healthy = spine.structures["disc_L4-L5"].mesh.points.copy()
    model.go_end()
    model.set_segment("L3-L4", "right")
    assert np.allclose(spine.structures["disc_L4-L5"].mesh.points, healthy, atol=1e-4)
    assert scene.actors["L3"].GetUserMatrix() is not None  # the column above L3-L4 now settles
    assert scene.actors["L4"].GetUserMatrix() is None  # and L4 is its lower vertebra

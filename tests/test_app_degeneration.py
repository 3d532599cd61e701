"""The scene following the degeneration story: updated in place, never rebuilt or re-added."""

from __future__ import annotations

import re

import numpy as np
import pytest
from vtkmodules.util.numpy_support import vtk_to_numpy

from explainer.render.degeneration import DegenerationView
from explainer.render.scene import Scene
from explainer.stories.degeneration import StoryModel
from meshes.params import SEGMENTS as LEVELS
from meshes.params import SIDES
from narration import load_story
from narration.stories import ROOTS_PRESSED


@pytest.fixture
def followed(spine):
    scene = Scene(spine)
    model = StoryModel(level="L4-L5", side="left")
    view = DegenerationView(scene, model)
    view.attach()
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


def _load_values(scene: Scene, view: DegenerationView) -> list[np.ndarray]:
    from vtkmodules.util.numpy_support import vtk_to_numpy

    out = []
    for name in view.sheets:
        for actor in (scene.actors[name], scene.coarse_actors[name]):
            mesh = actor.GetMapper().GetInput()
            out.append(vtk_to_numpy(mesh.GetPointData().GetArray("facet_load")))
    return out


def _arrow_length(view: DegenerationView, side: str) -> float:
    matrix = view.arrows[side][1]
    return float(np.linalg.norm([matrix.GetElement(i, 0) for i in range(3)]))


def test_the_facet_cartilage_shows_the_load_share_rising_from_16_to_70_percent(followed):
    scene, model, view = followed
    assert len(view.sheets) == 4 and all(n.startswith("cartilage_L4-L5_") for n in view.sheets)
    arrays = [a.GetMapper().GetInput().GetPointData().GetArray("facet_load")
              for n in view.sheets for a in (scene.actors[n], scene.coarse_actors[n])]
    healthy = [v.copy() for v in _load_values(scene, view)]
    assert all(abs(v.max() - 0.16) < 0.02 and v.min() > 0.1 for v in healthy)
    for n in view.sheets:
        mapper = scene.actors[n].GetMapper()
        assert mapper.GetScalarVisibility() and mapper.GetLookupTable() is view.table
        assert scene.coarse_actors[n].GetMapper().GetLookupTable() is view.table
    model.go_end()
    worn = _load_values(scene, view)
    assert all(abs(v.max() - 0.70) < 0.03 for v in worn)
    assert all(w.mean() > h.mean() + 0.3 for w, h in zip(worn, healthy))
    assert [a.GetMapper().GetInput().GetPointData().GetArray("facet_load") for n in view.sheets
            for a in (scene.actors[n], scene.coarse_actors[n])] == arrays  # filled in place, never replaced
    assert not scene.actors["cartilage_L3-L4_left_superior"].GetMapper().GetScalarVisibility()


def test_the_load_arrows_grow_and_warm_with_the_share(followed):
    scene, model, view = followed
    small = {side: _arrow_length(view, side) for side in ("left", "right")}
    cool = view.arrows["left"][0].GetProperty().GetColor()
    model.go_end()
    for side in ("left", "right"):
        assert _arrow_length(view, side) > 3.5 * small[side]
    warm = view.arrows["left"][0].GetProperty().GetColor()
    assert sum(warm) > sum(cool) + 1.0  # cividis: dark blue to yellow


def test_the_legend_is_there_while_following_and_gone_after_close(spine):
    scene = Scene(spine)
    model = StoryModel(level="L4-L5", side="left")
    view = DegenerationView(scene, model)
    view.attach()
    props = scene.renderer.GetViewProps()
    assert props.IsItemPresent(view.legend)
    assert view.legend.GetTitle() == "Facet load share (model)"  # a model curve, not a measurement
    assert view.legend.GetTitleTextProperty().GetFontSize() >= 16
    assert view.legend.GetLookupTable() is view.table
    x, y = view.legend.GetPosition()
    assert x < 0.1 and y < 0.1  # bottom-left corner, clear of the framed model
    arrows = [actor for actor, _ in view.arrows.values()]
    assert all(props.IsItemPresent(a) for a in arrows)
    view.close()
    assert not props.IsItemPresent(view.legend)
    assert not any(props.IsItemPresent(a) for a in arrows)
    assert not any(scene.actors[n].GetMapper().GetScalarVisibility() for n in view.sheets)


def test_scrubbing_and_changing_segment_add_no_actors_and_move_the_heat(followed):
    scene, model, view = followed
    before = actor_count(scene), scene.renderer.GetViewProps().GetNumberOfItems()
    for i in range(0, 71):
        model.set_position(i / 10)
    model.set_segment("L3-L4", "right")
    assert (actor_count(scene), scene.renderer.GetViewProps().GetNumberOfItems()) == before
    assert not scene.actors["cartilage_L4-L5_left_superior"].GetMapper().GetScalarVisibility()
    assert scene.actors["cartilage_L3-L4_left_superior"].GetMapper().GetScalarVisibility()


def _alarm(scene: Scene, root: str) -> np.ndarray:
    array = scene.actors[root].GetMapper().GetInput().GetPointData().GetArray("compression")
    return vtk_to_numpy(array).copy()


def test_pressed_roots_turn_to_the_alarm_colour_as_the_story_goes_on(followed):
    scene, model, _ = followed
    assert _alarm(scene, "root_L4_left").max() == 0.0 and _alarm(scene, "root_L5_left").max() == 0.0
    model.set_position(2.0)  # narrowing: the fat around the exiting root goes (Lee 0–1), no root is pressed
    assert _alarm(scene, "root_L4_left").max() == 0.0 and _alarm(scene, "root_L5_left").max() == 0.0
    model.set_position(6.0)  # posterolateral herniation: the traversing root only
    assert _alarm(scene, "root_L4_left").max() == 0.0 and _alarm(scene, "root_L5_left").max() > 0.5
    model.go_end()
    assert _alarm(scene, "root_L4_left").max() == 1.0 and _alarm(scene, "root_L5_left").max() == 1.0
    assert scene.actors["root_L4_left"].GetMapper().GetScalarVisibility()


def test_the_readout_and_foramen_outline_follow_the_model(followed):
    scene, model, view = followed
    loop = view.outline.GetMapper().GetInput().GetPoints()
    healthy_text, healthy_top = view.readout.GetInput(), vtk_to_numpy(loop.GetData())[:, 2].max()
    assert "Facet load share 16 %" in healthy_text and "pressed" not in healthy_text
    assert healthy_text.splitlines()[-1] == "Model values, illustrative"
    model.go_end()
    assert "L4 root pressed" in view.readout.GetInput() and "L5 root pressed" in view.readout.GetInput()
    assert view.readout.GetInput().splitlines()[-1] == "Model values, illustrative"
    assert view.outline.GetMapper().GetInput().GetPoints() is loop  # moved in place
    assert vtk_to_numpy(loop.GetData())[:, 2].max() < healthy_top - 2.0


READOUT_ROOT = re.compile(r"^(L\d|S1) root pressed [\d.]+ mm \((exiting|traversing)\)$", re.MULTILINE)
NERVE_WORDS = {"traversing": ("traversing",), "exiting": ("exiting", "leaves")}


def test_the_readout_names_the_root_the_text_names_at_every_step_and_segment(followed):
    """The readout's pressed roots follow the anatomy (posterolateral herniation: the traversing root, the lower
    level's; closed foramen: the exiting root, the upper level's) and appear only at the steps whose text says a
    root is pressed; that text names the same roots (at L4–L5: the L5 nerve, then the L4 nerve too)."""
    _, model, view = followed
    story = load_story("degeneration")
    for segment in LEVELS:
        upper, lower = segment.split("-")
        for side in SIDES:
            model.set_segment(segment, side)
            for index, stage in enumerate(model.stages):
                model.set_position(float(index))
                named = {role: root for root, role in READOUT_ROOT.findall(view.readout.GetInput())}
                roles = ROOTS_PRESSED.get(stage.id, ())
                assert set(named) == set(roles), (segment, side, stage.id, view.readout.GetInput())
                assert all(named[role] == {"exiting": upper, "traversing": lower}[role] for role in roles)
                text = story.stages[stage.id]
                for role in roles:
                    assert any(word in text.student for word in NERVE_WORDS[role]), (stage.id, role)
                    if segment == "L4-L5":
                        nerve = {"exiting": "L4", "traversing": "L5"}[role]
                        assert f"{nerve} nerve" in text.patient and f"{nerve} root" in text.student, (stage.id, nerve)

"""The stenosis story on screen: its layer poses and measures in place and gives the spine back exactly, its page
drives the model (timeline and bend slider), and the command line photographs it."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shown_window

from explainer.render.scene import Scene
from explainer.render.stenosis import StenosisView
from explainer.stories import STORIES
from explainer.stories.stenosis import StenosisModel


@pytest.fixture
def shown(spine):
    scene = Scene(spine)
    model = StenosisModel()
    view = StenosisView(scene, model)
    yield scene, model, view
    view.close()


def points(spine) -> dict[str, list[np.ndarray]]:
    return {n: [np.array(s.mesh.points), np.array(s.coarse.points)] for n, s in spine.structures.items()}


def props(scene: Scene) -> int:
    return scene.renderer.GetViewProps().GetNumberOfItems()


def test_every_position_is_written_in_place_and_adds_nothing(shown, spine):
    scene, model, view = shown
    arrays = {n: spine.structures[n].mesh.GetPoints().GetData() for n in ("dural_sac", "flavum_L4-L5", "disc_L4-L5")}
    view.attach()
    view.section.set_visible(False)
    before = props(scene), scene.actors["L4"].GetUserMatrix()
    sac = []
    for position in np.linspace(0.0, model.last, 23):
        model.set_position(position)
        sac.append(np.array(spine.structures["dural_sac"].mesh.points))
        assert (props(scene), scene.actors["L4"].GetUserMatrix()) == before
    assert all(spine.structures[n].mesh.GetPoints().GetData() is a for n, a in arrays.items())
    assert np.abs(sac[-1] - sac[0]).max() > 2.0


def test_the_readout_gives_the_measured_area_against_the_thresholds(shown):
    scene, model, view = shown
    view.attach()
    text = view.readout.GetInput()
    assert "over 100 mm²: roomy" in text and "Model values, illustrative" in text
    model.set_position(4)
    area = view.measured.canal["L4-L5"]
    assert area < 75 and f"Dural sac {area:.0f} mm²" in view.readout.GetInput()
    assert "absolute stenosis" in view.readout.GetInput() and f"Sac {area:.0f} mm²" in view.section.note.GetInput()
    model.set_bend(-1.0)
    assert view.measured.canal["L4-L5"] < area and "bent 5.0° back" in view.readout.GetInput()


def test_detaching_gives_the_healthy_spine_back_exactly(shown, spine):
    scene, model, view = shown
    healthy = points(spine)
    view.attach()
    model.set_position(5.4)
    model.set_segment("L3-L4", "right")  # another segment in between: the first is put back too
    model.set_bend(0.7)
    view.detach()
    for name, arrays in points(spine).items():
        for before, after in zip(healthy[name], arrays):
            assert np.array_equal(before, after), name
    assert scene.actors["L4"].GetUserMatrix() is None and scene.lit["story"] == ()


def test_the_section_cuts_the_sac_the_ligament_the_facets_and_the_disc_of_the_chosen_segment(shown):
    scene, model, view = shown
    view.attach()
    model.set_segment("L5-S1", "left")
    cut = set(view.section.cuts)
    assert {"dural_sac", "flavum_L5-S1", "disc_L5-S1", "L5", "sacrum"} <= cut
    assert any(n.startswith("cartilage_L5-S1_") for n in cut)


def test_the_page_steps_the_story_and_bends_the_segment(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        window.story_choice.setCurrentIndex(tuple(STORIES).index("stenosis"))
        page, model = window.page, window.model
        assert isinstance(model, StenosisModel) and window.story_pages.currentWidget() is page.panel
        page.controls.next.click()
        assert model.position == 1.0
        assert page.panel.title.text() == model.stage.title
        page.bend.setValue(page.bend.maximum())
        assert model.bend == 1.0
        model.set_position(5)
        assert page.bend.value() == page.bend.minimum()  # leaning back: the slider follows the stage
        page.section.click()
        assert window.page.layer.section.visible


def test_the_command_line_photographs_a_step(tmp_path):
    from explainer.cli import main

    out = tmp_path / "stenosis.png"
    assert main(["screenshot", str(out), "--story", "stenosis", "--at", "4", "--section", "--size", "320x180"]) == 0
    assert out.stat().st_size > 1000

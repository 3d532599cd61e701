"""The house: stories are plug-ins, the scene owns every look, and the window, a screenshot and the import rules
agree.  Each of (a)-(d) failed on the code before the stories became plug-ins."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from conftest import HandClock, shown_window, tick
from PySide6.QtWidgets import QLabel
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOImage import vtkPNGReader
from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

from explainer.render.layers import Layer, Shot
from explainer.render.materials import HIGHLIGHT
from explainer.render.offscreen import write_screenshot
from explainer.stories import STORIES, StoryKind, Timeline, register
from explainer.ui.story_panel import StoryControls
from explainer.ui.window import TWEEN_MS, MainWindow
from meshes import build_spine, disc_path

RED = (0.9, 0.1, 0.1)


class TwoStages(Timeline):
    """A story of two stops: the L4-L5 disc plain, then red."""

    def __init__(self, level: str, side: str):
        super().__init__(1.0, (0.0, 1.0), rate=1.0)
        self.level, self.side = level, side


class RedDiscLayer(Layer):
    """Tints the disc as the story passes its middle; lights the nucleus at the end."""

    def __init__(self, scene, model):
        self.scene, self.model, self.active = scene, model, False
        self._leave = model.subscribe(self.apply)

    def set_active(self, on: bool) -> None:
        self.active = on
        if on:
            self.apply(self.model)
        else:
            self.scene.set_tint("disc_L4-L5", None)
            self.scene.set_lit("story", ())

    def apply(self, model) -> None:
        if self.active:
            self.scene.set_tint("disc_L4-L5", RED if model.position >= 0.5 else None)
            self.scene.set_lit("story", ["nucleus_L5-S1"] if model.position == 1.0 else [])

    def set_depth(self, depth: str) -> None:
        """Nothing changes with the depth."""

    def shot(self, model) -> Shot | None:
        return Shot(model.position, "lateral") if model.position in model.stops else None

    def close(self) -> None:
        self.detach()
        self._leave()


class TinyPage:
    tick_ms = 40
    keys: dict = {}
    notice = None

    def __init__(self, model, layer, host):
        self.panel = QLabel("A tiny story")
        self.controls = StoryControls(model)

    def leave(self) -> None:
        self.controls.leave()


@pytest.fixture
def tiny():
    leave = register(StoryKind("tiny", "A tiny story", TwoStages, layer="test_app_house:RedDiscLayer",
                               page="test_app_house:TinyPage"))
    yield
    leave()


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        yield window


def colour(window, name):
    return window.scene.shown_colour(name)


def test_importing_the_stories_loads_no_qt_vtk_or_pyvista():
    probe = ("import sys, explainer.stories; print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'PySide6', 'vtkmodules', 'vtk', 'pyvista'}))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_registered_story_is_shown_stepped_played_lit_and_photographed(tiny, qtbot, spine, tmp_path):
    window = MainWindow(spine)  # made after the registration, with no line of the window changed
    window.clock = HandClock()
    qtbot.addWidget(window)
    window.show()
    assert window.story_choice.count() == len(STORIES)
    window.story_choice.setCurrentIndex(tuple(STORIES).index("tiny"))
    assert window.active == "tiny" and window.story_pages.currentWidget().text() == "A tiny story"
    assert colour(window, "disc_L4-L5") == pytest.approx(window.scene.materials["disc_L4-L5"].color)
    window.model.step(+1)
    assert colour(window, "disc_L4-L5") == pytest.approx(RED)
    assert colour(window, "nucleus_L5-S1") == pytest.approx(HIGHLIGHT)
    window.model.go_home()
    window.set_playing(True)
    tick(window, 0.6)
    assert window.model.position == pytest.approx(0.6) and colour(window, "disc_L4-L5") == pytest.approx(RED)
    tick(window, 0.6)
    assert not window.playing and window.model.position == 1.0
    out = tmp_path / "tiny.png"
    write_screenshot(out, None, (320, 240), "tiny", window.model)
    assert out.stat().st_size > 0
    window.show_story("degeneration")  # the tiny story gives the scene back
    assert colour(window, "disc_L4-L5") == pytest.approx(window.scene.materials["disc_L4-L5"].color)
    window.close()


def test_a_the_film_is_planned_on_the_healthy_spine_whatever_the_other_story_left(window):
    window.model.go_end()  # the cascade's last stage: the column above L4-L5 has settled
    window.show_story("injection")
    healthy = disc_path(build_spine(), "L4-L5", "left")  # a spine of its own, never degenerated
    np.testing.assert_allclose(window.layers["injection"].path.tip, healthy.tip, atol=1e-6)


def test_b_selection_gives_back_the_story_colours_it_covered(window):
    window.model.go_end()
    nucleus, sheet = "nucleus_L4-L5", "cartilage_L4-L5_left_superior"
    t2 = colour(window, nucleus)
    assert t2 != pytest.approx(window.scene.materials[nucleus].color)  # dark on T2
    window.select(nucleus)
    assert colour(window, nucleus) == pytest.approx(HIGHLIGHT)
    window.select(None)
    assert colour(window, nucleus) == pytest.approx(t2)
    mapper = window.scene.actors[sheet].GetMapper()
    assert mapper.GetScalarVisibility()  # the heat map
    window.select(sheet)
    assert not mapper.GetScalarVisibility() and colour(window, sheet) == pytest.approx(HIGHLIGHT)
    window.select(None)
    assert mapper.GetScalarVisibility()


def _grab(render_window) -> np.ndarray:
    grab = vtkWindowToImageFilter()
    grab.SetInput(render_window)
    grab.ReadFrontBufferOff()
    grab.Update()
    image = grab.GetOutput()
    return vtk_to_numpy(image.GetPointData().GetScalars()).reshape(-1, 3)[:, :3].astype(int)


def _read_png(path) -> np.ndarray:
    reader = vtkPNGReader()
    reader.SetFileName(str(path))
    reader.Update()
    return vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars()).reshape(-1, 3)[:, :3].astype(int)


def test_c_the_screenshot_is_what_the_window_shows_highlights_included(window, tmp_path):
    window.model.step(+1)
    window.model.step(+1)  # the disc narrows: the disc is lit
    window.camera_animation.setCurrentTime(TWEEN_MS)  # the turn to the stage's view, done
    window.render()
    size = tuple(window.render_window.GetSize())
    shown = _grab(window.render_window)
    out = tmp_path / "stage2.png"
    write_screenshot(out, None, size, "degeneration", window.model)
    shot = _read_png(out)
    orange = np.array(HIGHLIGHT) * 255
    lit = [int((np.abs(img - orange).max(axis=1) < 60).sum()) for img in (shown, shot)]
    assert lit[0] > 500 and abs(lit[0] - lit[1]) < 0.05 * lit[0]  # the lit disc, in both
    assert np.abs(shown - shot).mean() < 2.0  # the same picture, but for a few edge pixels


def test_d_the_film_sets_the_pelvis_once_a_beat_and_the_checkbox_follows(window):
    window.show_story("injection")
    check = window.panel.visibility["pelvis"]
    assert check.isChecked()  # the film showed the pelvis for the harvest, and the panel says so
    check.setChecked(False)  # the user hides it
    film = window.model
    for t in (1.0, 2.0, 5.0):  # the harvest goes on: the film leaves the user's choice alone
        film.set_time(t)
        assert not window.scene.group_visible["pelvis"]
    film.set_time(20.0)  # a new beat (processing): the film fades the pelvis as it does
    assert not window.scene.group_visible["pelvis"] and not check.isChecked()
    window.show_story("degeneration")
    assert not check.isChecked()


def test_the_films_camera_turns_with_film_time_as_a_screenshot_at_that_time_shows_it(window):
    from explainer.render.layers import shot_pose

    window.show_story("injection")
    film, layer = window.model, window.layers["injection"]
    film.set_time(25.5)  # just before the C-arm's beat
    window.camera_animation.setCurrentTime(TWEEN_MS)  # the jump's own turn, done
    window.set_playing(True)
    for _ in range(26):  # 0.858 s of film: into the beat's turn, not through it
        tick(window, 0.033)
    assert 26.0 < film.time < 26.0 + 0.7
    expected = shot_pose(window.scene, layer.shot(film), film.time)
    got = window.scene.camera_pose()
    np.testing.assert_allclose(got.position, expected.position, atol=1e-6)
    np.testing.assert_allclose(got.up, expected.up, atol=1e-6)
    window.set_playing(False)

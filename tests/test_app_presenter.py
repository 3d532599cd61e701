"""Presenting: F5 / Shift+F5 / Esc, the presenter's window following the story, the elapsed time on the window's
hand clock, blanking and the keys that bring the picture back, the projector's text size, where each part goes on
one or two screens, and nothing left behind afterwards."""

from __future__ import annotations

import pytest
from conftest import shown_window
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from explainer.stories import STORIES
from explainer.ui.presenter import PROJECTOR_SHARE, PresenterWindow, place

LEFT, RIGHT = (0, 0, 1920, 1080), (1920, 0, 1920, 1080)


class FakeScreen:
    """A screen as the presentation reads one: its geometry, the part free of panels, its pixel ratio."""

    def __init__(self, rect):
        self.rect = QRect(*rect)

    def geometry(self) -> QRect:
        return self.rect

    def availableGeometry(self) -> QRect:
        return self.rect.adjusted(0, 0, 0, -40)

    def devicePixelRatio(self) -> float:
        return 1.0


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, active=True) as window:
        yield window


def presenters() -> list:
    """The presenter windows that exist now."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PresenterWindow)]


def freed(qtbot) -> None:
    """The event loop has run the deletions it was asked for, and no presenter's window is left."""
    qtbot.waitUntil(lambda: not presenters())


def test_place_gives_the_audience_the_other_screen():
    assert place([LEFT], (500, 500)) == (0, None)
    assert place([LEFT, RIGHT], (500, 500)) == (1, 0)
    assert place([LEFT, RIGHT], (2500, 500)) == (0, 1)
    assert place([LEFT, RIGHT], (-50, -50)) == (1, 0)  # off every screen: as if on the first
    assert place([LEFT, RIGHT, (3840, 0, 1280, 1024)], (4000, 10)) == (0, 2)


def test_f5_presents_from_the_start_and_esc_leaves(window, qtbot):
    size = window.size()
    shown = [part.isVisible() for part in window.menus.presentation.chrome()]
    window.model.step(+1)
    window.model.step(+1)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    presenting = window.menus.presentation
    assert presenting.active and window.model.position == 0
    assert window.isFullScreen()
    assert not any(part.isVisible() for part in presenting.chrome())
    assert window.view3d.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not presenting.active and not window.isFullScreen()
    assert [part.isVisible() for part in presenting.chrome()] == shown
    qtbot.waitUntil(lambda: window.size() == size)
    freed(qtbot)


def test_shift_f5_presents_from_here(window, qtbot):
    window.model.step(+1)
    window.model.step(+1)
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert window.menus.presentation.active and window.model.step_index == 2
    assert window.menus.presentation.presenter.count.text() == f"3 / {len(window.model.stops)}"
    window.menus.presentation.leave()


def test_the_presenter_follows_the_steps_and_the_story(window, qtbot):
    presenting = window.menus.presentation
    presenting.start(True, [FakeScreen(LEFT), FakeScreen(RIGHT)])
    presenter = presenting.presenter
    model = window.model
    assert presenter.count.text() == f"1 / {len(model.stops)}"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)  # the clicker's keys work from the presenter's window too
    assert model.step_index == 2
    assert presenter.count.text() == f"3 / {len(model.stops)}"
    assert presenter.title.text() == model.step_title(2)
    assert presenter.notes.toPlainText() == model.step_notes(2) and len(model.step_notes(2)) > 100
    assert presenter.next.text() == f"Next: {model.step_title(3)}"
    model.go_end()
    assert presenter.next.text() == "Next: the end of the story"
    other = tuple(STORIES)[-1]
    window.show_story(other)
    assert presenter.count.text() == f"1 / {len(window.model.stops)}"
    assert presenter.title.text() == window.model.step_title(0)
    assert presenter.notes.toPlainText() == window.model.step_notes(0)
    presenting.leave()


def test_elapsed_time_follows_the_windows_clock(window):
    presenting = window.menus.presentation
    window.clock.now = 100.0
    presenting.start(True)
    assert presenting.presenter.elapsed.text() == "0:00"
    window.clock.now += 65.4
    presenting.timer.timeout.emit()
    assert presenting.presenter.elapsed.text() == "1:05"
    presenting.leave()
    assert not presenting.timer.isActive()


def test_two_screens_the_presenter_on_the_windows_screen(window):
    presenting = window.menus.presentation
    presenting.start(True, [FakeScreen(LEFT), FakeScreen(RIGHT)])
    presenter = presenting.presenter
    assert presenter.isVisible()
    assert presenter.geometry().intersected(QRect(*LEFT)) == presenter.geometry()
    presenting.leave()


def test_one_screen_the_notes_come_with_n(window, qtbot):
    presenting = window.menus.presentation
    presenting.start(True, [FakeScreen(LEFT)])
    assert not presenting.presenter.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert presenting.presenter.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert not presenting.presenter.isVisible()
    presenting.leave()


def _centre_pixel(window):
    central = window.centralWidget()
    return central.grab().toImage().pixelColor(central.width() // 2, central.height() // 2).name()


@pytest.mark.parametrize(("key", "colour"), [(Qt.Key.Key_B, "#000000"), (Qt.Key.Key_Period, "#000000"),
                                             (Qt.Key.Key_W, "#ffffff")])
def test_blanking_and_any_key_brings_it_back(window, qtbot, key, colour):
    presenting = window.menus.presentation
    presenting.start(True, [FakeScreen(LEFT)])
    window.model.step(+1)
    qtbot.keyClick(window, key)
    assert presenting.blanked and not window.view3d.isVisible()
    assert _centre_pixel(window) == colour
    qtbot.keyClick(window, Qt.Key.Key_Shift)  # a modifier alone is no key
    assert presenting.blanked
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert not presenting.blanked and window.view3d.isVisible()
    assert window.model.step_index == 1  # the key that brought it back did nothing else
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.model.step_index == 2
    presenting.leave()


def test_audience_text_is_large_enough_for_a_projector(window):
    scene = window.scene
    before = {style: style.GetFontSize() for style in scene._text_styles()}
    presenting = window.menus.presentation
    presenting.start(True, [FakeScreen(LEFT)])
    least = PROJECTOR_SHARE * LEFT[3]
    assert all(style.GetFontSize() >= least for style in scene._text_styles())
    caption = presenting._caption
    assert " ".join(caption.GetInput().split()) == window.model.captions(window.session.depth)[0][2]  # wrapped
    assert caption.GetTextProperty().GetFontSize() >= least
    presenting.leave()
    assert {style: style.GetFontSize() for style in scene._text_styles()} == before


def test_closing_the_window_while_presenting_frees_it_all(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        window.menus.presentation.start(True, [FakeScreen(LEFT), FakeScreen(RIGHT)])
        assert presenters()
    assert not window.menus.presentation.active
    freed(qtbot)

"""The real window on a virtual X display: panel controls, presets, picking and clean closing."""

import numpy as np
import pytest
from conftest import display_point, front_point, shown_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

from explainer.stories.camera import PRESETS, tween
from explainer.ui.panel import NO_SELECTION
from explainer.ui.window import TWEEN_MS, MainWindow


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, hand_clock=False) as window:
        yield window


def _widget_pos(window, point) -> QPoint:
    """Qt widget coordinates (origin top-left) of a world point in the 3D view."""
    x, y = display_point(window.scene.renderer, point)
    return QPoint(x, window.view3d.height() - 1 - y)


def test_closing_finalizes_the_render_window(window):
    render_window = window.render_window
    assert render_window.GetGenericDisplayId() is not None
    window.close()
    assert render_window.GetGenericDisplayId() is None  # Finalize() released the X display and context
    assert not render_window.IsCurrent()


def test_the_3d_view_takes_most_of_the_window(window):
    assert window.view3d.width() > 2 * window.panel.width()


def test_group_checkbox_and_slider_drive_the_scene(window, spine):
    discs = [window.scene.actors[s.name] for s in spine.group("discs")]
    window.panel.visibility["discs"].setChecked(False)
    assert not any(actor.GetVisibility() for actor in discs)
    window.panel.visibility["discs"].setChecked(True)
    window.panel.opacity["discs"].setValue(30)
    assert all(actor.GetVisibility() for actor in discs)
    assert discs[0].GetProperty().GetOpacity() == pytest.approx(0.3 * window.scene.materials["disc_L1-L2"].opacity)


def test_labels_checkbox(window):
    window.panel.labels.setChecked(False)
    assert not any(label.GetVisibility() for label in window.scene.labels)
    window.panel.labels.setChecked(True)
    shown, _, _ = window.scene.layout_labels()
    assert shown.any()
    assert [bool(label.GetVisibility()) for label in window.scene.labels] == list(shown)


@pytest.mark.parametrize("view", PRESETS)
def test_preset_button_turns_the_camera_smoothly_to_the_preset(window, view):
    start = window.scene.camera_pose()
    window.panel.view_buttons[view].click()
    animation = window.camera_animation
    assert window.scene.renderer.GetUseFXAA() is False  # moving: fast frames
    end = window._move[1]
    animation.setCurrentTime(TWEEN_MS // 2)  # advance t by hand: no waiting on the clock
    np.testing.assert_allclose(window.scene.camera_pose().direction, tween(start, end, 0.5).direction, atol=1e-6)
    animation.setCurrentTime(TWEEN_MS)
    direction = np.asarray(PRESETS[view][0]) / np.linalg.norm(PRESETS[view][0])
    np.testing.assert_allclose(window.scene.camera_pose().direction, direction, atol=1e-6)
    assert window.scene.renderer.GetUseFXAA()  # still again: the fine frame


def test_click_highlights_and_names_the_structure(window, qtbot, spine):
    window.scene.set_pose(window.scene.preset_pose("anterior"))
    window.render_window.Render()
    pos = _widget_pos(window, front_point(spine.structures["L3"]))
    qtbot.mouseClick(window.view3d, Qt.MouseButton.LeftButton, pos=pos)
    assert window.scene.selected == "L3"
    assert window.panel.selection.text() == spine.structures["L3"].label
    qtbot.mouseClick(window.view3d, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert window.scene.selected is None
    assert window.panel.selection.text() == NO_SELECTION


def test_hover_names_the_structure_in_a_tooltip(window, qtbot, spine):
    window.scene.set_pose(window.scene.preset_pose("anterior"))
    window.render_window.Render()
    qtbot.mouseMove(window.view3d, _widget_pos(window, front_point(spine.structures["L2"])))
    qtbot.waitUntil(lambda: QToolTip.text() == spine.structures["L2"].label)


def test_reset_view_clears_the_selection_and_returns_to_the_default(window):
    window.select("L4")
    window.reset_view()
    window.camera_animation.setCurrentTime(TWEEN_MS)
    assert window.scene.selected is None
    np.testing.assert_allclose(window.scene.camera_pose().position, window._move[1].position, atol=1e-6)


def _drag(window, qtbot, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(window.view3d, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(window.view3d, start + (end - start) * k / 5)
    qtbot.mouseRelease(window.view3d, Qt.MouseButton.LeftButton, pos=end)


def test_a_drag_draws_the_coarse_set_then_one_fine_frame_without_adding_actors(window, qtbot, spine):
    scene, renderer = window.scene, window.scene.renderer
    count = renderer.GetActors().GetNumberOfItems()
    frames = []
    window.render_window.AddObserver("StartEvent", lambda *_: frames.append(scene.moving))
    _drag(window, qtbot, QPoint(300, 300), QPoint(400, 320))
    assert frames[0] is True and frames[-1] is False  # coarse while moving, then the still frame
    assert frames.count(False) == 1  # exactly one fine frame when the drag ends
    assert renderer.GetActors().GetNumberOfItems() == count
    assert not scene.moving and renderer.GetUseFXAA()
    for name, structure in spine.structures.items():
        assert scene.actors[name].GetVisibility() == scene.group_visible[structure.group]
        assert not scene.coarse_actors[name].GetVisibility()


def test_the_wheel_settles_into_one_fine_frame(window, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    frames = []
    window.render_window.AddObserver("StartEvent", lambda *_: frames.append(window.scene.moving))
    centre = QPointF(window.view3d.width() / 2, window.view3d.height() / 2)
    for _ in range(3):
        QApplication.sendEvent(window.view3d, QWheelEvent(
            centre, window.view3d.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert frames and all(frames)  # every wheel step drew the coarse set
    qtbot.waitUntil(lambda: not window.scene.moving)
    assert frames.count(False) == 1 and window.scene.renderer.GetUseFXAA()


def test_window_without_opengl_shows_a_message_and_exits_1(qtbot, monkeypatch, capsys, spine):
    from PySide6.QtWidgets import QMessageBox

    import explainer.ui.launch as launch
    import explainer.ui.window as window_module

    class NoOpenGL:
        def SupportsOpenGL(self) -> bool:  # noqa: N802 (VTK's name)
            return False

    class Window(MainWindow):
        def __init__(self, spine, session=None):
            super().__init__(spine, session)
            self.real_render_window, self.render_window = self.render_window, NoOpenGL()

    shown = []
    monkeypatch.setattr(window_module, "MainWindow", Window)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(launch, "_load_model", lambda progress: spine)
    assert launch.run() == 1
    assert len(shown) == 1 and "OpenGL" in shown[0]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no usable OpenGL" in err

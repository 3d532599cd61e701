"""The thin Qt window: the 3D view of the Scene beside the control panel, and the mouse and camera glue."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer, QVariantAnimation
from PySide6.QtGui import QCloseEvent, QCursor, QFont
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QMessageBox, QToolTip, QWidget
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera

from explainer.camera import DEFAULT_VIEW, Pose, tween
from explainer.panel import ControlPanel
from explainer.scene import OpenGLUnavailable, Scene, require_opengl
from meshes import GROUPS, Spine, build_spine

TWEEN_MS = 700  # long enough to follow the turn, short enough not to wait for it
HOVER_MS = 120  # at most one hover pick this often: a pick costs about a frame
CLICK_SLOP = 4  # pixels a press may move and still count as a click, not a drag
SETTLE_MS = 150  # the wheel has rested this long: draw the fine, anti-aliased frame


class MainWindow(QMainWindow):
    """The 3D view takes most of the window; the panel beside it drives the scene."""

    def __init__(self, spine: Spine):
        super().__init__()
        self.setWindowTitle("Lumbar Explainer")
        self.scene = Scene(spine)
        self.view3d = QVTKRenderWindowInteractor(self)
        self.render_window = self.view3d.GetRenderWindow()
        self.scene.attach(self.render_window)
        self.view3d.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        self.panel = ControlPanel([g for g in GROUPS if spine.group(g)])
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view3d, 1)
        layout.addWidget(self.panel)
        self.setCentralWidget(central)
        self._connect_panel()
        self._connect_mouse()
        self.camera_animation = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=TWEEN_MS)
        self.camera_animation.valueChanged.connect(self._step_camera)
        self.camera_animation.finished.connect(self._still)
        self._move: tuple[Pose, Pose] | None = None
        self._framed = False
        self.resize(1440, 860)

    def _connect_panel(self) -> None:
        self.panel.group_visible.connect(lambda g, on: self._update(self.scene.set_group_visible, g, on))
        self.panel.group_opacity.connect(lambda g, v: self._update(self.scene.set_group_opacity, g, v))
        self.panel.labels_visible.connect(lambda on: self._update(self.scene.set_labels_visible, on))
        self.panel.view_requested.connect(self.go_to)
        self.panel.reset_requested.connect(self.reset_view)

    def _connect_mouse(self) -> None:
        self._press: tuple[int, int] | None = None
        self._hover_at: tuple[int, int] | None = None
        self._hover_timer = QTimer(self, singleShot=True, interval=HOVER_MS)
        self._hover_timer.timeout.connect(self._hover)
        for event, callback in (("LeftButtonPressEvent", self._on_press),
                                ("LeftButtonReleaseEvent", self._on_release),
                                ("MouseMoveEvent", self._on_move)):
            # passive: still called while the interactor style has grabbed the mouse during a drag
            self.view3d.GetCommand(self.view3d.AddObserver(event, callback)).SetPassiveObserver(True)
        for event in ("MouseWheelForwardEvent", "MouseWheelBackwardEvent"):
            self.view3d.GetCommand(self.view3d.AddObserver(event, self._on_wheel)).SetPassiveObserver(True)
        self._wheeling = False
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(self._settle)
        style = self.view3d.GetInteractorStyle()
        style.AddObserver("StartInteractionEvent", self._on_interaction_start)
        style.AddObserver("EndInteractionEvent", self._on_interaction_end)

    def _on_interaction_start(self, *_) -> None:
        """A drag or a wheel step begins: the coarse set, before the style draws its first moving frame."""
        self._settle_timer.stop()
        self.scene.set_moving(True)

    def _on_interaction_end(self, *_) -> None:
        """A drag ends: the fine set at once (the style draws one frame right after this event). A wheel
        step ends: wheel steps come in bursts, so the fine frame waits until the wheel has rested."""
        if self._wheeling:
            self._wheeling = False
            self._settle_timer.start()
        elif self.camera_animation.state() != QVariantAnimation.State.Running:
            self.scene.set_moving(False)

    def _on_wheel(self, *_) -> None:
        self._wheeling = True

    def _settle(self) -> None:
        if self.camera_animation.state() != QVariantAnimation.State.Running:
            self._still()

    def _update(self, change, *args) -> None:
        change(*args)
        self._render()

    def _render(self) -> None:
        """Draw a frame, unless the window is closed: a finalized render window must not draw again."""
        if self.view3d.isVisible():
            self.render_window.Render()

    def _still(self) -> None:
        """The camera stopped: draw one anti-aliased frame (see explainer.scene)."""
        self._update(self.scene.set_moving, False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._framed:  # the first time the view has its real size: frame the default preset
            self._framed = True
            self.scene.set_pose(self.scene.preset_pose(DEFAULT_VIEW))

    def go_to(self, view: str) -> None:
        """Turn the camera smoothly to preset `view`; the animation only advances t (see camera.tween)."""
        self.camera_animation.stop()
        self._move = (self.scene.camera_pose(), self.scene.preset_pose(view))
        self.scene.set_moving(True)
        self.camera_animation.start()

    def _step_camera(self, t: float) -> None:
        if self._move is not None:
            self.scene.set_pose(tween(*self._move, t))
            self._render()

    def reset_view(self) -> None:
        self.select(None)
        self.go_to(DEFAULT_VIEW)

    def select(self, name: str | None, render: bool = True) -> None:
        """Highlight structure `name` (None clears) and name it in the panel."""
        self.scene.highlight(name)
        self.panel.show_selection(self.scene.label(name) if name else None)
        if render:
            self._render()

    def _on_press(self, *_) -> None:
        self._press = self.view3d.GetEventPosition()
        QToolTip.hideText()

    def _on_release(self, *_) -> None:
        x, y = self.view3d.GetEventPosition()
        if self._press and abs(x - self._press[0]) + abs(y - self._press[1]) <= CLICK_SLOP:
            self.scene.set_moving(False)  # the press began an interaction; a click never moved the camera
            # no frame here: the interaction style draws one when the press's interaction ends, right after
            self.select(self.scene.pick(x, y), render=False)
        self._press = None

    def _on_move(self, *_) -> None:
        if self._press is None:
            self._hover_at = self.view3d.GetEventPosition()
            if not self._hover_timer.isActive():
                self._hover_timer.start()

    def _hover(self) -> None:
        """Name what is under the pointer in a tooltip (throttled by the hover timer)."""
        name = self.scene.pick(*self._hover_at) if self._hover_at and self._press is None else None
        if name:
            QToolTip.showText(QCursor.pos(), self.scene.label(name), self.view3d)
        else:
            QToolTip.hideText()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Free the OpenGL context and native window now, not whenever Python collects the widget."""
        self.camera_animation.stop()
        self._hover_timer.stop()
        self._settle_timer.stop()
        self.view3d.Finalize()
        super().closeEvent(event)


def run() -> int:
    """Open the window and run until it is closed; a clear message if OpenGL is missing."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Lumbar Explainer")
    font = QFont(app.font())
    font.setPointSize(14)
    app.setFont(font)
    window = MainWindow(build_spine())
    try:
        require_opengl(window.render_window)
    except OpenGLUnavailable as error:
        print(f"lumbar-explainer: error: {error}", file=sys.stderr)
        QMessageBox.critical(None, "Lumbar Explainer", f"Cannot show the 3D view: {error}.")
        return 1
    window.show()
    window.view3d.Initialize()
    return app.exec()

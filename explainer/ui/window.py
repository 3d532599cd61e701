"""The thin Qt window: the 3D view of the Scene beside the panels, playback, keys and the mouse.

It names no story.  Every story comes from the registry (explainer.stories.registry): its model from the
Session, its layer (explainer.render.layers) and its page (explainer.ui.pages) made the first time it is shown.
The window drives whichever is active through the same few calls.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera

from explainer.render.layers import Shot, make_layer, turn_progress
from explainer.render.scene import Scene
from explainer.stories import STORIES, Session, resolve
from explainer.stories.camera import DEFAULT_VIEW, Pose, tween
from explainer.stories.playback import tick_seconds
from explainer.stories.terms import structures_for
from explainer.ui.menus import Menus
from explainer.ui.pages import Page
from explainer.ui.panel import ControlPanel
from explainer.ui.text_size import Scrolled
from explainer.ui.topics import TopicsPanel
from meshes import GROUPS, Spine
from narration.claims import load_claims

log = logging.getLogger(__name__)

TWEEN_MS = 700  # long enough to follow the turn, short enough not to wait for it
HOVER_MS = 120  # at most one hover pick this often: a pick costs about a frame
CLICK_SLOP = 4  # pixels a press may move and still count as a click, not a drag
SETTLE_MS = 150  # the wheel has rested this long: draw the fine, anti-aliased frame


class MainWindow(QMainWindow):
    """The 3D view takes most of the window; the active story's page and the structure panel drive it."""

    story_shown = Signal(str)  # a story is on screen, its layer and page made (text size, presenting follow it)

    def __init__(self, spine: Spine, session: Session | None = None):
        super().__init__()
        self.setWindowTitle("Lumbar Explainer")
        self.scene = Scene(spine)
        self.view3d = QVTKRenderWindowInteractor(self)
        self.render_window = self.view3d.GetRenderWindow()
        self.scene.attach(self.render_window)
        self.view3d.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        self.view3d.setAccessibleName("3D model")
        self.view3d.setAccessibleDescription("The lumbar spine: drag to turn it, the wheel zooms, click a structure to "
                                             "name it")
        self.panel = ControlPanel([g for g in GROUPS if spine.group(g)])
        self.session = session or Session()
        self.layers: dict[str, object] = {}  # per story, made when first shown (see show_story)
        self.pages: dict[str, Page] = {}
        self.page_keys: dict[tuple[str, object], QShortcut] = {}  # a page's own keys, enabled while it is shown
        self._build()
        self.menus = Menus(self)
        self._connect_panel()
        self._connect_mouse()
        self.camera_animation = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=TWEEN_MS)
        self.camera_animation.valueChanged.connect(self._step_camera)
        self.camera_animation.finished.connect(self._still)
        self._move: tuple[Pose, Pose] | None = None
        self._framed = False
        self._connect_playback()
        self._shot_key: object = None
        self._story_turn: tuple[Shot, Pose] | None = None  # a shot turning with story time, and where it began
        self._stop_shown: int | None = None  # the stop nearest the position last shown (see _on_model)
        self._term: tuple[str, str, str] | None = None  # a clicked term lit, and the segment and side it was lit at
        self.show_story(next(iter(STORIES)))
        self.resize(1440, 860)

    def _build(self) -> None:
        """The 3D view with the active story's timeline under it; beside them the story and structure tabs."""
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.view3d, 1)
        self.control_pages = QStackedWidget()
        left.addWidget(self.control_pages)
        layout.addLayout(left, 1)
        self.side_tabs = QTabWidget()
        self.side_tabs.tabBar().setAccessibleName("Side panel")
        self.side_tabs.tabBar().setAccessibleDescription("The story, the structures and views, or the claims")
        self.side_tabs.addTab(Scrolled(self._story_tab()), "Story")
        self.side_tabs.addTab(Scrolled(self.panel), "Structures && views")
        self.topics = TopicsPanel(load_claims(), self.session)
        self.side_tabs.addTab(Scrolled(self.topics), "Claims")
        layout.addWidget(self.side_tabs)
        self.setCentralWidget(central)

    def _story_tab(self) -> QWidget:
        """The story chooser above the chosen story's panel."""
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 0, 0, 0)
        self.story_choice = QComboBox()
        self.story_choice.setAccessibleName("Story")
        self.story_choice.setAccessibleDescription("Which story the model tells")
        self.story_choice.addItems([kind.title for kind in STORIES.values()])
        self.story_choice.currentIndexChanged.connect(lambda i: self.show_story(tuple(STORIES)[i]))
        self.story_pages = QStackedWidget()
        column.addWidget(self.story_choice)
        column.addWidget(self.story_pages, 1)
        return tab

    def _connect_panel(self) -> None:
        self.panel.group_visible.connect(lambda g, on: self._update(self.scene.set_group_visible, g, on))
        self.panel.group_opacity.connect(lambda g, v: self._update(self.scene.set_group_opacity, g, v))
        self.panel.labels_visible.connect(lambda on: self._update(self.scene.set_labels_visible, on))
        self.panel.view_requested.connect(self.go_to)
        self.panel.reset_requested.connect(self.reset_view)
        self.scene.subscribe_groups(lambda g: self.panel.show_group(g, self.scene.group_visible[g],
                                                                    self.scene.group_opacity[g]))

    def _connect_playback(self) -> None:
        """Playback follows a clock; window-wide keys, as presentation clickers send them.  WindowShortcut: they
        work wherever the focus is in this window (the slider's and lists' own arrow keys are overridden)."""
        self.play_timer = QTimer(self, timerType=Qt.TimerType.PreciseTimer)
        self.play_timer.timeout.connect(self._play_step)
        self.clock: Callable[[], float] = time.monotonic  # playback follows it; tests put a hand-stepped one here
        self._ticked = 0.0  # the clock at the last playback tick
        keys = ((Qt.Key.Key_Right, lambda: self.model.step(+1)),
                (Qt.Key.Key_PageDown, lambda: self.model.step(+1)),
                (Qt.Key.Key_Left, lambda: self.model.step(-1)),
                (Qt.Key.Key_PageUp, lambda: self.model.step(-1)),
                (Qt.Key.Key_Home, lambda: self.model.go_home()),
                (Qt.Key.Key_End, lambda: self.model.go_end()),
                (Qt.Key.Key_Space, lambda: self.set_playing(not self.playing)),
                (Qt.Key.Key_F11, self.toggle_full_screen),
                (Qt.Key.Key_Escape, lambda: self.isFullScreen() and self.showNormal()))
        self.shortcuts = [self._shortcut(key, action) for key, action in keys]

    def _shortcut(self, key, action) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        return shortcut

    @property
    def active(self) -> str:
        """The name of the story on screen."""
        return self.session.active

    @property
    def model(self):
        """The active story's model: the one the keys, the timeline and playback drive."""
        return self.session.models[self.session.active]

    @property
    def layer(self):
        return self.layers[self.session.active]

    @property
    def page(self):
        return self.pages[self.session.active]

    @property
    def playing(self) -> bool:
        return self.play_timer.isActive()

    def show_story(self, name: str) -> None:
        """Put story `name` on screen: the shown one gives the scene back first (healthy), then this one's
        layer (made now if new: it plans on the healthy spine) takes it, with its page and timeline."""
        if name == self.session.active:
            return
        self.set_playing(False)
        if self.session.active is not None:
            self.layer.detach()
            self._light_term(None)
        self.session.show(name)
        if name not in self.layers:
            self._make_story(name)
        self.layer.attach()
        self.story_pages.setCurrentWidget(self.page.panel)
        self.control_pages.setCurrentWidget(self.page.controls)
        for key, shortcut in self.page_keys.items():
            shortcut.setEnabled(key[0] == name)
        self.play_timer.setInterval(self.page.tick_ms)
        self.story_choice.blockSignals(True)
        self.story_choice.setCurrentIndex(tuple(STORIES).index(name))
        self.story_choice.blockSignals(False)
        self._shot_key, self._stop_shown = None, _nearest_stop(self.model)
        self._follow_shot(self.model, turn=self._framed)  # before the first show, showEvent frames the view
        self.story_shown.emit(name)
        self.render()

    def _make_story(self, name: str) -> None:
        """Story `name`'s layer and page, from the registry (the film's X-ray model takes about a second)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            model = self.session.model(name)
            self.layers[name] = make_layer(name, self.scene, model)
            page = resolve(STORIES[name].page)(model, self.layers[name], self)
            self.pages[name] = page
            self.story_pages.addWidget(page.panel)
            self.control_pages.addWidget(page.controls)
            page.controls.play.toggled.connect(self.set_playing)
            page.controls.slider.sliderPressed.connect(self._start_scrub)
            page.controls.slider.sliderReleased.connect(self._settle)  # one fine frame (unless the camera turns)
            for key, action in page.keys.items():
                self.page_keys[(name, key)] = self._shortcut(key, action)
            page.leave_model = model.subscribe(self._on_model)
            if page.notice:
                log.warning("%s", page.notice)
                self.statusBar().showMessage(page.notice)
        finally:
            QApplication.restoreOverrideCursor()

    def set_playing(self, on: bool) -> None:
        """Play from here (from the start when at the end) or pause; pausing draws one fine frame."""
        if self.session.active not in self.pages:  # closed
            return
        model = self.model
        if on == self.playing:
            self.page.controls.show_playing(on)
            return
        if on:
            if model.position >= model.last:
                model.go_home()
            self.scene.set_moving(True)  # a camera turn under way goes on: the ticks draw it
            self._ticked = self.clock()
            self.play_timer.start()
        else:
            self.play_timer.stop()
            self._settle()
        self.page.controls.show_playing(on)

    def _play_step(self) -> None:
        """One playback tick: the story moves on by the clock time since the last tick at its rate, so a late
        tick drops a frame instead of stretching the story; at the end, playback stops."""
        model = self.model
        now = self.clock()
        elapsed, self._ticked = tick_seconds(now, self._ticked), now
        model.advance(elapsed)
        if model.position >= model.last:
            self.set_playing(False)

    def _on_model(self, model) -> None:
        """A story's model changed (its layer has already followed it): light frames while scrubbing or
        playing, a clicked term's light gone at a new stop, the camera turned to a new shot, then a frame."""
        if model is not self.model:
            return
        scrubbing = self.page.controls.slider.isSliderDown()
        if (scrubbing or self.playing) and not self.scene.moving:
            self.scene.set_moving(True)
        stop = _nearest_stop(model)
        if stop != self._stop_shown:
            self._stop_shown = stop
            self._light_term(None)
        elif self._term and self._term[1:] != (model.level, model.side):
            self._light_term(self._term[0])  # the term's structures, at the new segment or side
        if not scrubbing and (self.layer.camera_follows_play or not self.playing):
            self._follow_shot(model)
        self.render()

    def _follow_shot(self, model, turn: bool = True) -> None:
        """Turn the camera to the layer's shot for this point of the story when it is a new one.  While the
        story plays into a shot that turns with story time, the story's time turns it (as a screenshot or a video
        frame at that time shows it); otherwise (a step, a jump) the camera turns in the window's own time."""
        shot: Shot | None = self.layer.shot(model)
        key = None if shot is None else shot.key
        if turn and key is not None and key != self._shot_key:
            if self.playing and turn_progress(shot, model.position) < 1.0:  # the film crossed into this shot
                self.camera_animation.stop()
                self._story_turn = (shot, self.scene.camera_pose())
            else:
                self._story_turn = None
                self.go_to(shot.view, shot.bounds, shot.mirror)
        self._shot_key = key
        if self._story_turn is not None and self.playing:
            self._turn_with_story(model)

    def _turn_with_story(self, model) -> None:
        """The camera part way through a story-time turn, from where it was when the shot began."""
        shot, start = self._story_turn
        progress = turn_progress(shot, model.position)
        self.scene.set_pose(tween(start, self.scene.preset_pose(shot.view, shot.bounds, shot.mirror), progress))
        if progress >= 1.0:
            self._story_turn = None

    def show_term(self, term: str) -> None:
        """A term in the text was clicked: light its structures in 3D (until the story reaches another stop) and
        name them in the status bar."""
        names = self._light_term(term)
        labels = ", ".join(self.scene.label(n) for n in names)
        self.statusBar().showMessage(f"{term}: {labels}" if labels else f"{term}: not in this model")
        self.render()

    def _light_term(self, term: str | None) -> list[str]:
        """Light what `term` means at the model's segment and side (None: no term); those structures."""
        model = self.model
        names = structures_for(term, model.level, model.side, self.scene.actors) if term else []
        self._term = (term, model.level, model.side) if term else None
        self.scene.set_lit("term", names)
        return names

    def toggle_full_screen(self) -> None:
        """F11: the whole screen for a talk, and back (Esc also leaves it)."""
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def turn_to(self, pose: Pose) -> None:
        """Move the camera smoothly from where it is to `pose` (the animation only advances t: camera.tween)."""
        self.camera_animation.stop()
        self._move = (self.scene.camera_pose(), pose)
        self.scene.set_moving(True)
        self.camera_animation.start()

    def go_to(self, view: str, bounds: tuple[float, ...] | None = None, mirror: bool = False) -> None:
        """Turn the camera smoothly to preset `view` (mirrored: from the right) framing `bounds` (default: the
        whole spine), beside any inset."""
        self.turn_to(self.scene.preset_pose(view, bounds, mirror))

    def _step_camera(self, t: float) -> None:
        if self._move is not None:
            self.scene.set_pose(tween(*self._move, t))
            if not self.playing:  # while playing, the story's own tick draws the frame: one render per tick
                self.render()

    def reset_view(self) -> None:
        self.select(None)
        self.go_to(DEFAULT_VIEW)

    def select(self, name: str | None, render: bool = True) -> None:
        """Select structure `name` (None clears) and name it in the panel."""
        self.scene.select(name)
        self.panel.show_selection(self.scene.label(name) if name else None)
        if render:
            self.render()

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

    def _start_scrub(self) -> None:
        """The timeline's handle is taken: playback pauses and frames are light from the first step on."""
        self.set_playing(False)
        self.scene.set_moving(True)

    def _settle(self) -> None:
        if self.camera_animation.state() != QVariantAnimation.State.Running:
            self._still()

    def _update(self, change, *args) -> None:
        change(*args)
        self.render()

    def render(self) -> None:
        """Draw a frame, unless the window is closed: a finalized render window must not draw again."""
        if self.view3d.isVisible():
            self.render_window.Render()

    def _still(self) -> None:
        """The camera stopped: draw one anti-aliased frame, with the layer's full-quality state (the fine meshes
        where they were left behind in motion, the inset's full image).  Not while playing: the pause draws it."""
        if self.playing or self.session.active not in self.layers:  # playing, or closed
            return
        self.scene.set_moving(False)
        self.layer.apply(self.model)
        self.render()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._framed:  # the first time the view has its real size: frame the default preset
            self._framed = True
            self.scene.set_pose(self.scene.preset_pose(DEFAULT_VIEW))

    def _on_press(self, *_) -> None:
        self._press = self.view3d.GetEventPosition()
        QToolTip.hideText()

    def _on_release(self, *_) -> None:
        x, y = self.view3d.GetEventPosition()
        if self._press and abs(x - self._press[0]) + abs(y - self._press[1]) <= CLICK_SLOP:
            self.scene.set_moving(False)  # the press began an interaction; a click never moved the camera
            # no frame here: the interaction style draws one when the press's interaction ends, right after
            clicked = getattr(self.page, "clicked", None)  # a page may take the click (a pin, a quiz answer)
            if clicked is None or not clicked(x, y):
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
        self.play_timer.stop()
        for name, page in list(self.pages.items()):  # a window may be closed twice: each only once
            page.leave_model()
            page.leave()
            self.layers[name].close()
        self.pages.clear()
        self.layers.clear()
        self.camera_animation.stop()
        self._hover_timer.stop()
        self._settle_timer.stop()
        self.view3d.Finalize()
        super().closeEvent(event)


def _nearest_stop(model) -> int:
    """The index of the stop nearest the model's position (a stage, a phase's start)."""
    return min(range(len(model.stops)), key=lambda i: abs(model.stops[i] - model.position))

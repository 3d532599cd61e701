"""The thin Qt window: the 3D view of the Scene beside the control panel, and the mouse and camera glue."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QVariantAnimation
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

from explainer.camera import DEFAULT_VIEW, Pose, tween
from explainer.degeneration import DegenerationView
from explainer.materials import HIGHLIGHT
from explainer.panel import ControlPanel
from explainer.playback import tick_seconds
from explainer.procedure import ProcedureModel
from explainer.scene import Scene
from explainer.story import StoryModel
from explainer.story_panel import StoryControls, StoryPanel
from explainer.terms import structures_for, structures_for_kinds
from meshes import GROUPS, Spine
from narration import StoryText, load_cues, load_story

log = logging.getLogger(__name__)

STORY_TITLES = {"degeneration": "The degeneration cascade", "injection": "A guided injection"}
TWEEN_MS = 700  # long enough to follow the turn, short enough not to wait for it
HOVER_MS = 120  # at most one hover pick this often: a pick costs about a frame
CLICK_SLOP = 4  # pixels a press may move and still count as a click, not a drag
SETTLE_MS = 150  # the wheel has rested this long: draw the fine, anti-aliased frame
PLAY_MS = 40  # how often playback of the degeneration story draws a frame
PLAY_SPEED = 0.5  # stages per second while playing: two seconds from one stage to the next
FILM_MS = 33  # how often the injection film draws a frame: 30 frames a second


class MainWindow(QMainWindow):
    """The 3D view takes most of the window; the panel beside it drives the scene."""

    def __init__(self, spine: Spine, story: StoryText | None = None, model: StoryModel | None = None):
        super().__init__()
        self.setWindowTitle("Lumbar Explainer")
        self.scene = Scene(spine)
        self.view3d = QVTKRenderWindowInteractor(self)
        self.render_window = self.view3d.GetRenderWindow()
        self.scene.attach(self.render_window)
        self.view3d.SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        self.panel = ControlPanel([g for g in GROUPS if spine.group(g)])
        self.model = model or StoryModel()
        self.story = story if story is not None else load_story("degeneration")
        self.degeneration = DegenerationView(self.scene, self.model)  # subscribed first: geometry before frames
        self.story_panel = StoryPanel(self.model, self.story)
        self.story_controls = StoryControls(self.model)
        self.procedure: ProcedureModel | None = None  # the injection story: made when first chosen
        self.injection = None  # its InjectionView
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.view3d, 1)
        self.control_pages = QStackedWidget()
        self.control_pages.addWidget(self.story_controls)
        self.control_pages.setSizePolicy(self.story_controls.sizePolicy())
        left.addWidget(self.control_pages)
        layout.addLayout(left, 1)
        # right-hand side: the story first; the existing structure and view controls one tab away
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self._story_tab(), "Story")
        self.side_tabs.addTab(self.panel, "Structures && views")
        layout.addWidget(self.side_tabs)
        self.setCentralWidget(central)
        self._connect_panel()
        self._connect_mouse()
        self.camera_animation = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=TWEEN_MS)
        self.camera_animation.valueChanged.connect(self._step_camera)
        self.camera_animation.finished.connect(self._still)
        self._move: tuple[Pose, Pose] | None = None
        self._framed = False
        self._connect_story()
        self.resize(1440, 860)

    def _story_tab(self) -> QWidget:
        """The story chooser above the chosen story's panel."""
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 0, 0, 0)
        self.story_choice = QComboBox()
        self.story_choice.addItems(list(STORY_TITLES.values()))
        self.story_choice.currentIndexChanged.connect(lambda i: self.show_story(tuple(STORY_TITLES)[i]))
        self.story_pages = QStackedWidget()
        self.story_pages.addWidget(self.story_panel)
        column.addWidget(self.story_choice)
        column.addWidget(self.story_pages, 1)
        return tab

    def _connect_panel(self) -> None:
        self.panel.group_visible.connect(lambda g, on: self._update(self.scene.set_group_visible, g, on))
        self.panel.group_opacity.connect(lambda g, v: self._update(self.scene.set_group_opacity, g, v))
        self.panel.labels_visible.connect(lambda on: self._update(self.scene.set_labels_visible, on))
        self.panel.view_requested.connect(self.go_to)
        self.panel.reset_requested.connect(self.reset_view)

    def _connect_story(self) -> None:
        """The window's part in the story: frames after each model change, playback, keys, camera per stage."""
        self.active = "degeneration"
        self.play_timer = QTimer(self, interval=PLAY_MS, timerType=Qt.TimerType.PreciseTimer)
        self.play_timer.timeout.connect(self._play_step)
        self.clock: Callable[[], float] = time.monotonic  # playback follows it; tests put a hand-stepped one here
        self._ticked = 0.0  # the clock at the last playback tick
        self.story_controls.play.toggled.connect(self.set_playing)
        self.story_controls.section.toggled.connect(self.show_section)
        slider = self.story_controls.slider
        slider.sliderPressed.connect(self._start_scrub)
        slider.sliderReleased.connect(self._settle)  # scrubbing ends: one fine frame (unless the camera turns)
        # Window-wide keys, as presentation clickers send them.  WindowShortcut: they work wherever the focus is
        # in this window, the timeline slider and the stage list included (their own arrow keys are overridden;
        # the slider still scrubs with the mouse, the list still takes clicks).
        keys = ((Qt.Key.Key_Right, lambda: self.active_model.step(+1)),
                (Qt.Key.Key_PageDown, lambda: self.active_model.step(+1)),
                (Qt.Key.Key_Left, lambda: self.active_model.step(-1)),
                (Qt.Key.Key_PageUp, lambda: self.active_model.step(-1)),
                (Qt.Key.Key_Home, lambda: self.active_model.go_home()),
                (Qt.Key.Key_End, lambda: self.active_model.go_end()),
                (Qt.Key.Key_Space, lambda: self.set_playing(not self.playing)),
                (Qt.Key.Key_X, self._toggle_section),
                (Qt.Key.Key_F11, self.toggle_full_screen),
                (Qt.Key.Key_Escape, lambda: self.isFullScreen() and self.showNormal()))
        self.shortcuts = []
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)
        self._shown_position = self.model.position
        # What is lit, in one place: its source (the stage's kinds, or a clicked term) and the colours it covered.
        self._lit_source: tuple[str, object] = ("stage", self.model.stage.highlight)
        self._lit_stage = self.model.stage_index
        self._lit_names: list[str] = []  # what the source means here (the nucleus included)
        self._lit: dict[str, tuple[float, float, float]] = {}  # what is coloured, with the colour it covered
        self.story_panel.term_clicked.connect(self.show_term)
        self._follow_highlight(self.model)
        self._leave_story = self.model.subscribe(self._on_story)
        if self.story.problems:
            message = (f"Narration: {len(self.story.problems)} file problem(s), e.g. {self.story.problems[0]}"
                       " (placeholder text shown)")
            log.warning("%s", message)
            self.statusBar().showMessage(message)

    @property
    def playing(self) -> bool:
        return self.play_timer.isActive()

    @property
    def active_model(self) -> StoryModel | ProcedureModel:
        """The model of the story on screen: the one the keys, the timeline and playback drive."""
        return self.procedure if self.active == "injection" else self.model

    @property
    def active_controls(self) -> StoryControls:
        return self.control_pages.currentWidget()

    def set_playing(self, on: bool) -> None:
        """Play from here (from the start when at the end) or pause; pausing draws one fine frame."""
        model = self.active_model
        if on == self.playing:
            self.active_controls.show_playing(on)
            return
        if on:
            if model.position >= model.last:
                model.go_home()
            self.scene.set_moving(True)  # a camera turn under way goes on: the film's ticks draw it
            self._ticked = self.clock()
            self.play_timer.start()
        else:
            self.play_timer.stop()
            self._settle()
        self.active_controls.show_playing(on)

    def toggle_full_screen(self) -> None:
        """F11: the whole screen for a talk, and back (Esc also leaves it)."""
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _toggle_section(self) -> None:
        """X: the degeneration story's cross-section; the film has none."""
        if self.active == "degeneration":
            self.story_controls.section.toggle()

    def show_section(self, on: bool) -> None:
        """The axial cross-section inset on or off; the picture slides aside to make room for it (or back),
        keeping the user's turn and zoom."""
        before = sum(self.scene.free_span()) / 2
        self.degeneration.section.set_visible(on)
        self._turn_to(self.scene.panned(before - sum(self.scene.free_span()) / 2))

    def _turn_to(self, pose: Pose) -> None:
        """Move the camera smoothly from where it is to `pose` (the animation only advances t: camera.tween)."""
        self.camera_animation.stop()
        self._move = (self.scene.camera_pose(), pose)
        self.scene.set_moving(True)
        self.camera_animation.start()

    def _play_step(self) -> None:
        """One playback tick: the story moves on by the clock time since the last tick (stages, or seconds at
        the chosen speed), so a late tick drops a frame instead of stretching the story; at the end, playback
        stops."""
        model = self.active_model
        now = self.clock()
        elapsed, self._ticked = tick_seconds(now, self._ticked), now
        rate = model.speed if model is self.procedure else PLAY_SPEED
        model.set_position(model.position + elapsed * rate)
        if model.position >= model.last:
            self.set_playing(False)

    def show_story(self, name: str) -> None:
        """Put story `name` ("degeneration" or "injection") on screen: its panel, timeline and scene."""
        if name == self.active:
            return
        self.set_playing(False)
        if name == "injection" and self.procedure is None:
            self._make_injection()
        self.active = name
        injection = name == "injection"
        self.light([] if injection else self._highlight_names(self.model))
        self.degeneration.set_active(not injection)
        if self.injection is not None:
            self.injection.set_active(injection)
        self.story_pages.setCurrentIndex(int(injection))
        self.control_pages.setCurrentIndex(int(injection))
        self.play_timer.setInterval(FILM_MS if injection else PLAY_MS)
        self.story_choice.blockSignals(True)
        self.story_choice.setCurrentIndex(tuple(STORY_TITLES).index(name))
        self.story_choice.blockSignals(False)
        if injection:
            self._beat = None
            self._on_procedure(self.procedure)
        else:
            self.go_to(self.model.stage.view, self.degeneration.focus_bounds() if self.model.stage_index else None,
                       self.model.side == "right")

    def _make_injection(self) -> None:
        """The injection story's model, panel, timeline and scene view (its X-ray model takes about a second)."""
        from explainer.cue_panel import CuePanel, ProcedureControls  # not needed for a start-up: imported here
        from explainer.injection import InjectionView

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.procedure = ProcedureModel(level=self.model.level, side=self.model.side)
            self.injection = InjectionView(self.scene, self.procedure)
            self.cue_panel = CuePanel(self.procedure, load_cues())
            self.cue_panel.depth_changed.connect(self._depth_for_film)
            self.procedure_controls = ProcedureControls(self.procedure)
            self.procedure_controls.play.toggled.connect(self.set_playing)
            slider = self.procedure_controls.slider
            slider.sliderPressed.connect(self._start_scrub)
            slider.sliderReleased.connect(self._settle)
            self.story_pages.addWidget(self.cue_panel)
            self.control_pages.addWidget(self.procedure_controls)
            self._leave_procedure = self.procedure.subscribe(self._on_procedure)
            if self.cue_panel.cues.problems:
                self.statusBar().showMessage(f"Narration cues: {self.cue_panel.cues.problems[0]}")
        finally:
            QApplication.restoreOverrideCursor()

    def _depth_for_film(self, depth: str) -> None:
        """Students see the Scotty dog named on the oblique fluoroscopy view."""
        self.injection.fluoro.set_labels(depth == "student")
        self.injection.update(self.procedure)
        self._render()

    def _on_procedure(self, model: ProcedureModel) -> None:
        """The film moved: light frames while playing or scrubbing; a new camera beat turns the camera."""
        beat = self.injection.camera_beat(model.time)
        scrubbing = self.procedure_controls.slider.isSliderDown()
        if (scrubbing or self.playing) and not self.scene.moving:
            self.scene.set_moving(True)
        if beat != self._beat and not scrubbing:
            self._beat = beat
            self.go_to(*self.injection.camera_for(beat))
        self._render()

    def _on_story(self, model: StoryModel) -> None:
        """The model changed (the 3D scene has already followed it): draw a frame.  Scrubbing or playing:
        light frames.  A step that lands on a whole stage: turn the camera smoothly to that stage's view."""
        moved = model.position != self._shown_position
        self._shown_position = model.position
        self._follow_highlight(model)
        if self.story_controls.slider.isSliderDown() or self.playing:
            if not self.scene.moving:
                self.scene.set_moving(True)
        elif moved and model.position == model.stage_index:  # the first stage shows the whole spine, the rest zoom in
            self.go_to(model.stage.view, self.degeneration.focus_bounds() if model.stage_index else None,
                       model.side == "right")
        self._render()

    def _highlight_names(self, model: StoryModel) -> list[str]:
        """The structures the current highlight source means for the model's segment and side."""
        kind, value = self._lit_source
        names = self.scene.actors
        if kind == "term":
            return structures_for(str(value), model.level, model.side, names)
        return structures_for_kinds(value, model.level, model.side, names)

    def _follow_highlight(self, model: StoryModel) -> None:
        """A new stage lights its own kinds (replacing a clicked term); a new segment moves the light there."""
        if model.stage_index != self._lit_stage:
            self._lit_stage = model.stage_index
            self._lit_source = ("stage", model.stage.highlight)
        names = self._highlight_names(model)
        if names != self._lit_names:
            self.light(names)

    def show_term(self, term: str) -> None:
        """A term in the text was clicked: light its structures in 3D and name them in the status bar."""
        self._lit_source = ("term", term)
        names = self._highlight_names(self.model)
        self.light(names)
        labels = ", ".join(self.scene.label(n) for n in names)
        self.statusBar().showMessage(f"{term}: {labels}" if labels else f"{term}: not in this model")
        self._render()

    def light(self, names: list[str]) -> None:
        """Colour `names` in the highlight colour, first giving the previously lit ones back their colours.
        The nucleus is left out: its colour is the DegenerationView's T2 signal, which changes as the story moves.
        A sheet showing the facet-load heat map drops its map while lit, or the highlight could not show."""
        for name, (colour, mapped) in self._lit.items():
            self.scene.actors[name].GetProperty().SetColor(*colour)
            self._show_scalars(name, mapped)
        self._lit, self._lit_names = {}, list(names)
        for name in names:
            if name.startswith("nucleus_"):
                continue
            prop = self.scene.actors[name].GetProperty()  # shared with the coarse actor
            self._lit[name] = (prop.GetColor(), bool(self.scene.actors[name].GetMapper().GetScalarVisibility()))
            self._show_scalars(name, False)
            prop.SetColor(*HIGHLIGHT)

    def _show_scalars(self, name: str, on: bool) -> None:
        for actor in (self.scene.actors[name], self.scene.coarse_actors[name]):
            actor.GetMapper().SetScalarVisibility(on)

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
        self._render()

    def _render(self) -> None:
        """Draw a frame, unless the window is closed: a finalized render window must not draw again."""
        if self.view3d.isVisible():
            self.render_window.Render()

    def _still(self) -> None:
        """The camera stopped: draw one anti-aliased frame (see explainer.scene), with the fluoroscopy's full
        image if the C-arm stopped mid-turn and the fine meshes where they were left behind in motion.  Not
        while playing: the pause draws it."""
        if self.playing:
            return
        self.scene.set_moving(False)
        if self.active == "injection":
            self.injection.update(self.procedure)
        else:
            self.degeneration.update(self.model)
        self._render()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._framed:  # the first time the view has its real size: frame the default preset
            self._framed = True
            self.scene.set_pose(self.scene.preset_pose(DEFAULT_VIEW))

    def go_to(self, view: str, bounds: tuple[float, ...] | None = None, mirror: bool = False) -> None:
        """Turn the camera smoothly to preset `view` (mirrored: from the right) framing `bounds` (default: the
        whole spine), beside any inset."""
        self._turn_to(self.scene.preset_pose(view, bounds, mirror))

    def _step_camera(self, t: float) -> None:
        if self._move is not None:
            self.scene.set_pose(tween(*self._move, t))
            if not self.playing:  # while playing, the film's own tick draws the frame: one render per tick
                self._render()

    def reset_view(self) -> None:
        self.select(None)
        self.go_to(DEFAULT_VIEW)

    def select(self, name: str | None, render: bool = True) -> None:
        """Highlight structure `name` (None clears) and name it in the panel."""
        lit = self._lit_names
        self.light([])  # the scene restores material colours: take ours off first, then put them back on
        self.scene.highlight(name)
        self.light(lit)
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
        self.play_timer.stop()
        if self._leave_story is not None:  # stop following the story (a window may be closed twice)
            self._leave_story()
            self._leave_story = None
            self.story_panel.leave()
            self.story_controls.leave()
            self.degeneration.close()
        if self.procedure is not None and self._leave_procedure is not None:
            self._leave_procedure()
            self._leave_procedure = None
            self.cue_panel.leave()
            self.procedure_controls.leave()
            self.injection.close()
        self.camera_animation.stop()
        self._hover_timer.stop()
        self._settle_timer.stop()
        self.view3d.Finalize()
        super().closeEvent(event)


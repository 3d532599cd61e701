"""Presenting, as slide software does: F5 from the start of the shown story, Shift+F5 from here, Esc leaves.

The audience sees the window's 3D view alone, full screen on the second screen when there is one, with the story's
caption and every text over the view at least PROJECTOR_SHARE of the screen's height.  The presenter's window,
on the window's own screen (with one screen: hidden until N), shows the step count, this step's notes (the story's
student-depth words), the next step's title and the time since presenting began.  B or "." blanks the audience to
black, W to white, and any key brings the picture back.

Everything shown follows the Session and the shown story's model by subscription; the keys write to the model (the
window's own keys, made application-wide while presenting) or to this presentation, never to another view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QScreen
from PySide6.QtWidgets import QApplication, QGridLayout, QTextBrowser, QWidget

from explainer.render.video import burned_caption, caption_at, wrapped
from explainer.ui.cue_panel import clock
from explainer.ui.panel import text_label

PROJECTOR_SHARE = 0.03  # the least text height over the audience's view, as a share of the screen's height
TICK_MS = 500  # how often the elapsed time is shown again
BLANKS = {"black": QColor("black"), "white": QColor("white")}
MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
KEY_HINT = "→ / Page Down: next · ← / Page Up: back · B or . black · W white · Esc: end"

Rect = tuple[int, int, int, int]  # x, y, width, height


def place(screens: Sequence[Rect], window_centre: tuple[int, int]) -> tuple[int, int | None]:
    """Where each part goes: (the audience's screen, the presenter's screen or None), as indexes into `screens`.
    The presenter keeps the screen the window is on (the one holding `window_centre`, else the first); the
    audience gets the next screen.  With a single screen the audience has it and the presenter has none."""
    x, y = window_centre
    here = next((i for i, (left, top, width, height) in enumerate(screens)
                 if left <= x < left + width and top <= y < top + height), 0)
    if len(screens) < 2:
        return 0, None
    return (here + 1) % len(screens), here


def _put(widget: QWidget, screen, available: bool = False) -> None:
    """`widget` over `screen` (its part free of panels if `available`): full screen then fills that screen.  The
    native window is told its screen (a test's stand-in screen has none to tell), but a shown window only within
    its desktop: moved to an X screen of its own it would be made again, and the 3D view's GL context lost."""
    if isinstance(screen, QScreen) and (not widget.isVisible() or screen in widget.screen().virtualSiblings()):
        widget.winId()  # the native window, so that it can be told its screen
        widget.windowHandle().setScreen(screen)
    widget.setGeometry(screen.availableGeometry() if available else screen.geometry())


def _rect(geometry: QRect) -> Rect:
    return geometry.x(), geometry.y(), geometry.width(), geometry.height()


class PresenterWindow(QWidget):
    """The presenter's own view: step count and time on top, this step's title and notes, the next step below."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Presenter view – Lumbar Explainer")
        grid = QGridLayout(self)
        self.count = text_label("", 28, bold=True, object_name="count")
        self.elapsed = text_label("0:00", 28, bold=True, object_name="elapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.title = text_label("", 24, bold=True, object_name="title")
        self.notes = QTextBrowser()
        font = self.notes.font()
        font.setPointSize(18)
        self.notes.setFont(font)
        self.next = text_label("", 18, object_name="next")
        hint = text_label(KEY_HINT, 12)
        hint.setStyleSheet("color: #5a5f66;")
        for widget, row, column, span in ((self.count, 0, 0, 1), (self.elapsed, 0, 1, 1), (self.title, 1, 0, 2),
                                          (self.notes, 2, 0, 2), (self.next, 3, 0, 2), (hint, 4, 0, 2)):
            grid.addWidget(widget, row, column, 1, span)
        grid.setRowStretch(2, 1)
        self.notes.setAccessibleName("Presenter notes")
        self.notes.setAccessibleDescription("What to say at this step: the story's words for students")
        self._shown: tuple | None = None

    def show_step(self, model) -> None:
        """The model's step: its number, title and notes and the next step's title (set only when they change)."""
        index, count = model.step_index, len(model.stops)
        following = (f"Next: {model.step_title(index + 1)}" if index + 1 < count else "Next: the end of the story")
        shown = (f"{index + 1} / {count}", model.step_title(index), model.step_notes(index), following)
        if shown == self._shown:
            return
        self._shown = shown
        self.count.setText(shown[0])
        self.title.setText(shown[1])
        self.notes.setPlainText(shown[2])
        self.next.setText(shown[3])

    def show_time(self, seconds: float) -> None:
        self.elapsed.setText(clock(max(seconds, 0.0)))


class Presentation(QObject):
    """The window presenting (see the module doc): `start(from_start)`, `leave()`; `blanked` is "black", "white"
    or None.  While it lasts, an application-wide event filter takes the presenting keys from either window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.presenter: PresenterWindow | None = None
        self.blanked: str | None = None
        self.started = 0.0
        self._saved: tuple | None = None  # the window's geometry and chrome before presenting; None: not presenting
        self._size = (1, 1)  # the audience's screen, in pixels
        self._caption = None
        self._captions: tuple | None = None  # (model, depth, captions)
        self._leave_model = self._leave_session = None
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.show_time)
        window.story_shown.connect(lambda _name: self.active and self._follow())

    @property
    def active(self) -> bool:
        return self._saved is not None

    def chrome(self) -> list[QWidget]:
        """The window's parts the audience does not see: menus, panels, timeline and status bar."""
        window = self.window
        return [window.menuBar(), window.statusBar(), window.side_tabs, window.control_pages]

    def start(self, from_start: bool, screens: Sequence | None = None) -> None:
        """Present the shown story, from its start or from where it is, on `screens` (default: the system's)."""
        if from_start:
            self.window.model.go_home()
        if self.active:
            return
        window = self.window
        screens = list(screens or QGuiApplication.screens())
        centre = window.frameGeometry().center()
        audience, presenter = place([_rect(s.geometry()) for s in screens], (centre.x(), centre.y()))
        self._saved = (window.saveGeometry(), {part: part.isVisible() for part in self.chrome()},
                       [(shortcut, shortcut.context()) for shortcut in window.shortcuts])
        for part in self.chrome():
            part.hide()
        for shortcut in window.shortcuts:  # stepping works from the presenter's window too
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        _put(window, screens[audience])
        window.showFullScreen()
        self.presenter = PresenterWindow(window)
        if presenter is not None:
            _put(self.presenter, screens[presenter], available=True)
            self.presenter.show()
        self._audience_text(screens[audience])
        self._leave_session = window.session.subscribe(lambda _session, _what: self._follow())
        self._follow()
        QApplication.instance().installEventFilter(self)
        self.started = window.clock()
        self.show_time()
        self.timer.start()

    def _audience_text(self, screen) -> None:
        """The caption (as a video burns it in: render.video.CAPTION_HEIGHT of the screen's height) and every text
        over the view at least PROJECTOR_SHARE of it."""
        ratio = screen.devicePixelRatio()
        self._size = (round(screen.geometry().width() * ratio), round(screen.geometry().height() * ratio))
        scene = self.window.scene
        self._caption = burned_caption(self._size)
        scene.renderer.AddViewProp(self._caption)
        scene.keep_clear("presenting caption", self._caption)
        scene.set_text_size(floor=math.ceil(PROJECTOR_SHARE * self._size[1]))

    def _follow(self) -> None:
        """Follow the shown story's model (again, after the story changed)."""
        if self._leave_model is not None:
            self._leave_model()
        model = self.window.model
        self._leave_model = model.subscribe(self.show_model)
        self.window.scene.set_text_size()  # a story's layer made just now: its text sized too
        self.show_model(model)

    def show_model(self, model) -> None:
        """The presenter's step and the audience's caption, from the model (and the session's depth) alone."""
        self.presenter.show_step(model)
        depth = self.window.session.depth
        if self._captions is None or self._captions[:2] != (model, depth):
            hook = getattr(model, "captions", None)
            self._captions = (model, depth, hook(depth) if hook else ())
        text = wrapped(caption_at(self._captions[2], model.position), self._size)
        if self._caption.GetInput() != text:
            self._caption.SetInput(text)

    def show_time(self) -> None:
        if self.presenter is not None:
            self.presenter.show_time(self.window.clock() - self.started)

    def blank(self, colour: str) -> None:
        """The audience's screen all `colour` ("black" or "white"): the view is hidden over a plain background."""
        central = self.window.centralWidget()
        palette = central.palette()
        palette.setColor(QPalette.ColorRole.Window, BLANKS[colour])
        central.setPalette(palette)
        central.setAutoFillBackground(True)
        self.window.view3d.hide()
        self.blanked = colour

    def unblank(self) -> None:
        central = self.window.centralWidget()
        central.setAutoFillBackground(False)
        central.setPalette(QPalette())
        self.window.view3d.show()
        self.blanked = None
        self.window.render()

    def toggle_notes(self) -> None:
        """N: the presenter's window shown or hidden (with one screen it starts hidden, over the audience's)."""
        self.presenter.setVisible(not self.presenter.isVisible())

    def leave(self) -> None:
        """Esc: the window as it was (its geometry, panels and keys), the presenter's window closed and freed."""
        if not self.active:
            return
        window = self.window
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()
        if self.blanked:
            self.unblank()
        for leave in (self._leave_model, self._leave_session):
            leave()
        self._leave_model = self._leave_session = None
        self.presenter.close()  # closed by hand before, it was only hidden: N shows it again
        self.presenter.setParent(None)  # now Python's: freed here, with the last reference
        self.presenter = None
        window.scene.keep_clear("presenting caption", None)
        window.scene.renderer.RemoveViewProp(self._caption)
        self._caption = self._captions = None
        window.scene.set_text_size(floor=0)
        geometry, chrome, shortcuts = self._saved
        self._saved = None
        for shortcut, context in shortcuts:
            shortcut.setContext(context)
        for part, visible in chrome.items():
            part.setVisible(visible)
        window.showNormal()
        window.restoreGeometry(geometry)
        window.render()

    def _action(self, key: int):
        """What a key does while presenting (None: the key is the window's, as usual)."""
        if self.blanked:
            return None if key in MODIFIERS else self.unblank
        return {Qt.Key.Key_Escape: self.leave, Qt.Key.Key_B: lambda: self.blank("black"),
                Qt.Key.Key_Period: lambda: self.blank("black"), Qt.Key.Key_W: lambda: self.blank("white"),
                Qt.Key.Key_N: self.toggle_notes}.get(key)

    def eventFilter(self, watched, event) -> bool:
        """The presenting keys, from the audience's window or the presenter's: a shortcut that would take the key
        first is held off (ShortcutOverride accepted), then the key press acts.  Closing the window ends it."""
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            self.leave()
            return False
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(watched, QWidget):
            return False
        if watched.window() not in (self.window, self.presenter):
            return False
        action = self._action(event.key())
        if action is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            action()
        return True

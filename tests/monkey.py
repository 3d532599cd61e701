"""Random input for the real window (a "monkey"): seeded clicks, drags, wheel turns and keys, to find what no
scripted test thought of, and to watch memory over a long session (issue 9: the window aborted after about a
minute of playback).

    python tests/monkey.py [--seed N] [--events N] [--minutes M]

It opens the real MainWindow on the X display ($DISPLAY) and sends it input in random gestures, processing Qt's
events after each: the keys the window binds, clicks on every visible button, combo box item, slider, tab, list
item and text link, clicks, drags and wheel turns in the 3D view, Play or Pause while the camera turns, and now
and then a stretch of real time so that timers, camera turns and playback run as they do for a user.  An event
is one input event delivered: a key press or release, a mouse press, move or release, a wheel step (a click is
two, a drag a few more).  The same seed makes the same choices; real time decides how far a turn or playback
has got when the next event comes, so where that changes what is on screen (a control enabled or not) two runs
can part.  A failure prints the last gestures.  `--minutes` runs for that long instead of a number of events.

The run starts with a tour (`Monkey.tour`) that uses every control once, so that what is made on first use is
made; memory is measured after it and at least a tenth of the run, and at the end.  The last line printed is
JSON: seed, events, gestures, seconds, rss_warm_mb, rss_end_mb, rss_growth_mb, failures.  The exit status is 1
when a Python exception reached sys.excepthook (a slot, a VTK observer), Qt warned, VTK reported an error or a
warning, or the closed window kept its render window; an abort ends the process by its signal.
tests/test_monkey.py runs it in a subprocess for both reasons.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import random
import sys
import time
import traceback
from collections import deque
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QMouseEvent, QTextCursor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QListWidget,
    QSlider,
    QStyle,
    QTabBar,
    QTextBrowser,
    QWidget,
)
from vtkmodules.util.misc import calldata_type
from vtkmodules.vtkCommonCore import VTK_STRING, vtkCommand, vtkOutputWindow

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 0.1  # the share of the run before memory is first measured
HISTORY = 20  # gestures printed with a failure, the last one last
MID_DRAG_KEY = 0.1  # the chance of a key after each move of a drag
LEFT, NO_BUTTON, NO_MODIFIER = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Home, Qt.Key.Key_End,
        Qt.Key.Key_Space, Qt.Key.Key_X, Qt.Key.Key_F11, Qt.Key.Key_Escape)  # the window's keys (window.py)
CONTROLS = (QComboBox, QAbstractButton, QSlider, QTabBar, QListWidget, QTextBrowser)


def rss_mb() -> float:
    """Resident memory now (not the peak: a leak shows as growth)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def settled_rss(window) -> float:
    """Resident memory in a comparable state: the window at its normal size (full screen holds bigger frame
    buffers), Python's garbage and Qt's deferred deletions collected, and the heap's free pages given back."""
    window.showNormal()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def anchors(document):
    """Where each link in a text document starts."""
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            if fragments.fragment().charFormat().isAnchor():
                yield fragments.fragment().position()
            fragments += 1
        block = block.next()


class Failures:
    """Python exceptions that reached sys.excepthook, Qt's warnings and VTK's errors and warnings: while the app
    runs they are only printed, so they are collected here and fail the run."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        sys.excepthook = self._exception
        qInstallMessageHandler(self._qt_message)
        record = calldata_type(VTK_STRING)(lambda _obj, event, text: self.seen.append(f"VTK {event}: {text}"))
        for event in (vtkCommand.ErrorEvent, vtkCommand.WarningEvent):
            vtkOutputWindow.GetInstance().AddObserver(event, record)

    def _exception(self, kind, value, tb) -> None:
        """Collected, and printed too: one raised by the monkey itself ends the run, and must say why."""
        text = "".join(traceback.format_exception(kind, value, tb))
        self.seen.append(text)
        print(text, file=sys.stderr)

    def _qt_message(self, kind: QtMsgType, _context, text: str) -> None:
        print(text, file=sys.stderr)
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            self.seen.append(f"Qt {kind.name}: {text}")


class Monkey:
    """Sends the window one random gesture at a time; `sent` counts the input events, `history` names the last
    gestures."""

    def __init__(self, window, seed: int) -> None:
        self.window, self.rng = window, random.Random(seed)
        self.sent = 0
        self.history: deque[str] = deque(maxlen=HISTORY)
        self.gestures = ((25, self.key), (30, self.control), (8, self.view_drag), (6, self.view_click),
                         (6, self.view_wheel), (4, self.view_hover), (4, self.play_mid_turn), (6, self.real_time))

    def gesture(self) -> None:
        """One random gesture, then Qt's pending events, as the event loop would run them."""
        weights, gestures = zip(*self.gestures)
        self._close_dialogs()
        self.history.append(self.rng.choices(gestures, weights)[0]())
        QApplication.processEvents()

    def _click(self, widget, pos: QPoint) -> None:
        QTest.mouseClick(widget, LEFT, NO_MODIFIER, pos)
        self.sent += 2

    def _key(self, widget, key: Qt.Key) -> None:
        QTest.keyClick(widget, key)
        self.sent += 2

    def _mouse(self, kind: QEvent.Type, pos: QPoint, button, buttons, modifiers=NO_MODIFIER) -> None:
        """A mouse event as the 3D view gets it from the window system."""
        view = self.window.view3d
        QApplication.sendEvent(view, QMouseEvent(kind, QPointF(pos), QPointF(view.mapToGlobal(pos)), button,
                                                 buttons, modifiers))
        self.sent += 1

    def _meanwhile(self) -> None:
        """Now and then a key while the mouse is held down (a clicker in the other hand): a step, Play, a
        turn while the user drags."""
        if self.rng.random() < MID_DRAG_KEY:
            self.key()
            QApplication.processEvents()

    def key(self, key: Qt.Key | None = None) -> str:
        """A key the window binds, sent where a real one would go: an open popup, else the focus."""
        key = key if key is not None else self.rng.choice(KEYS)
        self._key(QApplication.activePopupWidget() or QApplication.focusWidget() or self.window, key)
        return f"key {key.name}"

    def _controls(self) -> list[QWidget]:
        """The visible, enabled controls of the window itself (the 3D view aside; a dialog a control opened is
        closed before the next use: its own tests drive it, and its file choosers would wait for a person)."""
        return [w for w in self.window.findChildren(QWidget)
                if isinstance(w, CONTROLS) and w.isVisible() and w.isEnabled() and w.window() is self.window]

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def _use(self, control: QWidget) -> str:
        self._close_dialogs()
        handlers = {QComboBox: self.combo, QAbstractButton: self.button, QSlider: self.slider, QTabBar: self.tab,
                    QListWidget: self.list_item, QTextBrowser: self.link}
        return next(handler for kind, handler in handlers.items() if isinstance(control, kind))(control)

    def control(self) -> str:
        """A click (or a drag) on one of the controls."""
        return self._use(self.rng.choice(self._controls()))

    def tour(self) -> None:
        """Every item of every combo box and every other control once, in each story; full screen in and out, a
        drag with each button, a click, a hover: what is made on first use (popups, shaders, frame buffers, the
        film, a needle path per segment and the surface structures its search builds) is made before memory is
        measured."""
        for story in reversed(range(self.window.story_choice.count())):  # every story, the first last
            self.history.append(self.combo(self.window.story_choice, row=story))
            for control in self._controls():
                if not (control.isVisible() and control.isEnabled()) or control is self.window.story_choice:
                    continue
                if isinstance(control, QComboBox):
                    for row in range(control.count()):
                        self.history.append(self.combo(control, row))
                else:
                    self.history.append(self._use(control))
                QApplication.processEvents()
        for button in (LEFT, Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            self.history.append(self.view_drag(button))
        for gesture in (self.view_click, self.view_wheel, self.view_hover, self.real_time):
            self.history.append(gesture())
        for _ in range(2):
            self.history.append(self.key(Qt.Key.Key_F11))

    def combo(self, combo: QComboBox, row: int | None = None) -> str:
        """Click the combo box open and pick an item with the arrow keys and Return (or, now and then, Escape
        out of it): the list ignores a mouse release for a double-click interval after it opens."""
        self._click(combo, combo.rect().center())
        popup = combo.view()
        if row is None and self.rng.random() < 0.15:
            self._key(popup, Qt.Key.Key_Escape)
            return f"combo {combo.currentText()!r}: Escape"
        row = self.rng.randrange(combo.count()) if row is None else row
        for _ in range(abs(row - combo.currentIndex())):
            self._key(popup, Qt.Key.Key_Down if row > combo.currentIndex() else Qt.Key.Key_Up)
        self._key(popup, Qt.Key.Key_Return)
        return f"combo {combo.itemText(row)!r}"

    def button(self, button: QAbstractButton) -> str:
        self._click(button, button.rect().center())
        return f"button {button.text()!r}"

    def slider(self, slider: QSlider) -> str:
        """Take the handle (or press the groove) and drag it a few steps along the slider."""
        span = slider.width() - slider.style().pixelMetric(QStyle.PixelMetric.PM_SliderLength, None, slider)
        handle = QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), slider.value(), span)
        x = handle + (slider.width() - span) // 2 if self.rng.random() < 0.7 else self.rng.randrange(slider.width())
        y = slider.height() // 2
        moves = self.rng.randint(1, 6)
        QTest.mousePress(slider, LEFT, NO_MODIFIER, QPoint(x, y))
        for _ in range(moves):
            x = self.rng.randrange(slider.width())
            QTest.mouseMove(slider, QPoint(x, y))
            QApplication.processEvents()
            self._meanwhile()
        QTest.mouseRelease(slider, LEFT, NO_MODIFIER, QPoint(x, y))
        self.sent += 2 + moves
        return f"slider {slider.toolTip()!r} to {slider.value()}"

    def tab(self, bar: QTabBar) -> str:
        index = self.rng.randrange(bar.count())
        self._click(bar, bar.tabRect(index).center())
        return f"tab {bar.tabText(index)!r}"

    def list_item(self, items: QListWidget) -> str:
        """Scroll an item (a stage, a cue) into view and click it (an empty list: its empty area)."""
        if not items.count():
            self._click(items.viewport(), items.viewport().rect().center())
            return "empty list clicked"
        item = items.item(self.rng.randrange(items.count()))
        items.scrollToItem(item)
        self._click(items.viewport(), items.visualItemRect(item).center())
        return f"list item {item.text()[:40]!r}"

    def link(self, browser: QTextBrowser) -> str:
        """Click a link in the text (an anatomical term), or anywhere in it when it has none."""
        area, starts = browser.viewport(), list(anchors(browser.document()))
        if not starts:
            self._click(area, QPoint(self.rng.randrange(area.width()), self.rng.randrange(area.height())))
            return "text"
        cursor = QTextCursor(browser.document())
        cursor.setPosition(self.rng.choice(starts) + 1)
        browser.setTextCursor(cursor)
        browser.ensureCursorVisible()
        self._click(area, browser.cursorRect(cursor).center())
        return f"link at {cursor.position()}"

    def _view_point(self) -> QPoint:
        view = self.window.view3d
        return QPoint(self.rng.randrange(view.width()), self.rng.randrange(view.height()))

    def view_click(self) -> str:
        """A click on the 3D view: it picks the structure there (or clears the pick)."""
        pos = self._view_point()
        self._mouse(QEvent.Type.MouseButtonPress, pos, LEFT, LEFT)
        self._mouse(QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON)
        return f"view click at {pos.x()},{pos.y()}"

    def view_drag(self, button: Qt.MouseButton | None = None) -> str:
        """Turn, pan or zoom by dragging in the 3D view with any button, Shift or Ctrl held or not."""
        button = button or self.rng.choice((LEFT, LEFT, Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton))
        modifiers = self.rng.choice((NO_MODIFIER, NO_MODIFIER, Qt.KeyboardModifier.ShiftModifier,
                                     Qt.KeyboardModifier.ControlModifier))
        pos = self._view_point()
        self._mouse(QEvent.Type.MouseButtonPress, pos, button, button, modifiers)
        for _ in range(self.rng.randint(1, 8)):
            pos = self._view_point()
            self._mouse(QEvent.Type.MouseMove, pos, NO_BUTTON, button, modifiers)
            QApplication.processEvents()
            self._meanwhile()
        self._mouse(QEvent.Type.MouseButtonRelease, pos, button, NO_BUTTON, modifiers)
        return f"view drag {button.name} {modifiers.name}"

    def view_wheel(self) -> str:
        """A burst of wheel steps in or out over the 3D view."""
        view, pos = self.window.view3d, self._view_point()
        steps = self.rng.choice((-1, 1)) * self.rng.randint(1, 5)
        notch = QPoint(0, 120 if steps > 0 else -120)
        for _ in range(abs(steps)):
            QApplication.sendEvent(view, QWheelEvent(QPointF(pos), QPointF(view.mapToGlobal(pos)), QPoint(), notch,
                                                     NO_BUTTON, NO_MODIFIER, Qt.ScrollPhase.NoScrollPhase, False))
            self.sent += 1
        return f"view wheel {steps:+d}"

    def view_hover(self) -> str:
        """The pointer moves over the 3D view without a button: a tooltip names what is under it."""
        pos = self._view_point()
        self._mouse(QEvent.Type.MouseMove, pos, NO_BUTTON, NO_BUTTON)
        return f"view hover at {pos.x()},{pos.y()}"

    def play_mid_turn(self) -> str:
        """Start a camera turn (a step, a preset, the cross-section) and press Space while it runs."""
        turn = self.rng.choice(("step", "preset", "section"))
        if turn == "step":
            self.key(self.rng.choice((Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Home, Qt.Key.Key_End)))
        elif turn == "preset":
            self.button(self.rng.choice(list(self.window.panel.view_buttons.values())))
        else:
            self.key(Qt.Key.Key_X)
        QApplication.processEvents()
        self.key(Qt.Key.Key_Space)
        return f"Space mid-turn ({turn})"

    def real_time(self) -> str:
        """Let real time pass with the event loop running: playback ticks, camera turns, hover and settle timers."""
        ms = self.rng.randint(30, 300)
        QTest.qWait(ms)
        return f"real time {ms} ms"


def run(seed: int, events: int, minutes: float | None) -> tuple[dict, list[str]]:
    """Open the window, send the events (or go on for `minutes`), close it; the figures and any failures."""
    from explainer.ui.window import MainWindow
    from meshes import build_spine

    app = QApplication.instance() or QApplication(sys.argv[:1])
    failures = Failures()
    window = MainWindow(build_spine())
    window.show()
    window.view3d.Initialize()
    window.activateWindow()
    app.processEvents()
    monkey = Monkey(window, seed)
    monkey.tour()
    start, gestures, warm = time.perf_counter(), 0, None
    while not failures.seen:
        done = (time.perf_counter() - start) / (60 * minutes) if minutes else monkey.sent / events
        if warm is None and done >= WARM_UP:
            warm = settled_rss(window)
        if done >= 1:
            break
        monkey.gesture()
        gestures += 1
    seconds, end = time.perf_counter() - start, settled_rss(window)
    render_window = window.render_window
    window.close()
    if render_window.GetGenericDisplayId() is not None:
        failures.seen.append("the closed window kept its render window (not finalized)")
    if failures.seen:
        print(f"monkey: seed {seed}, after {monkey.sent} events: {failures.seen[0]}\n"
              "last gestures, the last one last:\n  " + "\n  ".join(monkey.history), file=sys.stderr)
    warm = end if warm is None else warm
    figures = {"seed": seed, "events": monkey.sent, "gestures": gestures, "seconds": round(seconds, 1),
               "rss_warm_mb": round(warm, 1), "rss_end_mb": round(end, 1), "rss_growth_mb": round(end - warm, 1),
               "failures": len(failures.seen)}
    return figures, failures.seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=10_000, help="input events to send (default 10,000)")
    parser.add_argument("--minutes", type=float, help="go on this long instead of a number of events")
    args = parser.parse_args()
    figures, failures = run(args.seed, args.events, args.minutes)
    print(json.dumps(figures), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

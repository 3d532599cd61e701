"""The window's menu bar: File (a picture, a video, a 3D model and a patient handout of what is shown, Print, Quit),
View (the camera presets, labels, full screen), Story (every registered story, Back, Next, Play) and Help (keys, about).

It names no story: the Story menu lists the registry.  Every export draws offscreen from a model of its own at the
window's story point (the same path as the command line's, so a picture is what the view shows), and asks where to
write it in the folder the last export of its kind went to (explainer.ui.settings).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import av
import PySide6
from PySide6.QtCore import QObject, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QToolButton
from vtkmodules.vtkCommonCore import vtkVersion

from explainer.render.gltf import scene_parts, write_glb
from explainer.render.offscreen import OffscreenView, write_screenshot
from explainer.render.scene import OpenGLUnavailable
from explainer.render.video import export_video
from explainer.stories import STORIES
from explainer.stories.camera import PRESETS
from explainer.stories.handout import story_handout
from explainer.ui.case_files import CaseFiles
from explainer.ui.handout import new_printer, print_handout, write_handout
from explainer.ui.panel import DISCLAIMER
from explainer.ui.presenter import Presentation
from explainer.ui.settings import keep_folder, last_folder, store
from explainer.ui.text_size import TextSize

VIDEO_SIZE = (1280, 720)  # what slides show full screen; the command line offers 1920x1080 too
EXPORTS = {  # kind: the dialog's title, its file filter, the file's suffix
    "picture": ("Save picture", "PNG picture (*.png)", ".png"),
    "video": ("Export video", "MP4 video (*.mp4)", ".mp4"),
    "model": ("Export 3D model", "Binary glTF for slides (*.glb)", ".glb"),
    "handout": ("Patient handout", "PDF document (*.pdf)", ".pdf"),
}
KEYS = ("← or Page Up: back a step", "→ or Page Down: next step", "Home / End: the start / the end",
        "Space: play or pause", "F11: full screen; Esc leaves it", f"Ctrl+1 … Ctrl+{len(PRESETS)}: the camera presets",
        "F5: present from the start; Shift+F5: from here; Esc ends", "While presenting: B or . black, W white, "
        "any key back; N the presenter's notes", "Ctrl + / Ctrl − / Ctrl 0: text size bigger, smaller, as made",
        "Click a structure to name it; drag to turn the model, the wheel to zoom")


ILLUSTRATIVE = ("The model is computed from average measurements of adult spines, not from anyone's scans: its shapes, "
                "and the figures shown beside it, are illustrative.")


def versions() -> list[tuple[str, str]]:
    """The versions that matter in a bug report: Python, Qt and its binding, VTK and PyAV (the video encoder)."""
    return [("Python", sys.version.split()[0]), ("Qt", qVersion()), ("PySide6", PySide6.__version__),
            ("VTK", vtkVersion.GetVTKVersion()), ("PyAV", av.__version__)]


def story_copy(window):
    """A model of the shown story at the window's point, segment, side (and target): an offscreen drawing gets its
    own, so its layer never follows, or moves, the window's model."""
    model = window.model
    copy = STORIES[window.active].make(model.level, model.side)
    if hasattr(copy, "set_target"):
        copy.set_target(model.target, model.level, model.side)
        copy.set_harvest(model.harvest)
        copy.set_guidance(model.guidance_chosen)
    if hasattr(copy, "set_case"):
        copy.set_case(model.case)
    copy.set_position(model.position)
    return copy


def section_shown(window) -> bool:
    """Whether the shown story's layer has a cross-section inset on screen."""
    return bool(getattr(getattr(window.layer, "section", None), "visible", False))


def time_left(seconds: float) -> str:
    """`seconds` as a person reads a countdown: "about 1:05 left"."""
    whole = max(round(seconds), 0)
    return f"about {whole // 60}:{whole % 60:02d} left"


class VideoProgress(QObject):
    """A video being written: a progress dialog with the time left and Cancel, fed one frame per turn of the event
    loop by a single-shot timer (the window stays painted; no blocking loop).  Cancel closes the generator, which
    removes the partial files; a failure shows one message and leaves no file either."""

    def __init__(self, window, frames, out: Path):
        super().__init__(window)
        self.window, self.frames, self.out = window, frames, out
        self.dialog = QProgressDialog("Preparing the video…", "Cancel", 0, 0, window)
        self.dialog.setWindowTitle(EXPORTS["video"][0])
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.running = True
        self.started = time.monotonic()
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self._step)
        self.timer.start()
        self.dialog.show()

    def _step(self) -> None:
        """Draw and encode the next frame, then show how far it has come and how long the rest will take."""
        try:
            done, total = next(self.frames)
        except StopIteration:
            self._end(f"Video saved: {self.out}")
            return
        except Exception as error:  # noqa: BLE001  (any failure: the generator has removed its files)
            self._end(None)
            QMessageBox.warning(self.window, EXPORTS["video"][0], f"The video could not be written: {error}")
            return
        seconds = (time.monotonic() - self.started) / done * (total - done)
        self.dialog.setMaximum(total)
        self.dialog.setLabelText(f"Frame {done} of {total}, {time_left(seconds)}")
        self.dialog.setValue(done)  # a modal dialog processes events here: Cancel may come now
        if self.running:
            self.timer.start()

    def cancel(self) -> None:
        """Stop now: closing the generator removes the partial video and its captions."""
        if self.running:
            self.frames.close()
            self._end("Video export cancelled: no file written")

    def _end(self, message: str | None) -> None:
        self.running = False
        self.timer.stop()
        self.dialog.canceled.disconnect(self.cancel)  # closing the dialog emits canceled too
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()  # the window keeps no finished export
        if message:
            self.window.statusBar().showMessage(message)


class Menus:
    """The menu bar of `window`; `actions` by a stable name ("save_picture", "view:lateral", "story:NAME", ...)."""

    def __init__(self, window):
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.video: VideoProgress | None = None
        self.text_size = TextSize(window)
        self.presentation = Presentation(window)
        self.cases = CaseFiles(window)
        bar = window.menuBar()
        self._file_menu(bar.addMenu("&File"))
        self._view_menu(bar.addMenu("&View"))
        self._story_menu(bar.addMenu("&Story"))
        self._help_menu(bar.addMenu("&Help"))
        more = bar.findChild(QToolButton)  # the » a narrow window shows the rest behind
        more.setAccessibleName("More menus")
        more.setAccessibleDescription("The menus that do not fit in the window's width")

    def _add(self, menu, name: str, text: str, slot, shortcut=None) -> QAction:
        """An action in `menu`.  A key the window already binds is only shown, after a tab in `text`: binding it
        here as well would make the key ambiguous, and then neither would fire."""
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.actions[name] = action
        return action

    def _file_menu(self, menu) -> None:
        if self.cases.story is not None:
            self._add(menu, "enter_report", "Enter the MRI &report…", self.enter_report, "Ctrl+R")
            self._add(menu, "open_case", "&Open case…", self.cases.ask_open, QKeySequence.StandardKey.Open)
            self._add(menu, "save_case", "&Save case", self.cases.save, QKeySequence.StandardKey.Save)
            self._add(menu, "save_case_as", "Save case &as…", self.cases.save_as, QKeySequence.StandardKey.SaveAs)
            self._add(menu, "recover_case", "Recover autosaved case", self.cases.recover)
            menu.aboutToShow.connect(
                lambda: self.actions["recover_case"].setEnabled(self.cases.recoverable() is not None))
            menu.addSeparator()
        self._add(menu, "save_picture", "Save &picture…", self.save_picture, "Ctrl+Shift+P")
        self._add(menu, "export_video", "Export &video…", self.export_video, "Ctrl+E")
        self._add(menu, "export_model", "Export 3D &model…", self.export_model, "Ctrl+Shift+E")
        self._add(menu, "handout", "Patient &handout…", self.patient_handout, "Ctrl+Shift+H")
        self._add(menu, "print", "P&rint…", self.print_handout, QKeySequence.StandardKey.Print)
        menu.addSeparator()
        self._add(menu, "quit", "&Quit", self.window.close, QKeySequence.StandardKey.Quit)

    def _view_menu(self, menu) -> None:
        for index, view in enumerate(PRESETS, start=1):
            self._add(menu, f"view:{view}", view.capitalize(), lambda _=False, v=view: self.window.go_to(v),
                      f"Ctrl+{index}")
        menu.addSeparator()
        self._checked(menu, "labels", "&Labels", self.window.panel.labels, "Ctrl+L")
        groups = menu.addMenu("&Structures")
        for group, box in self.window.panel.visibility.items():
            self._checked(groups, f"group:{group}", box.text(), box)
        self._add(menu, "full_screen", "&Full screen\tF11", self.window.toggle_full_screen)
        self._add(menu, "present", "&Present from the start", lambda: self.presentation.start(True), "F5")
        self._add(menu, "present_here", "Present from &here", lambda: self.presentation.start(False), "Shift+F5")
        self._text_size_menu(menu.addMenu("&Text size"))

    def _checked(self, menu, name: str, text: str, box, shortcut=None) -> QAction:
        """A checkable action that agrees with the panel's check box `box` both ways."""
        action = self._add(menu, name, text, lambda on: box.setChecked(on), shortcut)
        action.setCheckable(True)
        action.setChecked(box.isChecked())
        box.toggled.connect(action.setChecked)
        return action

    def _text_size_menu(self, menu) -> None:
        bigger = self._add(menu, "text_bigger", "&Bigger", self.text_size.bigger)
        bigger.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        self._add(menu, "text_smaller", "&Smaller", self.text_size.smaller, QKeySequence.StandardKey.ZoomOut)
        self._add(menu, "text_reset", "&Reset (100 %)", self.text_size.reset, "Ctrl+0")

    def _story_menu(self, menu) -> None:
        stories = QActionGroup(menu)
        for name, kind in STORIES.items():
            action = self._add(menu, f"story:{name}", kind.title, lambda _=False, n=name: self.window.show_story(n))
            action.setCheckable(True)
            stories.addAction(action)
        menu.aboutToShow.connect(lambda: self.actions[f"story:{self.window.active}"].setChecked(True))
        menu.addSeparator()
        self._add(menu, "back", "&Back\tLeft", lambda: self.window.model.step(-1))
        self._add(menu, "next", "&Next\tRight", lambda: self.window.model.step(+1))
        self._add(menu, "play", "&Play / Pause\tSpace", lambda: self.window.set_playing(not self.window.playing))

    def _help_menu(self, menu) -> None:
        self._add(menu, "keys", "&Keys", self.show_keys, QKeySequence.StandardKey.HelpContents)
        self._add(menu, "disclaimer", "&Disclaimer", self.show_disclaimer)
        self._add(menu, "about", "&About Lumbar Explainer", self.show_about)

    def enter_report(self) -> None:
        """The case story, with its findings dialog open on the case shown."""
        self.cases.shown_model()
        self.window.page.enter_report()

    def show_keys(self) -> None:
        QMessageBox.information(self.window, "Keys", "\n".join(KEYS))

    def show_disclaimer(self) -> None:
        QMessageBox.information(self.window, "Disclaimer", f"{DISCLAIMER}\n\n{ILLUSTRATIVE}")

    def show_about(self) -> None:
        lines = "".join(f"<br>{name} {version}" for name, version in versions())
        QMessageBox.about(self.window, "About Lumbar Explainer",
                          f"<p><b>Lumbar Explainer</b>: a 3D model of the lower back for explaining it.</p>"
                          f"<p>{DISCLAIMER}</p><p>{lines[4:]}</p>")

    def ask_path(self, kind: str, name: str) -> Path | None:
        """Where to write an export of `kind` (None: the user declined), offered as `name` in the folder the last
        one went to; the suffix added if the user left it out."""
        title, filters, suffix = EXPORTS[kind]
        settings = store()
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, str(last_folder(settings, kind) / name), filters)
        if not chosen:
            return None
        out = Path(chosen)
        out = out if out.suffix.lower() == suffix else out.with_name(out.name + suffix)
        keep_folder(settings, kind, out.parent)
        return out

    def _failed(self, kind: str, error: Exception) -> None:
        QMessageBox.warning(self.window, EXPORTS[kind][0], f"The file could not be written: {error}")

    def save_picture(self) -> None:
        """A PNG of the 3D view at the window's story point, at the view's size, drawn as the screenshot command
        draws it."""
        window = self.window
        out = self.ask_path("picture", f"{window.active}.png")
        if out is None:
            return
        ratio = window.view3d.devicePixelRatio()
        size = (round(window.view3d.width() * ratio), round(window.view3d.height() * ratio))
        try:
            write_screenshot(out, None, size, window.active, story_copy(window), window.session.depth,
                             section_shown(window))
        except (OSError, OpenGLUnavailable) as error:
            self._failed("picture", error)
            return
        window.statusBar().showMessage(f"Picture saved: {out}")

    def export_video(self) -> None:
        """The shown story as an MP4 with WebVTT and SRT captions beside it, at the window's segment, side and
        depth, written while a progress dialog shows the time left (see VideoProgress)."""
        window = self.window
        out = self.ask_path("video", f"{window.active}.mp4")
        if out is None:
            return
        frames = export_video(out, window.active, story_copy(window), VIDEO_SIZE, depth=window.session.depth,
                              section=section_shown(window))
        window.set_playing(False)
        self.video = VideoProgress(window, frames, out)

    def export_model(self) -> None:
        """The scene at the window's story point as one binary glTF file, for slides."""
        window = self.window
        out = self.ask_path("model", f"{window.active}.glb")
        if out is None:
            return
        try:
            with OffscreenView((64, 64), window.active, story_copy(window), window.session.depth) as shown:
                write_glb(scene_parts(shown.scene), out)
        except (OSError, OpenGLUnavailable) as error:
            self._failed("model", error)
            return
        window.statusBar().showMessage(f"3D model saved: {out}")

    def patient_handout(self) -> None:
        """The shown story's patient handout (its patient-depth words, whatever the window's depth) as a PDF."""
        out = self.ask_path("handout", f"{self.window.active}-handout.pdf")
        if out is not None:
            self._handout(lambda handout: write_handout(out, handout), f"Handout saved: {out}")

    def print_handout(self) -> None:
        """The same handout on a printer the print dialog chooses."""
        printer = new_printer()
        if QPrintDialog(printer, self.window).exec() == QDialog.DialogCode.Accepted:
            self._handout(lambda handout: print_handout(printer, handout), "Handout sent to the printer")

    def _handout(self, make, done: str) -> None:
        """Make the shown story's handout with `make`; one message if it fails (a PDF then leaves no file)."""
        try:
            make(story_handout(self.window.active, story_copy(self.window)))
        except (OSError, OpenGLUnavailable, ValueError) as error:
            self._failed("handout", error)
            return
        self.window.statusBar().showMessage(done)

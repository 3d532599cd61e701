"""Opening, saving and autosaving the patient's case from the window (File menu: Open case, Save case, Save
case as, Recover autosaved case).

The case lives in the model of the story that takes cases (explainer.stories.case_story); this controller only
moves it to and from files.  A damaged, foreign or newer file is refused with its reason and nothing open is
lost; every change is autosaved beside the case file (or, unsaved, in the settings folder), and the autosave is
offered back when it is newer than the file, as after a crash.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from explainer.stories import case_story
from explainer.stories.case import CaseError, find_autosave, read_case, remove_autosave, write_autosave, write_case
from explainer.ui.settings import keep_folder, last_folder, store

FILTER = "Case (*.json);;All files (*)"
SUFFIX = ".json"


def autosave_folder() -> Path:
    """Where an unsaved case is autosaved: beside the app's settings (a test's own folder under tests)."""
    return Path(store().fileName()).parent / "autosave"


class CaseFiles(QObject):
    """The window's case file: its path (None: not saved yet) and the autosave that follows every change."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)
        self.path: Path | None = None
        self.story = case_story()
        self.saved = None  # the Case object last written to `path` (a change makes a new one)
        self._leave = None

    def shown_model(self):
        """The case story put on screen, and its model (made, with its page, the first time a case is touched)."""
        if self.window.session.active != self.story:
            self.window.show_story(self.story)
        if self._leave is None:
            self._leave = self.model_now().subscribe(self._autosave)
        return self.model_now()

    def model_now(self):
        return self.window.session.model(self.story)

    def _autosave(self, model) -> None:
        """After any change of the case (not of the step shown), write the autosave; a failure only says so."""
        if model.case is self.saved or model.case is getattr(self, "_autosaved", None):
            return
        self._autosaved = model.case
        try:
            write_autosave(model.case, self.path, autosave_folder())
        except CaseError as error:
            self.window.statusBar().showMessage(f"Autosave failed: {error}")

    def ask_open(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Open a case", str(last_folder(store(), "case")),
                                                FILTER)
        if chosen:
            self.open(Path(chosen))

    def open(self, path: Path) -> bool:
        """Show the case in `path`; a file that cannot be read is refused with its reason, nothing changed."""
        try:
            case = read_case(path)
        except CaseError as error:
            QMessageBox.warning(self.window, "Case not opened", str(error))
            return False
        keep_folder(store(), "case", path.parent)
        self.path, self.saved = path, case
        self.shown_model().set_case(case)
        self.window.statusBar().showMessage(f"Case opened: {path}")
        if find_autosave(path) is not None:
            self.window.statusBar().showMessage(f"Case opened: {path}. A newer autosave exists: File ▸ Recover.")
        return True

    def save(self) -> bool:
        return self.save_as() if self.path is None else self._write(self.path)

    def save_as(self) -> bool:
        start = self.path or last_folder(store(), "case") / "case.json"
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save the case", str(start), FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        path = path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)
        keep_folder(store(), "case", path.parent)
        return self._write(path)

    def _write(self, path: Path) -> bool:
        """Write the case (atomically); the autosave it supersedes is removed. A failure says why, keeps all."""
        case = self.shown_model().case
        try:
            write_case(path, case)
        except CaseError as error:
            QMessageBox.warning(self.window, "Case not saved", str(error))
            return False
        remove_autosave(self.path, autosave_folder())
        remove_autosave(path)
        self.path, self.saved = path, case
        self.window.statusBar().showMessage(f"Case saved: {path}")
        return True

    def recoverable(self) -> Path | None:
        """An autosave newer than the open case file (or of an unsaved case), if there is one."""
        return find_autosave(self.path, None if self.path else autosave_folder())

    def recover(self) -> bool:
        """Bring back the autosaved case (it stays unsaved until saved); a damaged autosave is refused."""
        found = self.recoverable()
        if found is None:
            self.window.statusBar().showMessage("No autosaved case to recover.")
            return False
        try:
            case = read_case(found)
        except CaseError as error:
            QMessageBox.warning(self.window, "Autosave not recovered", str(error))
            return False
        self.shown_model().set_case(case)
        self.window.statusBar().showMessage(f"Recovered the autosaved case from {found}")
        return True

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def close(self) -> None:
        """A clean close: a saved, unchanged case needs no autosave."""
        if self._leave is not None:
            self._leave()
            self._leave = None
            if self.model_now().case is self.saved:
                remove_autosave(self.path, autosave_folder())

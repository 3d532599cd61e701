"""The case story's page: the tour of a patient's findings beside the model, and the way in (the report).

"Enter the report…" opens the findings dialog (paste, confirm); what it returns becomes the model's case, and
the tour starts at its overview.  Like the other pages, the widgets write only to the model (or the session's
depth) and follow it by subscription.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QListWidget, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from explainer.stories.case import CaseModel
from explainer.ui.findings_dialog import FindingsDialog
from explainer.ui.panel import text_label
from explainer.ui.story_panel import (
    LINK_STYLE,
    LIST_POINTS,
    STORY_WIDTH,
    TEXT_POINTS,
    StoryControls,
    depth_buttons,
    follow_depth,
    show_depth,
)

NO_CASE = "No findings yet: enter the MRI report, or choose a quick pick."


class CasePanel(QWidget):
    """Step, title and text of the tour at the chosen depth; the list of steps; the button to enter a report."""

    depth_changed = Signal(str)

    def __init__(self, model: CaseModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model, self.depth = model, "patient"
        self.setFixedWidth(STORY_WIDTH)
        layout = QVBoxLayout(self)
        self.step_label = text_label("", 12, object_name="step")
        self.step_label.setStyleSheet("color: #5a5f66;")
        self.title = text_label("", 20, bold=True, object_name="title")
        self.enter = QPushButton("Enter the report…")
        self.enter.setAccessibleDescription("Paste or open an MRI report, or choose a quick pick (Ctrl+Shift+V)")
        grid = QGridLayout()
        self.depth_buttons = depth_buttons(self, grid, 0, self.depth, self.set_depth)
        for widget in (self.step_label, self.title, self.enter):
            layout.addWidget(widget)
        layout.addLayout(grid)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Findings text")
        self.browser.setAccessibleDescription("What the shown finding means, at the chosen depth")
        font = self.browser.font()
        font.setPointSize(TEXT_POINTS)
        self.browser.setFont(font)
        self.browser.document().setDefaultStyleSheet(LINK_STYLE)
        layout.addWidget(self.browser, 1)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setAccessibleDescription("The overview, then one step per finding; choose one to show it")
        list_font = self.steps.font()
        list_font.setPointSize(LIST_POINTS)
        self.steps.setFont(list_font)
        self.steps.currentRowChanged.connect(lambda row: row >= 0 and self.model.set_position(row))
        layout.addWidget(self.steps)
        self._listed: tuple = ()
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def set_depth(self, depth: str) -> None:
        if depth != self.depth:
            self.depth = depth
            self.show_model(self.model)
            self.depth_changed.emit(depth)

    def show_model(self, model: CaseModel) -> None:
        """Everything this panel shows, from the model alone."""
        index, step = model.step_index, model.current_step
        self.step_label.setText(f"Step {index + 1} of {len(model.steps)}")
        self.title.setText(step.title)
        text = model.text(self.depth)
        empty = not model.case.findings.levels
        paragraphs = [NO_CASE] if empty else [p for p in text.split("\n\n") if p.strip()]
        self.browser.setHtml("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
        titles = tuple(s.title for s in model.steps)
        if titles != self._listed:
            self._listed = titles
            self.steps.blockSignals(True)
            self.steps.clear()
            self.steps.addItems([f"{i + 1}. {t}" for i, t in enumerate(titles)])
            self.steps.setFixedHeight(min(self.steps.sizeHintForRow(0) * len(titles) + 6, 260))
            self.steps.blockSignals(False)
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(index)
        self.steps.blockSignals(False)
        show_depth(self.depth_buttons, self.depth)

    def leave(self) -> None:
        if self._leave is not None:
            self._leave()
            self._leave = None


class CasePage:
    """The case story's part of the window (explainer.ui.pages): its panel, its timeline, Ctrl+Shift+V."""

    tick_ms = 40
    notice = None

    def __init__(self, model: CaseModel, layer, host):
        self.model, self.layer, self.host = model, layer, host
        self.panel = CasePanel(model)
        self.controls = StoryControls(model)
        self.panel.enter.clicked.connect(self.enter_report)
        follow_depth(self.panel, host.session)
        self.keys = {}
        self.dialog: FindingsDialog | None = None

    def enter_report(self) -> None:
        """The findings dialog on the case shown; on OK its case is shown from the overview."""
        self.dialog = FindingsDialog(self.model.case, self.host)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.finished.connect(self._entered)
        self.dialog.open()

    def _entered(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and result == QDialog.DialogCode.Accepted:
            self.model.set_case(dialog.case())
        if dialog is not None:
            dialog.deleteLater()

    def leave(self) -> None:
        self.panel.leave()
        self.controls.leave()

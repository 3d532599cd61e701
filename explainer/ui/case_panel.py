"""The case story's page: the tour of a patient's findings beside the model, and the way in (the report).

"Enter the report…" opens the findings dialog (paste, confirm); what it returns becomes the model's case, and
the tour starts at its overview.  Like the other pages, the widgets write only to the model (or the session's
depth) and follow it by subscription.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explainer.stories.case import NOTE_LIMIT, CaseModel, Pin
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
        layout.addLayout(self._pins_row())
        self.pins = QListWidget()
        self.pins.setAccessibleName("Pins")
        self.pins.setAccessibleDescription("Each pin's number and note; double-click or F2 to write the note, "
                                           "Delete to remove the pin")
        self.pins.setMaximumHeight(110)
        self.pins.itemChanged.connect(self._note_written)
        layout.addWidget(self.pins)
        self._listed: tuple = ()
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def _pins_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.pin_mode = QPushButton("Drop a pin (P)", checkable=True)
        self.pin_mode.setAccessibleDescription("While pressed, a click on the model drops a numbered pin there")
        self.remove_pin = QPushButton("Remove pin")
        self.remove_pin.setAccessibleDescription("Remove the pin chosen in the list")
        self.remove_pin.clicked.connect(self._remove_chosen)
        row.addWidget(self.pin_mode)
        row.addWidget(self.remove_pin)
        return row

    def _show_pins(self, pins) -> None:
        """The list of pins, "1  pain here", each note editable in place."""
        shown = [(p.number, p.note) for p in pins]
        if shown == getattr(self, "_pins_shown", None):
            return
        self._pins_shown = shown
        self.pins.blockSignals(True)
        self.pins.clear()
        for pin in pins:
            item = QListWidgetItem(pin.note)
            item.setData(Qt.ItemDataRole.UserRole, pin.number)
            item.setToolTip(f"Pin {pin.number}")
            item.setText(f"{pin.number}  {pin.note}" if pin.note else f"{pin.number}  (write a note)")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.pins.addItem(item)
        self.pins.blockSignals(False)

    def _note_written(self, item: QListWidgetItem) -> None:
        number = item.data(Qt.ItemDataRole.UserRole)
        note = item.text().removeprefix(f"{number}").strip().removeprefix("(write a note)").strip()
        pins = [replace(p, note=note[:NOTE_LIMIT]) if p.number == number else p for p in self.model.case.pins]
        self.model.edit(replace(self.model.case, pins=pins))

    def _remove_chosen(self) -> None:
        item = self.pins.currentItem()
        if item is not None:
            number = item.data(Qt.ItemDataRole.UserRole)
            pins = [p for p in self.model.case.pins if p.number != number]
            self.model.edit(replace(self.model.case, pins=pins))

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
        self._show_pins(model.case.pins)

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
        self.keys = {Qt.Key.Key_P: self.panel.pin_mode.toggle}
        self.dialog: FindingsDialog | None = None

    def clicked(self, x: int, y: int) -> bool:
        """With "Drop a pin" pressed, a click on the model drops the next numbered pin there (the click is taken)
        and its note is opened for writing; otherwise the click selects as usual."""
        if not self.panel.pin_mode.isChecked():
            return False
        point = self.host.scene.pick_point(x, y)
        if point is None:
            return True
        pins = self.model.case.pins
        number = max((p.number for p in pins), default=0) + 1
        self.model.edit(replace(self.model.case, pins=[*pins, Pin(number, point, "")]))
        self.panel.pin_mode.setChecked(False)
        self.panel.pins.setCurrentRow(self.panel.pins.count() - 1)
        self.panel.pins.editItem(self.panel.pins.currentItem())
        return True

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

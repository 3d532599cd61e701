"""Your findings, in: paste (or open) the MRI report, confirm the findings read from it, then show them.

The report box and the table are two views of one `Findings`: reading the report fills the table; editing a
cell changes the findings; hovering or choosing a cell shows the report's words it came from, highlighted in
the report.  Every sentence that names a level but was not understood is listed, never dropped.  Quick picks
fill the table with a common pattern.  The dialog returns a Case; the window shows it in 3D.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from explainer.stories.case import Case
from explainer.stories.findings import (
    LEVELS,
    Findings,
    FindingsError,
    LevelFindings,
    ReportError,
    parse_report,
    read_report,
)
from explainer.stories.findings.table import COLUMNS, NONE, evidence_words
from explainer.stories.quick_picks import quick_picks
from explainer.ui.panel import text_label

ABSENT = QColor("#8a9099")  # a level the report does not mention
FOUND = QColor("#fff1c9")  # a cell that holds a finding
EVIDENCE = QColor("#ffe08a")  # the report's words behind the chosen cell
TABLE_POINTS = 12


class ChoiceDelegate(QStyledItemDelegate):
    """Cells edited with the keyboard: a drop-down of the column's choices, or a line of text for the roots."""

    def createEditor(self, parent, option, index):
        column = COLUMNS[index.column()]
        if column.choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(column.choices)
        combo.setAccessibleName(column.title)
        combo.activated.connect(lambda _: (self.commitData.emit(combo), self.closeEditor.emit(combo)))
        return combo

    def setEditorData(self, editor, index):
        if isinstance(editor, QComboBox):
            editor.setCurrentText(index.data())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, text)


class FindingsTable(QTableWidget):
    """A row per level (T12-L1 … L5-S1), a cell per finding; edits go into `findings`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(len(LEVELS), len(COLUMNS), parent)
        self.findings = Findings()
        self.setAccessibleName("Findings table")
        self.setAccessibleDescription("A row per level, a column per finding. Press F2 or type to change a cell.")
        self.setHorizontalHeaderLabels([c.title for c in COLUMNS])
        self.setVerticalHeaderLabels(list(LEVELS))
        for i, column in enumerate(COLUMNS):
            self.horizontalHeaderItem(i).setToolTip(column.hint)
        self.setItemDelegate(ChoiceDelegate(self))
        font = self.font()
        font.setPointSize(TABLE_POINTS)
        self.setFont(font)
        self.errors: list[str] = []
        self.itemChanged.connect(self._edited)

    def show_findings(self, findings: Findings) -> None:
        """Fill every cell from `findings` (a level not mentioned is greyed and reads "none")."""
        self.findings = findings
        self.blockSignals(True)
        for row, name in enumerate(LEVELS):
            level = findings.levels.get(name)
            for col, column in enumerate(COLUMNS):
                text = column.read(level or LevelFindings())
                item = QTableWidgetItem(text)
                words = evidence_words(level, column) if level else []
                item.setToolTip("From the report: " + " … ".join(f"“{w}”" for w in words) if words else column.hint)
                if level is None:
                    item.setForeground(ABSENT)
                elif text not in (NONE, "no"):
                    item.setBackground(FOUND)
                self.setItem(row, col, item)
        self.blockSignals(False)
        self.resizeColumnsToContents()

    def _edited(self, item: QTableWidgetItem) -> None:
        """A cell changed by hand: write it into the level (made present if it was not mentioned)."""
        name, column = LEVELS[item.row()], COLUMNS[item.column()]
        level = self.findings.levels.setdefault(name, LevelFindings())
        try:
            column.write(level, item.text())
        except FindingsError as error:
            self.errors.append(str(error))
        self.findings.levels = {n: self.findings.levels[n] for n in LEVELS if n in self.findings.levels}
        self.show_findings(self.findings)


class FindingsDialog(QDialog):
    """Report on the left, the findings it gives on the right; OK returns `case()` for the window to show."""

    def __init__(self, case: Case, parent: QWidget | None = None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Your findings")
        self.setAccessibleName("Your findings")
        self.folder = folder
        self.base = case
        split = QSplitter(self)
        split.addWidget(self._report_side(case))
        split.addWidget(self._findings_side(case))
        split.setSizes([420, 780])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Show on the spine")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(1280, 720)
        self.table.show_findings(case.findings)
        self._list_unread(case.findings)

    def _report_side(self, case: Case) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.addWidget(text_label("1. Paste the MRI report", 15, bold=True))
        self.report = QPlainTextEdit(case.report or "")
        self.report.setAccessibleName("Report text")
        self.report.setAccessibleDescription("Paste the report here; its findings appear in the table.")
        self.report.setPlaceholderText("Paste the report's findings and impression here (Ctrl+V).")
        self.report.textChanged.connect(self.read_report)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open .txt…")
        self.open_button.setAccessibleDescription("Read a report from a text file")
        self.open_button.clicked.connect(self.open_report)
        self.picks = QComboBox()
        self.picks.setAccessibleName("Quick picks")
        self.picks.setAccessibleDescription("Fill the table with a common pattern")
        self.picks.addItem("Quick picks…")
        self.picks.addItems(list(quick_picks()))
        self.picks.activated.connect(self.pick)
        row.addWidget(self.open_button)
        row.addWidget(self.picks, 1)
        layout.addLayout(row)
        layout.addWidget(self.report, 1)
        return side

    def _findings_side(self, case: Case) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.addWidget(text_label("2. Check the findings (hover a cell for the report's words)", 15, bold=True))
        self.table = FindingsTable()
        self.table.currentCellChanged.connect(lambda row, col, *_: self._show_evidence(row, col))
        layout.addWidget(self.table, 2)
        layout.addWidget(text_label("Sentences naming a level that were not understood (check them by hand)", 12))
        self.unread = QListWidget()
        self.unread.setAccessibleName("Sentences not understood")
        self.unread.setWordWrap(True)
        self.unread.currentTextChanged.connect(self._find_sentence)
        layout.addWidget(self.unread, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Age (optional)"))
        self.age = QSpinBox()
        self.age.setRange(0, 120)
        self.age.setSpecialValueText("not given")
        self.age.setValue(case.age or 0)
        self.age.setAccessibleName("Age")
        self.age.setAccessibleDescription("For how common each finding is in people without pain at this age")
        row.addWidget(self.age)
        self.keep = QCheckBox("Keep the report text in the case file")
        self.keep.setChecked(case.report is not None)
        row.addWidget(self.keep, 1)
        layout.addLayout(row)
        return side

    def read_report(self) -> None:
        """Parse the report box into the table (on every change: parsing takes milliseconds)."""
        findings = parse_report(self.report.toPlainText())
        self.table.show_findings(findings)
        self._list_unread(findings)

    def _list_unread(self, findings: Findings) -> None:
        self.unread.clear()
        self.unread.addItems(findings.not_understood)

    def open_report(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a report", self.folder, "Text (*.txt);;All files (*)")
        if path:
            self.load_report(Path(path))

    def load_report(self, path: Path) -> None:
        """A report file into the box; an unreadable one says why and changes nothing."""
        try:
            text = read_report(path)
        except ReportError as error:
            QMessageBox.warning(self, "Report not read", str(error))
            return
        self.folder = str(path.parent)
        self.report.setPlainText(text)

    def pick(self, index: int) -> None:
        """A quick pick replaces the findings (the report box is left as it is)."""
        if index <= 0:
            return
        self.table.show_findings(quick_picks()[self.picks.itemText(index)])
        self._list_unread(Findings())
        self.picks.setCurrentIndex(0)

    def _show_evidence(self, row: int, col: int) -> None:
        """Highlight in the report the words the chosen cell came from."""
        level = self.table.findings.levels.get(LEVELS[row]) if row >= 0 else None
        marks = []
        if level is not None and col >= 0:
            spans = [s for path in COLUMNS[col].evidence for s in level.evidence.get(path, ())]
            for span in spans:
                mark = QTextEdit.ExtraSelection()
                mark.cursor = QTextCursor(self.report.document())
                mark.cursor.setPosition(span.start)
                mark.cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
                mark.format = QTextCharFormat()
                mark.format.setBackground(EVIDENCE)
                marks.append(mark)
            if spans:
                cursor = QTextCursor(self.report.document())
                cursor.setPosition(spans[0].start)
                self.report.setTextCursor(cursor)
        self.report.setExtraSelections(marks)

    def _find_sentence(self, sentence: str) -> None:
        """Select a not-understood sentence in the report (its words may be spread over lines)."""
        words = sentence.split()
        if words and not self.report.find(words[0]):
            self.report.moveCursor(QTextCursor.MoveOperation.Start)
            self.report.find(words[0])

    def case(self) -> Case:
        """The confirmed case: the table's findings, the age if given, the report only if kept."""
        report = self.report.toPlainText() if self.keep.isChecked() and self.report.toPlainText().strip() else None
        return replace(self.base, findings=self.table.findings, age=self.age.value() or None, report=report)

"""The case in the real window: paste the report, confirm the findings in the table, show them, take the tour; a
pin dropped on the model; the case saved, refused, autosaved and recovered."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import click_3d, shown_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from explainer.render.materials import HIGHLIGHT
from explainer.stories.case import read_case
from explainer.stories.findings import LEVELS
from explainer.stories.findings.table import COLUMNS
from explainer.ui.case_files import autosave_folder

REPORT = """FINDINGS:
L3-L4: Mild diffuse disc bulge.
L4-L5: Left paracentral disc extrusion compressing the traversing left L5 nerve root. Moderate central canal
stenosis. The facets look funny here.
L5-S1: Severe right foraminal stenosis.
"""
COLUMN = {c.key: i for i, c in enumerate(COLUMNS)}


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, active=True) as window:
        window.menus.actions["enter_report"].trigger()
        yield window


def cell(dialog, level: str, key: str):
    return dialog.table.item(LEVELS.index(level), COLUMN[key])


def test_paste_confirm_and_tour_in_three_steps(qtbot, window, spine):
    dialog = window.page.dialog
    assert window.active == "case" and dialog.isVisible()
    dialog.report.setPlainText(REPORT)  # 1: the paste
    assert cell(dialog, "L4-L5", "herniation.type").text() == "extrusion"
    assert cell(dialog, "L4-L5", "herniation.side").text() == "left"
    assert cell(dialog, "L5-S1", "foramen.right").text() == "severe"
    assert "extrusion" in cell(dialog, "L4-L5", "herniation.type").toolTip()  # the report's own words
    assert any("funny" in dialog.unread.item(i).text() for i in range(dialog.unread.count()))
    healthy = np.array(spine.structures["disc_L4-L5"].mesh.points)
    dialog.accept()  # 2: the confirmation
    model = window.model
    assert model.case.findings.levels["L4-L5"].herniation.type == "extrusion"
    assert [s.level for s in model.steps[:2]] == [None, "L3-L4"]
    assert np.abs(np.array(spine.structures["disc_L4-L5"].mesh.points) - healthy).max() > 0.5  # posed in 3D
    assert window.layer.marks["L4-L5"].GetVisibility() and not window.layer.marks["L1-L2"].GetVisibility()
    step = next(i for i, s in enumerate(model.steps) if s.topic == "canal")
    window.page.panel.steps.setCurrentRow(step)  # 3: the tour, at the narrowed canal
    assert model.step_index == step and window.page.panel.title.text() == model.steps[step].title
    assert window.scene.shown_colour("flavum_L4-L5") == pytest.approx(HIGHLIGHT)
    assert "canal" in window.page.panel.browser.toPlainText()


def test_a_cell_changed_from_the_keyboard_changes_the_findings(qtbot, window):
    dialog = window.page.dialog
    table = dialog.table
    table.setCurrentCell(LEVELS.index("L2-L3"), COLUMN["canal"])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(type(dialog.picks))  # the drop-down of grades
    editor.setCurrentText("moderate")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # leaving the cell commits it
    assert table.findings.levels["L2-L3"].canal == "moderate"
    assert cell(dialog, "L2-L3", "canal").text() == "moderate"


def test_the_chosen_cell_lights_its_words_in_the_report(qtbot, window):
    dialog = window.page.dialog
    dialog.report.setPlainText(REPORT)
    dialog.table.setCurrentCell(LEVELS.index("L5-S1"), COLUMN["foramen.right"])
    marks = dialog.report.extraSelections()
    assert marks and "foraminal" in marks[0].cursor.selectedText().lower()


def test_a_quick_pick_fills_the_table(qtbot, window):
    dialog = window.page.dialog
    dialog.picks.setCurrentIndex(1)
    dialog.pick(1)
    assert dialog.table.findings.levels and dialog.picks.currentIndex() == 0


def test_a_pin_is_dropped_on_the_model_and_its_note_written(qtbot, window):
    window.page.dialog.reject()
    page = window.page
    page.keys[Qt.Key.Key_P]()
    assert page.panel.pin_mode.isChecked()
    click_3d(qtbot, window, "L4")
    pins = window.model.case.pins
    assert [p.number for p in pins] == [1] and not page.panel.pin_mode.isChecked()
    assert len(window.layer.pins.shown) == 1
    item = page.panel.pins.item(0)
    item.setText("pain here")
    assert window.model.case.pins[0].note == "pain here"
    page.panel.pins.setCurrentRow(0)
    page.panel.remove_pin.click()
    assert window.model.case.pins == [] and not window.layer.pins.shown


def test_the_case_is_saved_opened_and_a_damaged_file_refused(qtbot, window, tmp_path, monkeypatch):
    window.page.dialog.report.setPlainText(REPORT)
    window.page.dialog.accept()
    out = tmp_path / "visit"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.menus.actions["save_case_as"].trigger()
    saved = tmp_path / "visit.json"
    assert read_case(saved).findings.levels["L4-L5"].canal == "moderate"
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "lumbar-explainer/case", "version": 99}')
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *_: warned.append(text))
    shown = window.model.case
    assert not window.menus.cases.open(damaged)
    assert warned and "damaged.json" in warned[0] and window.model.case is shown
    assert json.loads(damaged.read_text())["version"] == 99  # never overwritten
    assert window.menus.cases.open(saved)
    assert window.model.case.findings.levels["L5-S1"].foramen["right"] == "severe"


def test_an_unsaved_case_is_autosaved_and_recovered_after_the_window_is_gone(qtbot, window, spine):
    window.page.dialog.report.setPlainText(REPORT)
    window.page.dialog.accept()
    assert list(autosave_folder().iterdir())
    window.close()  # as after a crash: the case was never saved
    with shown_window(qtbot, spine) as again:
        assert again.menus.cases.recoverable() is not None
        assert again.menus.cases.recover()
        assert again.active == "case"
        assert again.model.case.findings.levels["L4-L5"].herniation.side == "left"

"""Text size from 100 % to 200 % (Ctrl + / Ctrl − / Ctrl 0): the panels' fonts and the 3D view's text grow together,
nothing is clipped or overlaps at 200 % in the window's default size, and the size is remembered."""

from __future__ import annotations

import itertools

import pytest
from conftest import shown_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

from explainer.stories import STORIES
from explainer.ui.settings import store, text_percent
from explainer.ui.text_size import PERCENTS


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, active=True) as window:
        yield window


def test_ctrl_plus_minus_and_zero(window, qtbot):
    title = window.panel.findChild(QLabel)  # "Lumbar Explainer", made at 20 points
    app_points = QApplication.font().pointSizeF()
    label = window.scene.labels[0].GetTextProperty()
    label_size = label.GetFontSize()
    for _ in PERCENTS:
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.menus.text_size.percent == 200
    assert title.font().pointSizeF() == 40
    assert QApplication.font().pointSizeF() == 2 * app_points
    assert label.GetFontSize() == 2 * label_size
    assert window.panel.width() == 2 * 330
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.menus.text_size.percent == PERCENTS[-2]
    assert text_percent(store(), PERCENTS) == PERCENTS[-2]
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert (window.menus.text_size.percent, title.font().pointSizeF(), label.GetFontSize()) == (100, 20, label_size)
    assert QApplication.font().pointSizeF() == app_points


def test_the_text_size_is_remembered(qtbot, spine):
    with shown_window(qtbot, spine) as first:
        first.menus.text_size.set_percent(150)
    assert text_percent(store(), PERCENTS) == 150
    with shown_window(qtbot, spine) as second:
        assert second.menus.text_size.percent == 150
        assert second.panel.width() == round(1.5 * 330)
    store().setValue("text_size", "enormous")
    assert text_percent(store(), PERCENTS) == 100


def _problems(root: QWidget) -> list[str]:
    """Visible labels shorter than their text needs, buttons and lists of choices narrower than their text, and
    widgets of one layout that overlap."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        name = f"{type(widget).__name__} {text[:30]!r}"
        if isinstance(widget, QLabel):
            needed = widget.heightForWidth(widget.width()) if widget.wordWrap() else widget.sizeHint().height()
            if widget.height() < needed or (not widget.wordWrap() and widget.width() < widget.sizeHint().width()):
                found.append(f"{name}: {widget.size().toTuple()} < {needed}")
        elif isinstance(widget, QAbstractButton | QComboBox):
            least = widget.minimumSizeHint()
            if widget.width() < least.width() or widget.height() < least.height():
                found.append(f"{name}: {widget.size().toTuple()} < {least.toTuple()}")
        layout = widget.layout()
        if layout is not None:
            laid = [layout.itemAt(i).widget() for i in range(layout.count())]
            laid = [w for w in laid if w is not None and w.isVisible()]
            found += [f"{type(a).__name__} overlaps {type(b).__name__}" for a, b in itertools.combinations(laid, 2)
                      if a.geometry().intersects(b.geometry())]
    return found


@pytest.mark.parametrize("story", list(STORIES))
def test_nothing_clipped_or_overlapping_at_200(window, qtbot, story):
    window.show_story(story)
    window.menus.text_size.set_percent(200)
    for tab in range(window.side_tabs.count()):
        window.side_tabs.setCurrentIndex(tab)
        QApplication.processEvents()  # the fonts' layout requests
        QApplication.processEvents()  # the window grown to its new least size, and laid out again
        problems = _problems(window)
        assert not problems, f"tab {window.side_tabs.tabText(tab)}: " + "; ".join(problems)

"""The side panel: groups, labels, camera presets and the name of the chosen structure.

It only emits signals; the window decides what they do to the scene.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from explainer.render.materials import GROUP_TITLES, HIDDEN_AT_START
from explainer.stories.camera import PRESETS

PANEL_WIDTH = 330
NO_SELECTION = "Click a structure to name it."
DISCLAIMER = "An explanation aid, not a diagnosis or a treatment recommendation."


def text_label(text: str, points: int, bold: bool = False, object_name: str = "") -> QLabel:
    """A wrapping label at a given size: the panels' one way of making readable text."""
    label = QLabel(text)
    font = label.font()
    font.setPointSize(points)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


class ControlPanel(QWidget):
    """Controls beside the 3D view, in fonts readable from a metre away."""

    group_visible = Signal(str, bool)
    group_opacity = Signal(str, float)
    labels_visible = Signal(bool)
    view_requested = Signal(str)
    reset_requested = Signal()

    def __init__(self, groups: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedWidth(PANEL_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Lumbar Explainer", 20, bold=True))
        layout.addWidget(self._structures_box(groups))
        layout.addWidget(self._views_box())
        layout.addWidget(text_label("Selected", 13, bold=True))
        self.selection = text_label(NO_SELECTION, 18, bold=True)
        self.selection.setObjectName("selection")
        layout.addWidget(self.selection)
        layout.addStretch(1)
        disclaimer = text_label(DISCLAIMER, 13)
        disclaimer.setStyleSheet("color: #5a5f66;")
        layout.addWidget(disclaimer)

    def _structures_box(self, groups: list[str]) -> QGroupBox:
        box = QGroupBox("Structures")
        grid = QGridLayout(box)
        self.visibility: dict[str, QCheckBox] = {}
        self.opacity: dict[str, QSlider] = {}
        for row, group in enumerate(groups):
            check = QCheckBox(GROUP_TITLES.get(group, group.capitalize()))
            check.setChecked(group not in HIDDEN_AT_START)
            check.setAccessibleDescription(f"Show or hide the {check.text().lower()} in the 3D view")
            check.toggled.connect(lambda on, g=group: self.group_visible.emit(g, on))
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(100)
            slider.setToolTip("Opacity")
            slider.setAccessibleName(f"{check.text()} opacity")
            slider.setAccessibleDescription(f"How solid the {check.text().lower()} look: fade them to see inside")
            slider.valueChanged.connect(lambda value, g=group: self.group_opacity.emit(g, value / 100))
            grid.addWidget(check, row, 0)
            grid.addWidget(slider, row, 1)
            self.visibility[group], self.opacity[group] = check, slider
        self.labels = QCheckBox("Labels")
        self.labels.setChecked(True)
        self.labels.setAccessibleDescription("Show or hide the names written beside the structures")
        self.labels.toggled.connect(self.labels_visible)
        grid.addWidget(self.labels, len(groups), 0, 1, 2)
        return box

    def _views_box(self) -> QGroupBox:
        box = QGroupBox("View")
        grid = QGridLayout(box)
        self.view_buttons: dict[str, QPushButton] = {}
        for index, view in enumerate(PRESETS):
            button = QPushButton(view.capitalize())
            button.clicked.connect(lambda _=False, v=view: self.view_requested.emit(v))
            button.setAccessibleDescription(f"Turn the model to the {view} view")
            grid.addWidget(button, index // 2, index % 2)
            self.view_buttons[view] = button
        self.reset = QPushButton("Reset view")
        self.reset.setAccessibleDescription("Turn the model back to the first view and clear the selection")
        self.reset.clicked.connect(self.reset_requested)
        grid.addWidget(self.reset, (len(PRESETS) + 1) // 2, 0, 1, 2)
        return box

    def show_group(self, group: str, visible: bool, opacity: float) -> None:
        """Show a group's state as the scene has it (a story may have changed it), without echoing it back."""
        for widget, set_value in ((self.visibility[group], lambda w: w.setChecked(visible)),
                                  (self.opacity[group], lambda w: w.setValue(round(opacity * 100)))):
            widget.blockSignals(True)
            set_value(widget)
            widget.blockSignals(False)

    def show_selection(self, text: str | None) -> None:
        self.selection.setText(text or NO_SELECTION)

"""The stenosis story's page: the text panel beside the model with the bend slider, the timeline under it.

Each widget only writes to the StenosisModel (or the Session, for the depth) and only updates itself when the
model notifies it; programmatic updates block the widget's signals, so there is no feedback loop.  The text panel
and the timeline are the degeneration story's (explainer.ui.story_panel), fed this story's narration.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from explainer.stories.stenosis import BEND_RANGE, StenosisModel
from explainer.ui.story_panel import DegenerationPage

BEND_TICKS = 20  # slider steps from full extension to full flexion


class StenosisPage(DegenerationPage):
    """The stenosis story's part of the window (explainer.ui.pages): the degeneration page's text panel, timeline,
    cross-section button and X, with the bend slider under the choosers."""

    story = "stenosis"
    panel_options = {"systems": ()}  # no grading row: this story's figures are measured, in the readout

    def __init__(self, model: StenosisModel, layer, host):
        super().__init__(model, layer, host)
        self.bend = QSlider(Qt.Orientation.Horizontal)
        self.bend.setRange(round(BEND_RANGE[0] * BEND_TICKS / 2), round(BEND_RANGE[1] * BEND_TICKS / 2))
        self.bend.setAccessibleName("Bend")
        self.bend.setToolTip("Bend the segment: lean back (left) or bend forward (right)")
        self.bend.setAccessibleDescription(self.bend.toolTip())
        self.bend.valueChanged.connect(lambda value: model.set_bend(value / (BEND_TICKS / 2)))
        row = QHBoxLayout()
        for widget in (QLabel("Lean back"), self.bend, QLabel("Bend forward")):
            row.addWidget(widget)
        layout = self.panel.layout()  # in the panel, under the choosers: the timeline bar has no room to spare
        layout.insertLayout(layout.indexOf(self.panel.browser), row)
        QWidget.setTabOrder(self.panel.depth_buttons["student"], self.bend)  # Tab reads the panel top down
        QWidget.setTabOrder(self.bend, self.panel.browser)
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def show_model(self, model: StenosisModel) -> None:
        """The bend slider where the model's bend is."""
        self.bend.blockSignals(True)
        self.bend.setValue(round(model.bend * BEND_TICKS / 2))
        self.bend.blockSignals(False)

    def leave(self) -> None:
        super().leave()
        if self._leave is not None:
            self._leave()
            self._leave = None

"""The stenosis story's page: the text panel beside the model, the timeline and the bend slider under it.

Each widget only writes to the StenosisModel (or the Session, for the depth) and only updates itself when the
model notifies it; programmatic updates block the widget's signals, so there is no feedback loop.  The text panel
and the timeline are the degeneration story's (explainer.ui.story_panel), fed this story's narration.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSlider

from explainer.stories.stenosis import BEND_RANGE, StenosisModel
from explainer.ui.story_panel import DegenerationPage, StoryControls, StoryPanel, follow_depth
from narration import load_story

BEND_TICKS = 20  # slider steps from full extension to full flexion


class StenosisPanel(StoryPanel):
    """The story panel without the cascade's grading systems: this story's figures are measured on the model
    and shown in the readout."""

    def _grades(self) -> QGridLayout:
        self.grades = {}
        return QGridLayout()


class StenosisPage:
    """The stenosis story's part of the window (explainer.ui.pages): its text panel, its timeline with the bend
    slider and the cross-section button, X for the cross-section."""

    tick_ms = 40

    def __init__(self, model: StenosisModel, layer, host):
        self.model, self.layer, self.host = model, layer, host
        self.panel = StenosisPanel(model, load_story("stenosis"))
        self.controls = StoryControls(model)
        self.bend = QSlider(Qt.Orientation.Horizontal)
        self.bend.setRange(round(BEND_RANGE[0] * BEND_TICKS / 2), round(BEND_RANGE[1] * BEND_TICKS / 2))
        self.bend.setAccessibleName("Bend")
        self.bend.setToolTip("Bend the segment: lean back (left) or bend forward (right)")
        self.bend.setFixedWidth(160)
        self.bend.valueChanged.connect(lambda value: model.set_bend(value / (BEND_TICKS / 2)))
        self.section = QPushButton("Cross-section", checkable=True)
        self.section.setToolTip("An axial cut through the disc, as on an MRI (X)")
        self.section.toggled.connect(self.show_section)
        layout = self.controls.layout()
        for widget in (QLabel("Lean back"), self.bend, QLabel("Bend forward"), self.section):
            layout.addWidget(widget)
        self.panel.term_clicked.connect(host.show_term)
        follow_depth(self.panel, host.session)
        self.keys = {Qt.Key.Key_X: self.section.toggle}
        problems = self.panel.text.problems
        self.notice = (f"Narration: {len(problems)} file problem(s), e.g. {problems[0]} (placeholder text shown)"
                       if problems else None)
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def show_model(self, model: StenosisModel) -> None:
        """The bend slider where the model's bend is."""
        self.bend.blockSignals(True)
        self.bend.setValue(round(model.bend * BEND_TICKS / 2))
        self.bend.blockSignals(False)

    show_section = DegenerationPage.show_section

    def leave(self) -> None:
        self.panel.leave()
        self.controls.leave()
        if self._leave is not None:
            self._leave()
            self._leave = None

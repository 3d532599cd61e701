"""The injection story's page: the cue list with the evidence beside the model, and its timeline bar.

Like the degeneration story's panel, each widget writes only to the ProcedureModel and updates itself only when
the model notifies it.  The cue being spoken is highlighted and kept in view while playing or scrubbing; a click
on a cue jumps there.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explainer.stories.injection import SPEEDS, ProcedureModel
from explainer.ui.panel import text_label
from explainer.ui.story_panel import STORY_WIDTH, StoryControls, depth_buttons, follow_depth, show_depth
from meshes.params import SEGMENTS, SIDES
from narration import PLACEHOLDER, CueText, load_cues
from narration.claims import TopicText, load_patient_evidence
from narration.stories import INJECTION_GUIDANCE, INJECTION_HARVESTS, INJECTION_TARGETS, ULTRASOUND_TARGETS

CUE_POINTS = 13
TARGET_NAMES = {"disc": "Disc (centre)", "facet": "Facet joint", "sij": "Sacroiliac joint"}
GUIDANCE_NAMES = {"fluoroscopy": "Live X-ray (fluoroscopy)", "ultrasound": "Ultrasound"}
HARVEST_NAMES = {"marrow": "Bone marrow (pelvis)", "fat": "Fat (belly or thigh)", "blood": "Blood (arm), for PRP"}


def clock(seconds: float) -> str:
    """m:ss, as the cues are written."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


class CuePanel(QWidget):
    """Phase title, target chooser, the cues at the chosen depth with the current one marked, and the evidence."""

    depth_changed = Signal(str)

    def __init__(self, model: ProcedureModel, cues: CueText, parent: QWidget | None = None,
                 patient_evidence: TopicText | None = None):
        super().__init__(parent)
        self.model, self.cues = model, cues
        self.patient_evidence = load_patient_evidence() if patient_evidence is None else patient_evidence
        self.depth = "patient"
        self.setFixedWidth(STORY_WIDTH)
        layout = QVBoxLayout(self)
        self.step_label = text_label("", 12)
        self.step_label.setStyleSheet("color: #5a5f66;")
        self.title = text_label("", 20, bold=True)
        layout.addWidget(self.step_label)
        layout.addWidget(self.title)
        layout.addLayout(self._choosers())
        self.cue_list = QListWidget()
        self.cue_list.setAccessibleName("Cues")
        self.cue_list.setAccessibleDescription("What is said in the film, by time; the one spoken now is marked. "
                                               "Choose one to go there")
        self.cue_list.setWordWrap(True)
        self.cue_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        font = self.cue_list.font()
        font.setPointSize(CUE_POINTS)
        self.cue_list.setFont(font)
        self.cue_list.itemClicked.connect(self._cue_clicked)
        layout.addWidget(self.cue_list, 3)
        self.evidence = QTextBrowser()
        self.evidence.setAccessibleName("What the evidence says")
        self.evidence.setAccessibleDescription("What the studies show about these injections, with sources")
        self.evidence.setOpenExternalLinks(False)
        layout.addWidget(text_label("What the evidence says", 13, bold=True))
        layout.addWidget(self.evidence, 2)
        self._shown_cues: tuple | None = None
        self.current = None
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)
        self._show_evidence()

    def _choosers(self) -> QGridLayout:
        grid = QGridLayout()
        self.target = QComboBox()
        self.target.addItems([TARGET_NAMES[t] for t in INJECTION_TARGETS])
        self.level = QComboBox()
        self.level.addItems(SEGMENTS)
        self.side = QComboBox()
        self.side.addItems([side.capitalize() for side in SIDES])
        self.harvest = QComboBox()
        self.harvest.addItems([HARVEST_NAMES[h] for h in INJECTION_HARVESTS])
        self.harvest.setAccessibleName("Sample")
        self.harvest.setAccessibleDescription("Where the sample comes from: bone marrow, fat, or blood")
        self.harvest.currentIndexChanged.connect(lambda i: self.model.set_harvest(INJECTION_HARVESTS[i]))
        self.guidance = QComboBox()
        self.guidance.addItems([GUIDANCE_NAMES[g] for g in INJECTION_GUIDANCE])
        self.guidance.setAccessibleName("Guidance")
        self.guidance.setAccessibleDescription("How the needle is guided: a live X-ray, or ultrasound for the facet "
                                               "and sacroiliac joints")
        self.guidance.currentIndexChanged.connect(lambda i: self.model.set_guidance(INJECTION_GUIDANCE[i]))
        for combo, name, description in (
                (self.target, "Target", "Where the needle goes: the centre of the disc, a facet joint "
                 "or the sacroiliac joint"),
                (self.level, "Segment", "The spinal segment the film shows"),
                (self.side, "Side", "The side the needle enters from")):
            combo.setAccessibleName(name)
            combo.setAccessibleDescription(description)
            combo.currentIndexChanged.connect(self._target_chosen)
        grid.addWidget(QLabel("Target"), 0, 0)
        grid.addWidget(self.target, 0, 1, 1, 2)
        grid.addWidget(self.level, 1, 1)
        grid.addWidget(self.side, 1, 2)
        grid.addWidget(QLabel("Sample"), 2, 0)
        grid.addWidget(self.harvest, 2, 1, 1, 2)
        grid.addWidget(QLabel("Guidance"), 3, 0)
        grid.addWidget(self.guidance, 3, 1, 1, 2)
        self.depth_buttons = depth_buttons(self, grid, 4, self.depth, self.set_depth)
        return grid

    def _target_chosen(self) -> None:
        self.model.set_target(INJECTION_TARGETS[self.target.currentIndex()], self.level.currentText(),
                              SIDES[self.side.currentIndex()])

    def set_depth(self, depth: str) -> None:
        if depth != self.depth:
            self.depth = depth
            show_depth(self.depth_buttons, depth)
            self.show_model(self.model)
            self._show_evidence()
            self.depth_changed.emit(depth)

    def show_model(self, model: ProcedureModel) -> None:
        """Everything this panel shows, from the model alone: cheap when only the time moved."""
        phase = model.phase
        self.step_label.setText(f"Phase {model.phase_index + 1} of {len(model.phases)} · {clock(model.time)}"
                                f" of {clock(model.length)}")
        self.title.setText(phase.title)
        self._fill_cues(model)
        self._mark(self.cues.cue_at(self.depth, model.target, model.time, **model.choices))
        for widget, value in ((self.target, INJECTION_TARGETS.index(model.target)),
                              (self.harvest, INJECTION_HARVESTS.index(model.harvest)),
                              (self.guidance, INJECTION_GUIDANCE.index(model.guidance)),
                              (self.level, SEGMENTS.index(model.level)), (self.side, SIDES.index(model.side))):
            widget.blockSignals(True)
            widget.setCurrentIndex(value)
            widget.blockSignals(False)
        self.level.setEnabled(model.target != "sij")  # one sacroiliac joint a side, whatever the segment
        self.guidance.setEnabled(model.target in ULTRASOUND_TARGETS)  # the disc: under X-ray only

    def _fill_cues(self, model: ProcedureModel) -> None:
        """The cue list for the depth and the choices (rebuilt only when one changes)."""
        shown = (self.depth, model.target, *model.choices.values())
        if self._shown_cues == shown:
            return
        self._shown_cues = shown
        self.cue_list.clear()
        self.current = None
        for cue in self.cues.cues_for(self.depth, model.target, **model.choices):
            item = QListWidgetItem(f"{clock(cue.start)}   {cue.text}")
            item.setData(Qt.ItemDataRole.UserRole, cue.start)
            self.cue_list.addItem(item)

    def _mark(self, index: int | None) -> None:
        """Highlight the cue being spoken and keep it in view."""
        if index == self.current:
            return
        self.current = index
        self.cue_list.blockSignals(True)
        if index is None:
            self.cue_list.clearSelection()
        else:
            self.cue_list.setCurrentRow(index)
            self.cue_list.scrollToItem(self.cue_list.item(index), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.cue_list.blockSignals(False)

    def _cue_clicked(self, item: QListWidgetItem) -> None:
        self.model.set_time(float(item.data(Qt.ItemDataRole.UserRole)))

    def _show_evidence(self) -> None:
        """The evidence at the chosen depth: plain words under headings for patients, the cue file's summary (with
        its terms and source tags) for students; each followed by its sources."""
        if self.depth == "patient":
            topics = self.patient_evidence.topics
            paragraphs = [f"<p><b>{html.escape(t.heading)}</b></p>"
                          + "".join(f"<p>{html.escape(p)}</p>" for p in t.patient.split("\n\n")) for t in topics]
            paragraphs = paragraphs or [f"<p>{html.escape(PLACEHOLDER)}</p>"]
            citations = self.patient_evidence.citations
        else:
            paragraphs = [f"<p>{html.escape(p)}</p>" for p in self.cues.evidence.split("\n\n") if p.strip()]
            citations = self.cues.citations
        items = "".join(f"<li>{html.escape(c)}</li>" for c in citations)
        self.evidence.setHtml("".join(paragraphs) + f'<p style="color:#5a5f66"><b>Sources</b></p>'
                              f'<ul style="color:#5a5f66; font-size:small">{items}</ul>')

    def leave(self) -> None:
        if self._leave is not None:
            self._leave()
            self._leave = None


class ProcedureControls(StoryControls):
    """The degeneration timeline, plus the playback speed; the slider spans the story's seconds."""

    def __init__(self, model: ProcedureModel, parent: QWidget | None = None):
        super().__init__(model, parent)
        self.speed = QComboBox()
        self.speed.addItems([f"{s:g}×" for s in SPEEDS])
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed")
        self.speed.setAccessibleName("Playback speed")
        self.speed.setAccessibleDescription("How fast the film plays, from half to twice its speed")
        self.speed.currentIndexChanged.connect(lambda i: self.model.set_speed(SPEEDS[i]))
        self.layout().addWidget(self.speed)


class InjectionPage:
    """The film's part of the window (explainer.ui.pages): the cues and evidence, the timeline with the speed;
    students see the Scotty dog named on the oblique fluoroscopy view."""

    tick_ms = 33  # 30 frames a second
    keys: dict = {}

    def __init__(self, model: ProcedureModel, layer, host):
        self.model, self.layer, self.host = model, layer, host
        self.panel = CuePanel(model, load_cues())
        self.controls = ProcedureControls(model)
        self.panel.depth_changed.connect(self._depth)
        follow_depth(self.panel, host.session)
        self.layer.set_depth(self.panel.depth)
        problems = self.panel.cues.problems
        self.notice = f"Narration cues: {problems[0]}" if problems else None

    def _depth(self, depth: str) -> None:
        self.layer.set_depth(depth)
        self.host.render()

    def leave(self) -> None:
        self.panel.leave()
        self.controls.leave()

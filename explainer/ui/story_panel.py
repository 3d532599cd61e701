"""The degeneration story's page: the text panel beside the model and the timeline bar under it.

Each widget only writes to the StoryModel (or the Session, for the depth) and only updates itself when the model
notifies it (`subscribe`); no widget talks to another.  Programmatic updates block the widget's signals, so there
is no feedback loop.  `StoryControls` is the timeline bar every story's page builds on.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSlider,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explainer.stories.degeneration import StoryModel
from explainer.stories.terms import link_terms
from explainer.ui.panel import text_label
from meshes.params import SEGMENTS, SIDES
from narration import GRADES, GRADING_SYSTEMS, SOURCES, StoryText, load_story
from narration.claims import AgeTable, load_common_at_age

STORY_WIDTH = 400
TEXT_POINTS = 15  # the narration, readable from a metre away
LIST_POINTS = 12  # the list of stages
TICKS = 700  # slider resolution over the whole story: fine enough to scrub continuously
# term links: a calm blue without underline, a little weight so they read as something to click
LINK_STYLE = "a { color: #1f5f8f; text-decoration: none; font-weight: 600; }"



def depth_buttons(parent, grid: QGridLayout, row: int, chosen: str, choose) -> dict[str, QPushButton]:
    """"Words for: Patient | Student" on `row` of `grid`: two exclusive buttons, `choose(depth)` on a click."""
    buttons: dict[str, QPushButton] = {}
    group = QButtonGroup(parent)
    for column, depth in enumerate(("patient", "student"), start=1):
        button = QPushButton(depth.capitalize(), checkable=True)
        button.setChecked(depth == chosen)
        button.setAccessibleDescription(f"Write the text for {'students' if depth == 'student' else 'patients'}")
        button.toggled.connect(lambda on, d=depth: on and choose(d))
        group.addButton(button)
        grid.addWidget(button, row, column)
        buttons[depth] = button
    grid.addWidget(QLabel("Words for"), row, 0)
    return buttons

def show_depth(buttons: dict[str, QPushButton], depth: str) -> None:
    """Mark the depth's button, without echoing the change back (the depth may have come from elsewhere)."""
    for name, button in buttons.items():
        button.blockSignals(True)
        button.setChecked(name == depth)
        button.blockSignals(False)


class StoryPanel(QWidget):
    """Title, narration at the chosen depth, grades and sources of the current stage; segment and stage choosers.

    Anatomical terms in the narration are links; a click emits `term_clicked(term)` and the window decides
    what to highlight (the panel keeps no highlight state).  A story with other grades (or none) passes its
    `systems` and `grades` (stage id -> system -> grade); one told of a side only hides the segment chooser."""

    term_clicked = Signal(str)
    depth_changed = Signal(str)

    def __init__(self, model: StoryModel, text: StoryText, parent: QWidget | None = None,
                 systems: tuple[str, ...] = GRADING_SYSTEMS, grades: dict[str, dict[str, str]] = GRADES,
                 choose_level: bool = True):
        super().__init__(parent)
        self.model, self.text = model, text
        self.systems, self.stage_grades, self.choose_level = systems, grades, choose_level
        self.ages = load_common_at_age()
        self.depth = "patient"
        self.setFixedWidth(STORY_WIDTH)
        layout = QVBoxLayout(self)
        self.step_label = text_label("", 12, object_name="step")
        self.step_label.setStyleSheet("color: #5a5f66;")
        self.title = text_label("", 20, bold=True, object_name="title")
        layout.addWidget(self.step_label)
        layout.addWidget(self.title)
        layout.addLayout(self._choosers())
        self.level.setVisible(choose_level)
        layout.addLayout(self._grades())
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Story text")
        self.browser.setAccessibleDescription("What this step shows, with its sources; a linked term lights its "
                                              "structures in 3D")
        self.browser.setOpenLinks(False)
        font = self.browser.font()
        font.setPointSize(TEXT_POINTS)
        self.browser.setFont(font)
        self.browser.document().setDefaultStyleSheet(LINK_STYLE)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        layout.addWidget(self.browser, 1)
        self.stage_list = QListWidget()
        self.stage_list.setAccessibleName("Steps")
        self.stage_list.setAccessibleDescription("The steps of the story; choose one to go there")
        list_font = self.stage_list.font()
        list_font.setPointSize(LIST_POINTS)
        self.stage_list.setFont(list_font)
        self.stage_list.addItems([f"{i + 1}. {stage.title}" for i, stage in enumerate(model.stages)])
        self.stage_list.setFixedHeight(self.stage_list.sizeHintForRow(0) * len(model.stages) + 6)
        self.stage_list.currentRowChanged.connect(lambda row: row >= 0 and self.model.set_position(row))
        # a click on the row already marked (the position lies between stages) snaps to that stage
        self.stage_list.clicked.connect(lambda index: self.model.set_position(index.row()))
        layout.addWidget(self.stage_list)
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def _choosers(self) -> QGridLayout:
        grid = QGridLayout()
        self.level = QComboBox()
        self.level.addItems(SEGMENTS)
        self.side = QComboBox()
        self.side.addItems([side.capitalize() for side in SIDES])
        for combo, name, description in ((self.level, "Segment", "The spinal segment the story shows"),
                                         (self.side, "Side", "The side whose joint and nerve roots are shown")):
            combo.setAccessibleName(name)
            combo.setAccessibleDescription(description)
            combo.currentIndexChanged.connect(self._segment_chosen)
        grid.addWidget(QLabel("Segment"), 0, 0)
        grid.addWidget(self.level, 0, 1)
        grid.addWidget(self.side, 0, 2)
        self.depth_buttons = depth_buttons(self, grid, 1, self.depth, self.set_depth)
        return grid

    def _grades(self) -> QGridLayout:
        grid = QGridLayout()
        self.grades: dict[str, QLabel] = {}
        for column, system in enumerate(self.systems):
            name = text_label(system, 10)
            name.setStyleSheet("color: #5a5f66;")
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grade = text_label("", 15, bold=True)
            grade.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(name, 0, column)
            grid.addWidget(grade, 1, column)
            self.grades[system] = grade
        return grid

    def _segment_chosen(self) -> None:
        self.model.set_segment(self.level.currentText(), SIDES[self.side.currentIndex()])

    def set_depth(self, depth: str) -> None:
        if depth != self.depth:
            self.depth = depth
            self.show_model(self.model)
            self.depth_changed.emit(depth)

    def show_model(self, model: StoryModel) -> None:
        """Everything this panel shows, from the model alone."""
        stage, index = model.stage, model.stage_index
        where = f"{model.level} {model.side}" if self.choose_level else f"{model.side} side"
        self.step_label.setText(f"Step {index + 1} of {len(model.stages)} · {where}")
        self.title.setText(stage.title)
        for system, label in self.grades.items():
            label.setText(self.stage_grades.get(stage.id, {}).get(system, "–"))
        self._show_text(stage.id)
        for widget, value in ((self.stage_list, index), (self.level, SEGMENTS.index(model.level)),
                              (self.side, SIDES.index(model.side))):
            widget.blockSignals(True)
            if isinstance(widget, QListWidget):
                widget.setCurrentRow(value)
            else:
                widget.setCurrentIndex(value)
            widget.blockSignals(False)
        show_depth(self.depth_buttons, self.depth)

    def _show_text(self, stage_id: str) -> None:
        if getattr(self, "_shown", None) == (stage_id, self.depth):
            return  # scrubbing within one stage: the text is already there
        self._shown = (stage_id, self.depth)
        body = self.text.text_for(stage_id, self.depth)
        parts = [f"<p>{link_terms(p)}</p>" for p in body.split("\n\n")]
        parts.append(common_at_age(self.ages, stage_id, self.depth))
        staged = self.text.stages.get(stage_id)
        sources = [f"[{s}] {SOURCES[s]}" for s in staged.sources if s in SOURCES] if staged else []
        if sources:
            items = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
            parts.append(f'<p style="color:#5a5f66; font-size:small"><b>Sources</b></p>'
                         f'<ul style="color:#5a5f66; font-size:small">{items}</ul>')
        self.browser.setHtml("".join(parts))

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "term":
            self.term_clicked.emit(url.path())

    def leave(self) -> None:
        """Stop following the model (idempotent)."""
        if self._leave is not None:
            self._leave()
            self._leave = None


def common_at_age(table: AgeTable, stage_id: str, depth: str) -> str:
    """How many people without back pain show this stage's change, by age (only checked figures), with the
    words that go with it; "" for a stage without such figures."""
    rows = table.for_stage(stage_id)
    if not rows:
        return ""
    lines = []
    for row in rows:
        shares = [f"{share.percent} in 100 at age {age}" + (f" [{share.source}]" if depth == "student" else "")
                  for age, share in row.shares.items() if share is not None]
        note = row.note if depth == "student" else row.plain_note
        said = ". ".join(part for part in ("; ".join(shares), note) if part)
        lines.append(f"<li><b>{html.escape(row.finding)}</b>: {html.escape(said)}</li>")
    words = table.student if depth == "student" else table.patient
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in words.split("\n\n") if p.strip())
    return (f'<h4>{html.escape(table.title or "Common at your age")}</h4>'
            f"<p>People with no back pain who show this change on a scan:</p><ul>{''.join(lines)}</ul>{paragraphs}")


class StoryControls(QWidget):
    """The timeline under the 3D view: Back, Play, Next and a slider that scrubs the whole story."""

    def __init__(self, model: StoryModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.back = QPushButton("◀ Back")
        self.play = QPushButton("▶ Play", checkable=True)
        self.next = QPushButton("Next ▶")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, TICKS)
        self.slider.setToolTip("Scrub through the story")
        self.slider.setAccessibleName("Timeline")
        self.slider.setAccessibleDescription("Where the story is, from its start to its end; move it to scrub")
        for button, description in ((self.back, "Back to the step before (Left arrow or Page Up)"),
                                    (self.play, "Play the story from here, or pause it (Space)"),
                                    (self.next, "On to the next step (Right arrow or Page Down)")):
            button.setAccessibleDescription(description)
        self.back.clicked.connect(lambda: self.model.step(-1))
        self.next.clicked.connect(lambda: self.model.step(+1))
        self.slider.valueChanged.connect(lambda value: self.model.set_position(value / TICKS * self.model.last))
        for widget in (self.back, self.play, self.next):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def show_model(self, model: StoryModel) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(model.position / model.last * TICKS) if model.last else 0)
        self.slider.blockSignals(False)
        self.back.setEnabled(model.position > 0)
        self.next.setEnabled(model.position < model.last)

    def show_playing(self, playing: bool) -> None:
        self.play.blockSignals(True)
        self.play.setChecked(playing)
        self.play.setText("❚❚ Pause" if playing else "▶ Play")
        self.play.blockSignals(False)

    def leave(self) -> None:
        if self._leave is not None:
            self._leave()
            self._leave = None


class StepPage:
    """A stepped story's part of the window (explainer.ui.pages): its text panel (`panel_options` for StoryPanel)
    and its timeline; the narration of `story`."""

    tick_ms = 40  # how often playback draws a frame

    def __init__(self, model, layer, host, story: str, **panel_options):
        self.model, self.layer, self.host = model, layer, host
        self.panel = StoryPanel(model, load_story(story), **panel_options)
        self.controls = StoryControls(model)
        self.panel.term_clicked.connect(host.show_term)
        follow_depth(self.panel, host.session)
        self.keys: dict = {}
        problems = self.panel.text.problems
        self.notice = (f"Narration: {len(problems)} file problem(s), e.g. {problems[0]} (placeholder text shown)"
                       if problems else None)

    def leave(self) -> None:
        self.panel.leave()
        self.controls.leave()


class DegenerationPage(StepPage):
    """The degeneration story's page: the stepped page with the cross-section button, and X for the cross-section."""

    story = "degeneration"  # whose narration the panel reads
    panel_options: dict = {}  # how its panel differs (StoryPanel's keywords)

    def __init__(self, model: StoryModel, layer, host):
        super().__init__(model, layer, host, self.story, **self.panel_options)
        self.section = QPushButton("Cross-section", checkable=True)
        self.section.setToolTip("An axial cut through the disc, as on an MRI (X)")
        self.section.setAccessibleDescription(self.section.toolTip())
        self.controls.layout().addWidget(self.section)
        self.section.toggled.connect(self.show_section)
        self.keys = {Qt.Key.Key_X: self.section.toggle}

    def show_section(self, on: bool) -> None:
        """The axial cross-section inset on or off; the picture slides aside to make room for it (or back),
        keeping the user's turn and zoom."""
        scene = self.host.scene
        before = sum(scene.free_span()) / 2
        self.layer.section.set_visible(on)
        self.host.turn_to(scene.panned(before - sum(scene.free_span()) / 2))


def follow_depth(panel, session) -> None:
    """One depth for every page: the panel's buttons set the session's, and the panel follows the session."""
    panel.set_depth(session.depth)
    panel.depth_changed.connect(session.set_depth)
    leave = session.subscribe(lambda s, what: what == "depth" and panel.set_depth(s.depth))
    panel.destroyed.connect(leave)

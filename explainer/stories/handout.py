"""What a patient handout says, as plain sections: Qt-free and VTK-free, so its words are tested without drawing.

A handout is a title, a line on where it was shown, and a list of `Section`s; a section may carry the story
position whose picture goes with it.  The writer (explainer.ui.handout) lays out any list of sections, adding the
date, the name if one was typed, and the disclaimer; so a handout of something else (a case's findings, "common at
your age", pin notes) is another list of sections made here, and `HANDOUTS` names, per story, the function that
makes its sections.  Only patient-depth text goes in, whatever depth the window shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from explainer.stories.case import CaseModel
from explainer.stories.degeneration import StoryModel
from explainer.stories.injection import ProcedureModel
from explainer.stories.registry import STORIES
from explainer.stories.timeline import Timeline
from narration import load_cues, load_story
from narration.claims import ALL_CITATIONS, load_patient_evidence
from narration.loader import _INLINE_TAG

SAID_IN_FULL = "What else can help"  # the evidence's short pointer: the handout gives "What can help" in full
PICTURE_NOTE = "The model "  # a paragraph on what the step's picture shows starts so
TARGETS = {"disc": "the centre of the disc", "facet": "a facet joint"}
INTRO = ("This sheet goes with what you were shown on the screen. Each part has a picture of the model and a few "
         "words about it. Take it home, read it again, and bring your questions to your next visit.")


@dataclass(frozen=True)
class Section:
    """One heading with its paragraphs (one idea each); `picture` the story position drawn beside it (None: none).
    `level` 2 is a part of its own, 3 a part of the one before; `fine_print` sections (the sources) are set
    smaller and are not measured for reading level."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    picture: float | None = None
    level: int = 2
    fine_print: bool = False


@dataclass(frozen=True)
class Handout:
    """What a handout says: `story` names the registered story whose `model` draws the sections' pictures."""

    title: str
    where: str
    sections: tuple[Section, ...]
    story: str | None = None
    model: Timeline | None = None


def paragraphs(text: str) -> tuple[str, ...]:
    """The narration's paragraphs (kept apart by a blank line), empty ones dropped."""
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def sources_section(ids: Iterable[str]) -> Section:
    """The short citation of each source id, once, in the order first named (ids the reference lacks are left out)."""
    named = dict.fromkeys(s for s in ids if s in ALL_CITATIONS)
    return Section("Where these facts come from", tuple(f"[{s}] {ALL_CITATIONS[s]}" for s in named), fine_print=True)


def degeneration_sections(model: StoryModel) -> tuple[Section, ...]:
    """Each stage of the cascade (its last is "What can help"), pictured where the window stops on it."""
    text = load_story("degeneration")
    stages = [text.stages[stage.id] for stage in model.stages if stage.id in text.stages]
    steps = tuple(Section(stage.title, paragraphs(stage.patient), float(i)) for i, stage in enumerate(stages))
    return (*steps, sources_section(s for stage in stages for s in stage.sources))


def what_can_help() -> tuple[Section, tuple[str, ...]]:
    """The degeneration story's "what can help" step and its sources, for a handout without that step's picture:
    so without the paragraph that says what the picture shows ("The model still shows ...")."""
    stage = load_story("degeneration").stages["what_can_help"]
    words = tuple(p for p in paragraphs(stage.patient) if not p.startswith(PICTURE_NOTE))
    return Section(stage.title, words), stage.sources


def injection_sections(model: ProcedureModel) -> tuple[Section, ...]:
    """Each phase of the film with its cues for the model's target, pictured mid-phase; the evidence the window
    shows beside it; what can help; the sources the matching student cues and the evidence cite."""
    cues = load_cues()
    shown = cues.cues_for("patient", model.target, **model.choices)
    steps = tuple(Section(phase.title, tuple(c.text for c in shown if phase.start <= c.start < phase.end),
                          (phase.start + phase.end) / 2) for phase in model.phases)
    evidence = load_patient_evidence()
    topics = tuple(Section(t.heading, paragraphs(t.patient), level=3) for t in evidence.topics
                   if t.heading != SAID_IN_FULL)
    helps, help_sources = what_can_help()
    student = cues.cues_for("student", model.target, **model.choices)
    cited = [tag for cue in student for tag in _INLINE_TAG.findall(cue.text)]
    return (*steps, Section(evidence.title), *topics, helps,
            sources_section([*cited, *evidence.sources, *help_sources]))


def case_sections(model: CaseModel) -> tuple[Section, ...]:
    """The case's tour: the overview and each finding (pictured where the tour reaches a new level), in patient
    words (with how common it is at the patient's age when the case has one); the pins' and the case's notes; what
    can help; the sources."""
    levels = [None, *(step.level for step in model.steps)]  # a picture where the tour comes to a new level
    steps = tuple(Section(step.title, paragraphs(model.step_text(i, "patient")),
                          float(i) if step.level != levels[i] or i == 0 else None)
                  for i, step in enumerate(model.steps))
    case = model.case
    notes = tuple(f"Pin {pin.number}: {pin.note}" for pin in case.pins if pin.note.strip()) + paragraphs(case.notes)
    mine = (Section("Your notes", notes),) if notes else ()
    helps, help_sources = what_can_help()
    texts = load_story("case").stages
    told = ["overview", *(step.topic for step in model.steps if step.topic)]
    if case.age is not None:
        told += ["common_at_age", "common_at_age_note"]
    cited = [source for topic in dict.fromkeys(told) if topic in texts for source in texts[topic].sources]
    return (*steps, *mine, helps, sources_section([*cited, *help_sources]))


HANDOUTS: dict[str, Callable[[Timeline], tuple[Section, ...]]] = {
    "degeneration": degeneration_sections,
    "injection": injection_sections,
    "case": case_sections,
}
"""Story name -> the function that gives its handout's sections from its model."""


def where_shown(model: Timeline) -> str:
    """The handout's line on what it shows: a case's findings (and age), or a story's segment, side and target."""
    case = getattr(model, "case", None)
    if case is not None:
        age = f", at age {case.age}" if case.age is not None else ""
        return f"The findings of your MRI report, as entered at your visit{age}."
    target = getattr(model, "target", None)
    return f"Shown at the {model.level} level, {model.side} side" + (f", the needle to {TARGETS[target]}."
                                                                      if target in TARGETS else ".")


def story_handout(story: str, model: Timeline) -> Handout:
    """The handout of registered `story` as `model` tells it (segment, side, target); ValueError if it has none."""
    if story not in HANDOUTS:
        raise ValueError(f"the story {story!r} has no handout (stories with one: {', '.join(HANDOUTS)})")
    return Handout(STORIES[story].title, where_shown(model),
                   (Section("About this sheet", (INTRO,)), *HANDOUTS[story](model)), story, model)


def reading_text(handout: Handout) -> str:
    """The words a patient is meant to read (the fine print left out), as one text for a readability measure."""
    return "\n\n".join(part for s in handout.sections if not s.fine_print for part in (s.heading + ".", *s.paragraphs))

"""Every text a patient reads, measured: Flesch–Kincaid grade at most 6 a section (the NIH/AMA advice), no sentence
over 20 words, with a maintained readability library (textstat); every source a file names exists in the medical
reference and is listed in its header; nothing that rests on an unverified (U) item reaches a patient. The case's
templates are measured as a patient reads them: filled in for a case with every kind of finding, at three ages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
from test_case_text import EVERY_FINDING

from explainer.stories.case import Case, CaseModel
from narration import (
    INJECTION_HARVESTS,
    INJECTION_TARGETS,
    load_claims,
    load_common_at_age,
    load_cues,
    load_patient_evidence,
    load_story,
)
from narration.claims import ALL_CITATIONS
from narration.quiz import load_quiz

MAX_GRADE = 6.0
MAX_WORDS = 20
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "medical.md"
needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference/medical.md is not beside us")
TAG = re.compile(r"\[(S\d+)\]")

STORY = load_story("degeneration")
STEP_STORIES = {name: load_story(name) for name in ("sacroiliac", "muscles")}  # the stories told in steps
CASE = load_story("case")
STENOSIS = load_story("stenosis")
CASE_AGES = (33, 61, 70)  # a figure at 40; at 60; a note from 65
CUES = load_cues()
CLAIMS = load_claims()
EVIDENCE = load_patient_evidence()
AGE = load_common_at_age()
QUIZ = load_quiz()


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'–-]+", text)


def patient_sections() -> dict[str, str]:
    """Every patient-depth section shipped, by a name that says where it is."""
    sections: dict[str, str] = {}
    for stage_id, stage in STORY.stages.items():
        sections[f"stage {stage_id}"] = stage.patient
        sections[f"caption {stage_id}"] = stage.caption
    for stage_id, stage in STENOSIS.stages.items():
        sections[f"stenosis {stage_id}"] = stage.patient
        sections[f"stenosis caption {stage_id}"] = stage.caption
    for name, story in STEP_STORIES.items():
        for stage_id, stage in story.stages.items():
            sections[f"{name} {stage_id}"] = stage.patient
            sections[f"{name} caption {stage_id}"] = stage.caption
    for target in INJECTION_TARGETS:
        sections[f"film cues ({target})"] = " ".join(cue.text for cue in CUES.cues_for("patient", target))
    for choice in (*INJECTION_HARVESTS, "ultrasound"):  # each harvest's own cues, and ultrasound's, as one text
        sections[f"film cues ({choice})"] = " ".join(cue.text for cue in CUES.cues["patient"]
                                                     if choice in (cue.harvest, cue.guidance))
    for kind, text in (("claim", CLAIMS), ("evidence", EVIDENCE)):
        for topic in text.topics:
            sections[f"{kind} {topic.heading}"] = topic.patient
    sections["common at your age"] = AGE.patient
    sections.update(case_sections())
    for question in QUIZ.questions["patient"]:  # the teach-back: the question, its choices and the explanation
        sections[f"teach-back {question.text}"] = " ".join([question.text, *(f"{c}." for c in question.choices),
                                                             question.explain])
    for row in AGE.rows:
        sections[f"age row {row.finding}"] = row.finding + (". " + row.plain_note if row.note else "")
    return sections


def case_sections() -> dict[str, str]:
    """Each step of a case with every kind of finding, filled in as a patient reads it, at each of CASE_AGES."""
    sections = {}
    for age in CASE_AGES:
        model = CaseModel(case=Case(EVERY_FINDING, age=age))
        for index, step in enumerate(model.steps):
            model.set_position(index)
            sections[f"case {step.id} (age {age})"] = model.text("patient")
    return sections


SECTIONS = patient_sections()


def test_every_patient_file_loads_and_is_measured():
    assert STORY.problems == [] and CUES.problems == []
    assert CLAIMS.problems == [] and EVIDENCE.problems == [] and AGE.problems == [] and CASE.problems == []
    assert QUIZ.problems == [] and STENOSIS.problems == []
    assert all(story.problems == [] for story in STEP_STORIES.values())
    assert len(SECTIONS) >= 9 * 2 + 2 + 9 + 6 + 1 + 3 * 11 + 3


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_patient_section_reads_at_grade_6_or_below(name):
    grade = textstat.flesch_kincaid_grade(SECTIONS[name])
    assert grade <= MAX_GRADE, f"{name}: Flesch–Kincaid grade {grade:.1f}"


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_no_patient_sentence_is_over_20_words(name):
    for sentence in sentences(SECTIONS[name]):
        assert len(words(sentence)) <= MAX_WORDS, f"{name}: {sentence}"


def test_the_film_captions_read_at_grade_6_or_below():
    from explainer.render.injection import CAPTIONS

    for phase, caption in CAPTIONS.items():
        shown = caption.format(target="disc", guide="Ultrasound", marrow=" (shown)", fat="", blood="")
        lines = [line.strip(" \u2022").rstrip(".:") + "." for line in shown.splitlines()]
        grade = textstat.flesch_kincaid_grade(" ".join(line for line in lines if line != "."))
        assert grade <= MAX_GRADE, f"{phase}: {grade:.1f}"


# ---- sources --------------------------------------------------------------------------------------------------------


def reference_ids() -> set[str]:
    return set(re.findall(r"^(S\d+) ", REFERENCE.read_text(encoding="utf-8"), re.MULTILINE))


def every_file() -> dict[str, tuple[tuple[str, ...], str]]:
    """File -> (its header's sources, all its student-depth text, where tags live)."""
    files = {str(s.path.name): (s.sources, s.student) for s in STORY.stages.values()}
    for name, story in STEP_STORIES.items():
        files.update({f"{name}/{s.path.name}": (s.sources, s.student) for s in story.stages.values()})
    files["cues.md"] = (CUES.sources, " ".join([CUES.evidence, *(c.text for c in CUES.cues["student"])]))
    files["claims.md"] = (CLAIMS.sources, " ".join(t.student for t in CLAIMS.topics))
    files.update({f"case/{s.path.name}": (s.sources, s.student) for s in CASE.stages.values()})
    files.update({f"stenosis/{s.path.name}": (s.sources, s.student) for s in STENOSIS.stages.values()})
    files["common_at_age.md"] = (AGE.sources, " ".join([AGE.student, *(r.note for r in AGE.rows)]) + " ".join(
        f"[{share.source}]" for r in AGE.rows for share in r.shares.values() if share))
    files["quiz.md"] = (QUIZ.sources, " ".join(q.explain for q in QUIZ.questions["student"]))
    return files


@needs_reference
def test_every_source_named_anywhere_exists_in_the_medical_reference():
    known = reference_ids()
    named = {s for sources, _ in every_file().values() for s in sources} | set(EVIDENCE.sources)
    assert named <= known, sorted(named - known)
    assert set(ALL_CITATIONS) <= known, sorted(set(ALL_CITATIONS) - known)


@pytest.mark.parametrize("name", sorted(every_file()))
def test_every_file_cites_exactly_the_sources_it_lists(name):
    sources, student = every_file()[name]
    assert set(TAG.findall(student)) == set(sources), name
    assert all(source in ALL_CITATIONS for source in sources)


def test_no_patient_section_carries_a_source_tag():
    for name, text in SECTIONS.items():
        assert not TAG.search(text), name


# ---- nothing unverified before a patient ----------------------------------------------------------------------------

UNVERIFIED = [
    r"\b264 million",  # lost work days: primary not found
    r"\bthompson",  # grade descriptors from memory
    r"\bnathan",
    r"\byang\b",  # Yang & King facet shares
    r"\b95 ?%[^.]{0,40}\bL[45]",  # "95% at L4-5/L5-S1"
    r"primary endpoint|\bphase 3\b",  # whether the phase 3 composite endpoint was met
    r"\b8[-–]10 cm",  # discography skin entry
    r"\blos(e|ing) weight\b|\bweight loss\b",  # no trial evidence that losing weight treats back pain
    r"\bavoid (nsaids|anti-inflammator)",  # clinic aftercare: marketing
    r"\blight activity only\b",
    r"\brecovery time\b",  # typical time to benefit: not stated in any protocol read
]
U_ONLY_SOURCES = {"S242", "S269"}  # a code file that only flags values; a clinic's marketing page


@pytest.mark.parametrize("pattern", UNVERIFIED)
def test_no_unverified_item_reaches_a_patient(pattern):
    for name, text in SECTIONS.items():
        assert not re.search(pattern, text.lower()), (name, pattern)


def test_no_file_rests_on_a_source_that_holds_only_unverified_items():
    for name, (sources, _) in every_file().items():
        assert not set(sources) & U_ONLY_SOURCES, name
    assert len([name for name in every_file() if name.startswith("case/")]) == 13
    assert not set(EVIDENCE.sources) & U_ONLY_SOURCES


AGE_ROWS = {  # the age table's findings -> the rows of the medical reference's §12.1
    "A darker disc (signal loss)": 'Disc signal loss ("black disc")',
    "Disc wear of any kind": "Disc degeneration",
    "A thinner disc (height loss)": "Disc height loss",
    "A disc bulge": "Disc bulge",
    "A disc protrusion": "Disc protrusion",
    "Facet joint wear": "Facet degeneration",
}


def reference_age_table() -> dict[str, dict[int, tuple[int, str, str]]]:
    """§12.1 row name -> age -> (percent, confidence label, source) as the reference labels each cell."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text[text.index("### 12.1"):text.index("### 12.2")]
    table: dict[str, dict[int, tuple[int, str, str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 9 or not cells[1].endswith("%"):
            continue
        values = {age: int(cell.rstrip("%")) for age, cell in zip(range(20, 90, 10), cells[1:8])}
        labels: dict[int, tuple[str, str]] = {}
        for part in cells[8].split(";"):
            match = re.match(r"\s*([\d–& ]+):\s*([VSUD])\b[^\[]*\[(S\d+)\]", part)
            if not match:
                continue
            ages = [int(a) for a in re.findall(r"\d+", match.group(1))]
            span = range(ages[0], ages[-1] + 1, 10) if "–" in match.group(1) else ages
            for age in span:
                labels[age] = (match.group(2), match.group(3))
        table[cells[0]] = {age: (values[age], *labels[age]) for age in values if age in labels}
    return table


@needs_reference
def test_the_age_table_shows_only_verified_or_secondary_cells_as_the_reference_gives_them():
    reference = reference_age_table()
    assert set(AGE_ROWS.values()) <= set(reference)
    for row in AGE.rows:
        for age, share in row.shares.items():
            if share is None:
                continue
            percent, label, source = reference[AGE_ROWS[row.finding]][age]
            assert (share.percent, share.source) == (percent, source), (row.finding, age)
            assert label in {"V", "S"}, (row.finding, age, label)


def test_the_ages_a_stage_tells_a_patient_are_in_the_checked_table():
    """A stage that says how common a change is "at 40" or "by 60" has a checked figure for that age."""
    for stage_id, stage in STORY.stages.items():
        said = {int(age) for age in re.findall(r"\b(?:at|by|after|over) (\d\d)\b", stage.patient, re.IGNORECASE)}
        rows = AGE.for_stage(stage_id)
        checked = {age for row in rows for age, share in row.shares.items() if share}
        noted = {int(age) for row in rows for age in re.findall(r"\b(\d\d) or more\b", row.note)}
        assert said <= checked | noted, (stage_id, said - checked - noted)

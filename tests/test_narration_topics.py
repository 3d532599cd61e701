"""The topic texts beside the stories (claims, the film's evidence for patients, common at your age): the shipped
files load, say what the issue asks, and a broken file is one problem by line, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narration import load_claims, load_common_at_age, load_cues, load_patient_evidence, load_story
from narration.claims import AGES, ALL_CITATIONS, TOPIC_SOURCES
from narration.sources import CITATIONS
from narration.stories import DEGENERATION_STAGES

CLAIMS = load_claims()
EVIDENCE = load_patient_evidence()
AGE = load_common_at_age()
TAG = re.compile(r"\[(S\d+)\]")

ISSUE_CLAIMS = (
    "stem cells regrow",
    "safe and effective",
    "six to eight months",
    "latch onto the damage",
    "80% of people",
    "264 million",
    "steroid injections cause",
    "umbilical-cord",
    "safer than surgery",
)


def test_the_shipped_topic_files_load_without_problems():
    for text in (CLAIMS, EVIDENCE, AGE):
        assert text.problems == [], text.problems
    assert CLAIMS.title == "What you may have read" and EVIDENCE.title == "What the evidence says"
    assert not set(TOPIC_SOURCES) & set(CITATIONS)
    assert ALL_CITATIONS == {**CITATIONS, **TOPIC_SOURCES}


def test_every_claim_patients_bring_is_answered_at_both_depths():
    headings = [topic.heading.lower() for topic in CLAIMS.topics]
    for claim in ISSUE_CLAIMS:
        assert sum(claim in heading for heading in headings) == 1, claim
    for topic in CLAIMS.topics:
        assert topic.patient and TAG.search(topic.student), topic.heading
        assert not TAG.search(topic.patient)


def test_claims_cite_exactly_what_they_list():
    cited = {tag for topic in CLAIMS.topics for tag in TAG.findall(topic.student)}
    assert cited == set(CLAIMS.sources)
    assert len(CLAIMS.citations) == len(CLAIMS.sources)


def test_the_answers_say_what_is_known_and_what_is_not():
    answers = {topic.heading.lower(): topic for topic in CLAIMS.topics}

    def answer(claim: str):
        return next(topic for heading, topic in answers.items() if claim in heading)

    assert "not approved" in answer("safe and effective").patient
    assert "could not find" in answer("264 million").patient
    assert "264" not in answer("264 million").patient  # the unverified figure is named only as the claim
    assert "blood-forming" in answer("umbilical-cord").patient
    assert "haematopoietic" in answer("umbilical-cord").student and "[S257]" in answer("umbilical-cord").student
    assert "do not cover" in answer("steroid injections").patient
    assert "[S126]" in answer("steroid injections").student


def test_the_first_meeting_of_each_word_explains_it():
    """"Stem cell", "platelet" and "investigational" are explained where a patient first meets them (in that
    sentence or the next): in the film's cues (the list shows them in time order), the claims and the evidence."""
    cues = " ".join(cue.text for cue in load_cues().cues_for("patient", "disc"))
    claims = " ".join(topic.patient for topic in CLAIMS.topics)
    evidence = " ".join(topic.patient for topic in EVIDENCE.topics)
    explained = {
        "stem cell": r"stem cells (are cells that )?can (become|turn into) other kinds of cells",
        "platelet": r"platelets are tiny parts of",
        "investigational": r"investigational(, still being tested| means)|investigational\. that means",
    }
    for text in (cues, claims, evidence):
        found = re.split(r"(?<=[.!?])\s+", text.lower())
        for word, explanation in explained.items():
            first = next((i for i, sentence in enumerate(found) if word in sentence), None)
            if first is None:
                continue
            said = [i for i in range(len(found) - 1) if re.search(explanation, " ".join(found[i : i + 2]))]
            assert said and said[0] <= first, (word, found[first])


def test_the_harvest_names_liposuction_and_the_risks_and_aftercare_are_told():
    cues = " ".join(cue.text for cue in load_cues().cues["patient"])
    assert "liposuction" in cues
    headings = [topic.heading for topic in EVIDENCE.topics]
    assert {"Is it approved?", "Risks of the needle", "Taking the marrow or the fat", "Afterwards"} <= set(headings)
    evidence = load_cues().evidence
    for source in ("[S263]", "[S264]", "[S266]", "[S267]", "[S268]"):
        assert source in evidence, source


def test_the_patient_evidence_rests_on_sources_cited_at_student_depth():
    """The evidence panel for patients carries no tags; each source it lists is cited at student depth in the
    film's cues or evidence, the claims or the stages."""
    cues = load_cues()
    student = " ".join([cues.evidence, *(cue.text for cue in cues.cues["student"])])
    student += " ".join(topic.student for topic in CLAIMS.topics)
    student += " ".join(stage.student for stage in load_story("degeneration").stages.values())
    assert set(EVIDENCE.sources) <= set(TAG.findall(student))


def test_the_age_table_has_checked_figures_for_each_finding():
    stages = {row.stage for row in AGE.rows}
    assert {"disc_dehydration", "disc_narrowing", "disc_herniation", "cartilage_wear", "bone_spurs"} <= stages
    assert stages <= set(DEGENERATION_STAGES)
    for row in AGE.rows:
        assert set(row.shares) == set(AGES)
        assert any(row.shares.values()) or row.note, row.finding
        for share in row.shares.values():
            if share is not None:
                assert 0 < share.percent <= 100 and share.source in AGE.sources
    assert "no back pain" in AGE.patient and "more common in people who have back pain" in AGE.patient
    assert AGE.for_stage("disc_herniation")[0].shares[80].percent == 84
    assert "[S" not in " ".join(row.plain_note for row in AGE.rows)


# ---- broken files: one problem each, by line; nothing raises -------------------------------------------------------

TOPICS = """---
title: T
sources: S141, S153
---
## patient
### "A claim"
Plain answer.
## student
### "A claim"
Answer [S141].
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topic.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (TOPICS.replace("sources: S141, S153", "sources: S141, S99999"), 3, "unknown source id"),
        (TOPICS.replace("Plain answer.", "Plain [S141] answer."), 7, "in patient text"),
        (TOPICS.replace("Answer [S141].", "Answer [S153] [S1]."), 10, "not listed"),
        (TOPICS.replace("Answer [S141].", "Answer."), 9, "cites no source"),
        (TOPICS.replace('## student\n### "A claim"', '## student\n### "Another"'), 8, "headings differ"),
        (TOPICS.replace("## student", "## presenter"), 8, "unknown section"),
        (TOPICS.replace('## patient\n### "A claim"\n', "## patient\nstray\n"), 6, "before the first '### '"),
        (TOPICS[: TOPICS.index("## student")], 5, "missing '## student'"),
        ("", 1, "empty file"),
    ],
)
def test_a_broken_topic_file_is_one_problem(tmp_path: Path, text: str, line: int, message: str):
    loaded = load_claims(write(tmp_path, text))
    assert loaded.topics == ()
    assert len(loaded.problems) == 1
    assert loaded.problems[0].line == line and message in loaded.problems[0].message, loaded.problems[0]


def test_a_valid_topic_file_gives_its_headings_in_order(tmp_path: Path):
    loaded = load_claims(write(tmp_path, TOPICS))
    assert loaded.problems == [] and loaded.sources == ("S141", "S153")
    topics = [(t.heading, t.patient, t.student) for t in loaded.topics]
    assert topics == [('"A claim"', "Plain answer.", "Answer [S141].")]
    assert load_patient_evidence(write(tmp_path, TOPICS[: TOPICS.index("## student")])).topics[0].patient


def test_a_missing_topic_file_is_a_problem(tmp_path: Path):
    loaded = load_claims(tmp_path / "nowhere.md")
    assert loaded.topics == () and loaded.problems[0].line == 1


AGE_FILE = """---
title: A
sources: S237
---
## table
| finding | stage | 40 | 60 | 80 | note |
|---|---|---|---|---|---|
| Bulge | disc_herniation | 50% [S237] | – | – | |
## patient
Words.
## student
Words [S237].
"""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (AGE_FILE.replace("| disc_herniation |", "| bulging |"), 8, "unknown stage"),
        (AGE_FILE.replace("50% [S237]", "half"), 8, "must read like"),
        (AGE_FILE.replace("50% [S237]", "150% [S237]"), 8, "over 100%"),
        (AGE_FILE.replace("50% [S237]", "50% [S89]"), 8, "not listed"),
        (AGE_FILE.replace("| – | |\n", "|\n"), 8, "cells"),
        (AGE_FILE.replace("| Bulge | disc_herniation | 50% [S237] | – | – | |\n", ""), 5, "no rows"),
    ],
)
def test_a_broken_age_table_is_one_problem(tmp_path: Path, text: str, line: int, message: str):
    loaded = load_common_at_age(write(tmp_path, text))
    assert loaded.rows == () and len(loaded.problems) == 1
    assert loaded.problems[0].line == line and message in loaded.problems[0].message, loaded.problems[0]


# ---- the film's evidence panel follows the depth ---------------------------------------------------------------------


def test_the_film_evidence_is_plain_for_patients_and_full_for_students(qtbot):
    from explainer.stories.injection import ProcedureModel
    from explainer.ui.cue_panel import CuePanel

    panel = CuePanel(ProcedureModel(), load_cues())
    qtbot.addWidget(panel)
    patient = panel.evidence.toPlainText()
    body = patient.split("Sources")[0]
    assert "Is it approved?" in body and not TAG.search(body) and "spondylodiscitis" not in body
    panel.set_depth("student")
    student = panel.evidence.toPlainText()
    assert "spondylodiscitis" in student and "[S153]" in student
    panel.set_depth("patient")
    assert panel.evidence.toPlainText() == patient
    panel.leave()

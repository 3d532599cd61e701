"""Fuzzing the narration readers: a damaged stage, cue or topic file is reported by file and line, never raises,
and leaves the rest of the story usable (the app starts on whatever the files hold)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.harness import assert_reported, damaged
from narration import DEGENERATION_STAGES, PLACEHOLDER, load_cues, load_story
from narration.claims import (
    AGE_PATH,
    CLAIMS_PATH,
    EVIDENCE_PATH,
    load_claims,
    load_common_at_age,
    load_patient_evidence,
)
from narration.cues import CUES_PATH
from narration.quiz import QUIZ_PATH, load_quiz

STAGE_OF = {text.path.name: stage for stage, text in load_story("degeneration").stages.items()}
"""Shipped stage file name -> the stage it gives."""
SHIPPED = CUES_PATH.parent.parent / "degeneration"


@pytest.fixture(scope="module")
def story_folder(tmp_path_factory) -> Path:
    """A copy of the shipped degeneration story, one of whose files each example damages."""
    folder = tmp_path_factory.mktemp("fuzz") / "degeneration"
    shutil.copytree(SHIPPED, folder)
    return folder


@st.composite
def damaged_stage(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(STAGE_OF)))
    return name, draw(damaged((SHIPPED / name).read_bytes()))


@given(case=damaged_stage())
def test_a_damaged_stage_file_is_reported_and_the_others_still_load(story_folder: Path, case):
    name, data = case
    path = story_folder / name
    path.write_bytes(data)
    try:
        story = load_story("degeneration", story_folder)
        assert_reported(story.problems, path, data)
    finally:
        shutil.copyfile(SHIPPED / name, path)
    assert len(story.problems) <= 1  # a file is skipped at its first problem
    stage = STAGE_OF[name]
    assert story.missing == ((stage,) if story.problems else ())
    assert all(story.text_for(s, depth) for s in DEGENERATION_STAGES for depth in ("patient", "student", "caption"))
    assert story.text_for(stage, "patient") != PLACEHOLDER or story.problems


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A folder for the damaged single files."""
    return tmp_path_factory.mktemp("fuzz")


@given(data=damaged(CUES_PATH.read_bytes()))
def test_a_damaged_cue_file_is_reported_by_line_and_the_good_cues_kept(scratch: Path, data: bytes):
    cue_path = scratch / "cues.md"
    cue_path.write_bytes(data)
    cues = load_cues(cue_path)
    assert_reported(cues.problems, cue_path, data)
    assert not any(p.message.startswith("cannot read the cues:") for p in cues.problems)  # no unforeseen error
    for depth in ("patient", "student"):
        for target in ("disc", "facet"):
            shown = cues.cues_for(depth, target)
            assert all(a.end <= b.start for a, b in zip(shown, shown[1:]))  # kept cues never overlap
            assert all(cue.text and 0 <= cue.start < cue.end for cue in shown)



@pytest.mark.parametrize(("load", "shipped"), [
    (load_claims, CLAIMS_PATH), (load_patient_evidence, EVIDENCE_PATH), (load_common_at_age, AGE_PATH),
], ids=["claims", "patient evidence", "common at age"])
@given(data=st.data())
def test_a_damaged_topic_file_is_reported_by_line(scratch: Path, load, shipped: Path, data):
    """The claims patients bring, the patient-depth evidence and the common-at-your-age table."""
    damaged_bytes = data.draw(damaged(shipped.read_bytes()))
    path = scratch / shipped.name
    path.write_bytes(damaged_bytes)
    assert_reported(load(path).problems, path, damaged_bytes)


@given(data=damaged(QUIZ_PATH.read_bytes()))
def test_a_damaged_quiz_is_reported_by_line_and_its_good_questions_kept(scratch: Path, data: bytes):
    path = scratch / "quiz.md"
    path.write_bytes(data)
    quiz = load_quiz(path)
    assert_reported(quiz.problems, path, data)
    for depth, questions in quiz.questions.items():
        for question in questions:  # every question kept is whole
            assert question.text and question.explain and question.answer
            assert question.kind == "click" or (len(question.choices) >= 2 and question.answer[0] in question.choices)
            assert depth == "student" or not re.search(r"\[S\d+\]", question.explain)

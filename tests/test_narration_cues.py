"""The injection story's time-stamped cues: the shipped file is complete, sourced and honest; every broken file is
reported by line, the usable cues are kept, and nothing raises."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from test_narration_content import FORBIDDEN as STAGE_FORBIDDEN
from test_narration_content import sentences, words

from narration import (
    CITATIONS,
    INJECTION_GUIDANCE,
    INJECTION_HARVESTS,
    INJECTION_LENGTH,
    INJECTION_PHASES,
    INJECTION_SOURCES,
    INJECTION_TARGETS,
    SOURCES,
    Cue,
    CueText,
    load_cues,
)
from narration.cues import CUES_PATH

SHIPPED = load_cues()
DEPTHS = ("patient", "student")
TAG = re.compile(r"\[(S\d+)\]")


def patient_text() -> str:
    return " ".join(cue.text for cue in SHIPPED.cues["patient"])


def everything() -> str:
    return " ".join([SHIPPED.title, SHIPPED.evidence, *(c.text for d in DEPTHS for c in SHIPPED.cues[d])])


# ---- the shipped file -----------------------------------------------------------------------------------------------


def test_shipped_cues_load_without_problems():
    assert SHIPPED.problems == []
    assert SHIPPED.path == CUES_PATH
    assert SHIPPED.title == "The guided injection"
    assert len(SHIPPED.cues["patient"]) >= 15 and len(SHIPPED.cues["student"]) >= 15
    assert SHIPPED.evidence.count("\n\n") >= 2  # several paragraphs


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("target", INJECTION_TARGETS)
def test_cues_cover_the_whole_story_without_long_gaps(depth, target):
    cues = SHIPPED.cues_for(depth, target)
    assert cues[0].start <= 1.0
    assert cues[-1].end == INJECTION_LENGTH
    for earlier, later in zip(cues, cues[1:]):
        assert later.start >= earlier.end, (earlier.line, later.line)  # no overlap among cues shown together
        assert later.start - earlier.end <= 2.0, f"gap after line {earlier.line}"
    for cue in cues:
        assert 3.0 <= cue.end - cue.start <= 8.0, cue.line


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("target", INJECTION_TARGETS)
def test_every_phase_has_its_cues(depth, target):
    cues = SHIPPED.cues_for(depth, target)
    for _phase, _title, start, end in INJECTION_PHASES:
        inside = [cue for cue in cues if start <= cue.start < end]
        assert inside, _phase
        assert inside[0].start == start, _phase  # each phase opens with its own cue


@pytest.mark.parametrize("depth", DEPTHS)
def test_the_targets_differ_where_the_needle_goes(depth):
    """From positioning to the injectate, disc and facet cues are told apart."""
    for seconds in (28.0, 36.0, 42.0, 51.0, 57.0):
        disc = SHIPPED.cues_for(depth, "disc")[SHIPPED.cue_at(depth, "disc", seconds)]
        facet = SHIPPED.cues_for(depth, "facet")[SHIPPED.cue_at(depth, "facet", seconds)]
        assert (disc.target, facet.target) == ("disc", "facet"), seconds
        assert disc.text != facet.text


CHOSEN = [(t, h, g) for t in INJECTION_TARGETS for h in INJECTION_HARVESTS for g in INJECTION_GUIDANCE]


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize(("target", "harvest", "guidance"), CHOSEN)
def test_every_choice_is_told_whole_with_each_phase_opening_on_its_cue(depth, target, harvest, guidance):
    cues = SHIPPED.cues_for(depth, target, harvest, guidance)
    assert cues[0].start == 0.0 and cues[-1].end == INJECTION_LENGTH
    for earlier, later in zip(cues, cues[1:]):
        assert earlier.end <= later.start <= earlier.end + 2.0, (earlier.line, later.line)
    for _phase, _title, start, _end in INJECTION_PHASES:
        assert any(cue.start == start for cue in cues), _phase


@pytest.mark.parametrize("depth", DEPTHS)
def test_each_harvest_tells_its_own_harvest_with_its_risks(depth):
    told = {h: " ".join(c.text for c in SHIPPED.cues_for(depth, "disc", h) if c.start < 16.0).lower()
            for h in INJECTION_HARVESTS}
    assert "marrow" in told["marrow"] and "bleeding" in told["marrow"]
    assert "fat" in told["fat"] and re.search(r"bruis", told["fat"])
    assert "blood" in told["blood"] and "arm" in told["blood"]
    if depth == "student":
        assert "[s263]" in told["marrow"] and "[s264]" in told["fat"] and "[s259]" in told["blood"]


def test_a_cue_may_be_kept_to_a_harvest_and_a_guidance_but_not_two_of_one(tmp_path: Path):
    text = load_cues(write(tmp_path, cue_file(patient="0:00-0:03 | A.\n0:03-1:16 fat | B.\n"
                                              "0:03-1:16 sij blood ultrasound | C.\n0:03-0:08 fat blood | D.\n")))
    assert [str(p).split(": ", 1)[1] for p in text.problems] == ["two harvests for one cue: 'fat' and 'blood'"]
    assert [c.text for c in text.cues_for("patient", "disc", "fat")] == ["A.", "B."]
    assert [c.text for c in text.cues_for("patient", "sij", "blood", "ultrasound")] == ["A.", "C."]
    assert [c.text for c in text.cues_for("patient", "sij", "blood")] == ["A."]


def test_cue_at_boundaries():
    cues = SHIPPED.cues_for("patient", "disc")
    assert SHIPPED.cue_at("patient", "disc", 0.0) == 0
    assert SHIPPED.cue_at("patient", "disc", cues[0].end - 0.01) == 0
    assert SHIPPED.cue_at("patient", "disc", cues[0].end) == 1  # [start, end): the next cue takes over at the end
    assert SHIPPED.cue_at("patient", "disc", INJECTION_LENGTH) == len(cues) - 1  # the last instant still shows
    assert SHIPPED.cue_at("patient", "disc", INJECTION_LENGTH - 0.01) == len(cues) - 1
    assert SHIPPED.cue_at("patient", "disc", INJECTION_LENGTH + 0.01) is None
    assert SHIPPED.cue_at("patient", "disc", -0.01) is None
    assert SHIPPED.cue_at("no_such_depth", "disc", 10.0) is None


def test_cue_at_in_a_gap_and_cues_for_a_missing_target(tmp_path: Path):
    path = write(tmp_path, cue_file(patient="0:00-0:03 | A.\n0:05-1:16 | B.\n0:10-0:20 disc | C.\n"))
    text = load_cues(path)
    assert [p.message for p in text.problems] == ["cue overlaps the cue on line 8 (which ends at 1:16)"]
    text = load_cues(write(tmp_path, cue_file(patient="0:00-0:03 | A.\n0:05-0:10 disc | B.\n0:05-0:09 facet | C.\n")))
    assert text.problems == []
    assert text.cue_at("patient", "disc", 4.0) is None  # a gap
    assert text.cue_at("patient", "disc", 9.5) == 1
    assert text.cue_at("patient", "facet", 9.5) is None  # the facet cue has ended
    assert [c.text for c in text.cues_for("patient", "facet")] == ["A.", "C."]
    assert [c.text for c in text.cues_for("patient", None)] == ["A."]  # no target: the shared cues only
    assert text.cues_for("nobody", "disc") == ()


# ---- sources --------------------------------------------------------------------------------------------------------


def test_every_listed_source_is_known_and_cited_at_student_depth_or_in_the_evidence():
    assert len(SHIPPED.sources) == len(set(SHIPPED.sources))
    assert set(SHIPPED.sources) <= set(CITATIONS)
    student = " ".join(cue.text for cue in SHIPPED.cues["student"]) + " " + SHIPPED.evidence
    assert set(TAG.findall(student)) == set(SHIPPED.sources)
    assert len(SHIPPED.citations) == len(SHIPPED.sources)
    assert SHIPPED.citations[0].startswith(f"[{SHIPPED.sources[0]}] ")


def test_every_student_cue_cites_a_source():
    for cue in SHIPPED.cues["student"]:
        assert TAG.search(cue.text), cue.line


def test_the_injection_sources_are_used_and_kept_apart_from_the_stage_sources():
    assert not set(INJECTION_SOURCES) & set(SOURCES)
    assert CITATIONS == {**SOURCES, **INJECTION_SOURCES}
    assert set(INJECTION_SOURCES) <= set(SHIPPED.sources)
    for source_id, citation in INJECTION_SOURCES.items():
        assert re.fullmatch(r"S\d+", source_id)
        assert len(citation) > 15, source_id


# ---- patient depth: plain, honest -----------------------------------------------------------------------------------


def test_patient_cues_carry_no_source_tags_or_markup():
    for cue in SHIPPED.cues["patient"]:
        assert not TAG.search(cue.text), cue.line
        assert not re.search(r"[#*_`<>\[\]]", cue.text), cue.line


def test_patient_cues_read_short():
    for cue in SHIPPED.cues["patient"]:
        lengths = [len(words(s)) for s in sentences(cue.text)]
        assert max(lengths) <= 20, cue.line
    every = [len(words(s)) for s in sentences(patient_text())]
    assert sum(every) / len(every) <= 12


@pytest.mark.parametrize(("depth", "rate"), [("patient", 4.5), ("student", 6.5)])
def test_each_cue_can_be_read_while_it_shows(depth, rate):
    """A subtitle pace: at most 4.5 words a second for patients (≈270 a minute, read beside a clinician who can
    pause), 6.5 for students (dense, with tags and numbers)."""
    for cue in SHIPPED.cues[depth]:
        assert len(words(cue.text)) / (cue.end - cue.start) <= rate, cue.line


FORBIDDEN = [
    *(pattern for pattern in STAGE_FORBIDDEN if pattern != r"\bstem cell"),  # "no stem cell treatment is approved"
    r"\bproven to\b",
    r"\bwill (ease|calm|help|fix|work)",  # "aims to", never a promise
]

UNVERIFIED_OR_BRAND = [
    r"\bmesoblast",
    r"\bryoncil",
    r"\brexlemestrocel",
    r"[$€£]",
    r"primary endpoint",  # whether the phase 3 composite endpoint was met is unverified (U)
    r"\bphase 3\b",
    r"\b264 million",  # lost work days: primary not found (U)
    r"\b8[-–]10 cm",  # discography skin entry: unverified (U)
    r"\bthompson",
    r"\byang\b",
]


def test_patient_cues_have_no_forbidden_words():
    text = patient_text().lower()
    for pattern in FORBIDDEN:
        assert not re.search(pattern, text), pattern


def test_no_brand_names_prices_or_unverified_items_anywhere():
    text = everything().lower()
    for pattern in UNVERIFIED_OR_BRAND:
        assert not re.search(pattern, text), pattern


@pytest.mark.parametrize("target", INJECTION_TARGETS)
def test_afterwards_says_investigational_and_not_approved(target):
    start = INJECTION_PHASES[-1][2]
    afterwards = " ".join(c.text for c in SHIPPED.cues_for("patient", target) if c.start >= start).lower()
    assert re.search(r"\b(investigational|experimental)\b", afterwards)
    assert re.search(r"\bno\b[^.]*\bapproved\b|\bnot approved\b", afterwards)
    assert re.search(r"\baims?\b", afterwards)


def test_the_evidence_names_the_controlled_trials_and_the_needle_risk():
    evidence = SHIPPED.evidence
    assert "investigational" in evidence
    assert "[S153]" in evidence and "[S107]" in evidence and "[S108]" in evidence
    assert "no difference at 12 months" in evidence
    assert "spondylodiscitis" in evidence


def test_marrow_is_told_honestly():
    assert "0.001–0.01%" in " ".join(c.text for c in SHIPPED.cues["student"])
    assert "1 in 10,000" in patient_text()


# ---- broken files: one problem each, by line; the usable part is kept -----------------------------------------------

PATIENT = "0:00-0:03 | Plain words.\n0:03-1:16 | More words.\n"
STUDENT = "0:00-1:16 | Terms [S97].\n"
EVIDENCE = "What the trials found [S97].\n"


def cue_file(
    *,
    header: str = "story: injection\ntitle: The guided injection\nsources: S97, S98\n",
    patient: str = PATIENT,
    student: str = STUDENT,
    evidence: str = EVIDENCE,
) -> str:
    """A valid cue file. With the default header, '## patient' is on line 6 and its first cue on line 7."""
    return f"---\n{header}---\n## patient\n{patient}## student\n{student}## evidence\n{evidence}"


def write(folder: Path, content: str | bytes, name: str = "cues.md") -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_valid_file_parses_every_field(tmp_path: Path):
    path = write(
        tmp_path,
        "\ufeff---\r\nstory: injection\r\ntitle:  The guided injection \r\nsources: S97 S98\r\n---\r\n"
        "## patient\r\n0:00-0:03.5 | One line\r\n   and its continuation.\r\n\r\n"
        "0:03.5 - 0:40 disc | Disc only.\r\n0:03.5-0:40 facet | Facet only.\r\n0:40-1:16 | Both.\r\n"
        "## student\r\n0:00-1:16 | Terms [S97][S98].\r\n"
        "## evidence\r\nFirst paragraph [S98]\r\ngoes on.\r\n\r\nSecond [S97].\r\n",
    )
    text = load_cues(path)
    assert text.problems == []
    assert text.path == path
    assert text.title == "The guided injection"
    assert text.sources == ("S97", "S98")
    assert text.cues["patient"] == (
        Cue(0.0, 3.5, None, "One line and its continuation.", 7),
        Cue(3.5, 40.0, "disc", "Disc only.", 10),
        Cue(3.5, 40.0, "facet", "Facet only.", 11),
        Cue(40.0, 76.0, None, "Both.", 12),
    )
    assert [c.line for c in text.cues_for("patient", "facet")] == [7, 11, 12]
    assert text.cues["student"] == (Cue(0.0, 76.0, None, "Terms [S97][S98].", 14),)
    assert text.evidence == "First paragraph [S98] goes on.\n\nSecond [S97]."


BROKEN = {
    # case: (content, line, words in the message, patient cues kept (None: the whole file is unusable))
    "unknown story": (cue_file(header="story: degeneration\ntitle: T\nsources: S97\n"), 2, "unknown story", None),
    "no story": (cue_file(header="title: T\nsources: S97\n"), 1, "no 'story:'", None),
    "unknown key": (
        cue_file(header="story: injection\nstage: x\ntitle: T\nsources: S97\n"),
        3,
        "unknown header key 'stage'",
        None,
    ),
    "key twice": (
        cue_file(header="story: injection\ntitle: T\ntitle: U\nsources: S97\n"),
        4,
        "'title' given twice",
        None,
    ),
    "bad header line": (
        cue_file(header="story: injection\nno colon here\ntitle: T\nsources: S97\n"),
        3,
        "not 'key: value'",
        None,
    ),
    "no closing fence": ("---\nstory: injection\ntitle: T\nsources: S97\n## patient\n", 1, "no closing '---'", None),
    "no opening fence": ("story: injection\n---\n## patient\n0:00-1:16 | A.\n", 1, "must start with a '---'", None),
    "missing title": (cue_file(header="story: injection\nsources: S97\n"), 1, "no 'title:'", None),
    "missing sources": (cue_file(header="story: injection\ntitle: T\n"), 1, "no 'sources:'", None),
    "empty sources": (cue_file(header="story: injection\ntitle: T\nsources: ,\n"), 4, "empty 'sources:'", None),
    "unknown source id": (
        cue_file(header="story: injection\ntitle: T\nsources: S97, S9999\n"),
        4,
        "unknown source id 'S9999'",
        None,
    ),
    "source listed twice": (
        cue_file(header="story: injection\ntitle: T\nsources: S97, S97\n"),
        4,
        "listed twice",
        None,
    ),
    "invalid UTF-8": (
        cue_file().encode("utf-8").replace(b"Plain words.", b"Plain \xff words."),
        7,
        "not valid UTF-8",
        None,
    ),
    "empty file": ("", 1, "empty file", None),
    "tag not listed (student)": (
        cue_file(student="0:00-1:16 | Terms [S108].\n"),
        10,
        "[S108] is cited in the text but not listed",
        2,
    ),
    "tag in a patient cue": (
        cue_file(patient="0:00-0:03 | Plain [S97].\n0:03-1:16 | More.\n"),
        7,
        "[S97] in a patient cue",
        1,
    ),
    "tag not listed (evidence)": (
        cue_file(evidence="Fine [S97].\n\nNot listed [S153].\n"),
        14,
        "[S153] is cited in the text but not listed",
        2,
    ),
    "no bar": (cue_file(patient="0:00-0:03 Plain words.\n0:03-1:16 | More.\n"), 7, "malformed cue line", 1),
    "no range": (cue_file(patient="0:00 | Plain words.\n0:03-1:16 | More.\n"), 7, "malformed cue time range", 1),
    "bad seconds": (cue_file(patient="0:00-0:75 | Plain words.\n0:03-1:16 | More.\n"), 7, "malformed time '0:75'", 1),
    "bad minutes": (cue_file(patient="0:00-x:03 | Plain words.\n0:03-1:16 | More.\n"), 7, "malformed time 'x:03'", 1),
    "end before start": (
        cue_file(patient="0:00-0:03 | A.\n0:09-0:05 | B.\n0:09-1:16 | C.\n"),
        8,
        "not after its start",
        2,
    ),
    "end equals start": (
        cue_file(patient="0:00-0:03 | A.\n0:05-0:05 | B.\n0:05-1:16 | C.\n"),
        8,
        "not after its start",
        2,
    ),
    "unknown target": (
        cue_file(patient="0:00-0:03 | A.\n0:03-0:30 hip | B.\n0:30-1:16 | C.\n"),
        8,
        "unknown target 'hip'",
        2,
    ),
    "past the end": (cue_file(patient="0:00-0:03 | A.\n0:03-1:17 | B.\n"), 8, "past the end of the story (1:16)", 1),
    "out of order": (cue_file(patient="0:10-0:20 | A.\n0:00-0:05 | B.\n0:20-1:16 | C.\n"), 8, "out of order", 2),
    "overlap": (
        cue_file(patient="0:00-0:10 | A.\n0:08-0:20 | B.\n0:20-1:16 | C.\n"),
        8,
        "overlaps the cue on line 7 (which ends at 0:10)",
        2,
    ),
    "shared overlaps a target cue": (
        cue_file(patient="0:00-0:10 facet | A.\n0:08-0:20 | B.\n0:20-1:16 | C.\n"),
        8,
        "overlaps the cue on line 7",
        2,
    ),
    "target overlaps a shared cue": (
        cue_file(patient="0:00-0:10 | A.\n0:08-0:20 disc | B.\n0:20-1:16 | C.\n"),
        8,
        "overlaps the cue on line 7",
        2,
    ),
    "empty cue text": (cue_file(patient="0:00-0:03 |  \n0:03-1:16 | More.\n"), 7, "no text after '|'", 1),
    "stray continuation": (cue_file(patient="  floating words\n0:00-1:16 | A.\n"), 7, "no cue line above it", 1),
    "missing patient": (
        "---\nstory: injection\ntitle: T\nsources: S97\n---\n## student\n" + STUDENT + "## evidence\n" + EVIDENCE,
        6,
        "missing '## patient'",
        0,
    ),
    "missing student": (
        "---\nstory: injection\ntitle: T\nsources: S97\n---\n## patient\n" + PATIENT + "## evidence\n" + EVIDENCE,
        6,
        "missing '## student'",
        2,
    ),
    "missing evidence": (
        "---\nstory: injection\ntitle: T\nsources: S97\n---\n## patient\n" + PATIENT + "## student\n" + STUDENT,
        6,
        "missing '## evidence'",
        2,
    ),
    "empty patient": (cue_file(patient="\n"), 6, "'## patient' section has no cues", 0),
    "empty evidence": (cue_file(evidence="\n\n"), 11, "'## evidence' section is empty", 2),
    "unknown section": (cue_file(evidence=EVIDENCE + "## caption\nA line.\n"), 13, "unknown section '## caption'", 2),
    "section twice": (
        cue_file(evidence=EVIDENCE + "## patient\n0:00-1:16 | Again.\n"),
        13,
        "section '## patient' given twice (first on line 6)",
        2,
    ),
    "text before sections": (
        cue_file().replace("---\n## patient", "---\nstray\n## patient"),
        6,
        "text before the first",
        2,
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_one_problem_by_line(tmp_path: Path, case: str, caplog):
    content, line, message, kept = BROKEN[case]
    path = write(tmp_path, content)
    with caplog.at_level(logging.WARNING, logger="narration.cues"):
        text = load_cues(path)
    assert isinstance(text, CueText)
    assert len(text.problems) == 1, [str(p) for p in text.problems]
    problem = text.problems[0]
    assert problem.path == path
    assert problem.line == line, str(problem)
    assert message in problem.message
    assert str(problem) == f"{path}:{line}: {problem.message}"
    assert str(problem) in caplog.text
    if kept is None:
        assert text.cues == {"patient": (), "student": ()} and text.evidence == ""
    else:
        assert len(text.cues["patient"]) == kept
        assert all(isinstance(cue, Cue) for depth in DEPTHS for cue in text.cues[depth])


def test_a_bad_cue_is_dropped_and_the_rest_still_show(tmp_path: Path):
    text = load_cues(write(tmp_path, cue_file(patient="0:00-0:03 | A.\n0:03-0:08 hip | B.\n0:03-1:16 | C.\n")))
    assert [c.text for c in text.cues_for("patient", "disc")] == ["A.", "C."]
    assert text.cue_at("patient", "disc", 5.0) == 1
    assert text.cues["student"] and text.evidence


def test_an_evidence_paragraph_with_an_unlisted_tag_is_dropped_alone(tmp_path: Path):
    text = load_cues(write(tmp_path, cue_file(evidence="Fine [S97].\n\nNot listed\nhere [S153].\n\nAlso fine.\n")))
    assert text.evidence == "Fine [S97].\n\nAlso fine."
    assert [p.line for p in text.problems] == [15]


def test_several_problems_are_each_reported(tmp_path: Path):
    text = load_cues(
        write(tmp_path, cue_file(patient="0:00-0:03 | A.\n0:02-0:08 | B.\n0:08-0:xx | C.\n", evidence="\n"))
    )
    assert [(p.line, p.message.split(" ")[0]) for p in text.problems] == [(8, "cue"), (9, "malformed"), (12, "'##")]
    assert [c.text for c in text.cues["patient"]] == ["A."]


# ---- never raises ---------------------------------------------------------------------------------------------------


def test_a_missing_file_is_a_problem_not_an_error(tmp_path: Path):
    path = tmp_path / "nowhere" / "cues.md"
    text = load_cues(path)
    assert [(p.path, p.line) for p in text.problems] == [(path, 1)]
    assert "cannot read the file" in text.problems[0].message
    assert text.cues_for("patient", "disc") == () and text.cue_at("patient", "disc", 0.0) is None
    assert text.evidence == "" and text.citations == ()


def test_a_directory_is_a_problem_not_an_error(tmp_path: Path):
    text = load_cues(tmp_path)
    assert len(text.problems) == 1 and "directory" in text.problems[0].message


def test_an_unreadable_file(tmp_path: Path, monkeypatch):
    path = write(tmp_path, cue_file())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert [str(p) for p in load_cues(path).problems] == [f"{path}:1: cannot read the file: Permission denied"]


def test_an_unexpected_error_is_a_problem_not_an_error(tmp_path: Path, monkeypatch):
    path = write(tmp_path, cue_file())

    def embedded_null(self: Path) -> bytes:
        raise ValueError("embedded null byte")

    monkeypatch.setattr(Path, "read_bytes", embedded_null)
    text = load_cues(path)
    assert [(p.line, p.message) for p in text.problems] == [
        (1, "cannot read the cues: ValueError('embedded null byte')")
    ]
    assert text.cues == {"patient": (), "student": ()} and text.title == "" and text.sources == ()


def test_load_cues_takes_a_string_path(tmp_path: Path):
    path = write(tmp_path, cue_file())
    text = load_cues(str(path))
    assert text.problems == [] and text.path == path


# ---- bad input found by fuzzing (tests/fuzz) ------------------------------------------------------------------------


def test_a_time_with_thousands_of_digits_drops_that_cue_only(tmp_path: Path):
    """int() refuses over 4300 digits: the whole file was lost as "cannot read the cues" on line 1."""
    text = load_cues(write(tmp_path, cue_file(patient="9" * 5000 + ":00-0:03 | A.\n0:03-1:16 | B.\n")))
    assert [(p.line, p.message[:16]) for p in text.problems] == [(7, "malformed time '")]
    assert len(text.problems[0].message) < 120
    assert [c.text for c in text.cues["patient"]] == ["B."]


def test_only_ascii_digits_make_a_time(tmp_path: Path):
    text = load_cues(write(tmp_path, cue_file(patient="٠:00-0:03 | A.\n0:03-1:16 | B.\n")))
    assert [(p.line, p.message) for p in text.problems] == [(7, "malformed time '٠:00' (expected m:ss or m:ss.s)")]

"""What the shipped narration says: sourced, plain for patients, honest, and consistent with the grade table."""

from __future__ import annotations

import re

import pytest

from narration import DEGENERATION_STAGES, GRADES, GRADING_SYSTEMS, SOURCES, load_story

STORY = load_story("degeneration")
TAG = re.compile(r"\[(S\d+)\]")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'–-]+", text)


def stage(stage_id: str):
    return STORY.stages[stage_id]


def test_story_is_complete():
    assert STORY.problems == []
    assert tuple(STORY.stages) == DEGENERATION_STAGES


# ---- sources --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_every_listed_source_is_known_and_cited_in_the_student_text(stage_id):
    text = stage(stage_id)
    assert len(text.sources) >= 1
    assert set(text.sources) <= set(SOURCES)
    cited = set(TAG.findall(text.student))
    assert cited == set(text.sources), f"listed but not cited: {set(text.sources) - cited}"


def test_every_source_in_the_table_is_used_and_has_a_citation():
    stages = [*STORY.stages.values(),
              *(s for name in ("case", "stenosis", "sacroiliac", "muscles") for s in load_story(name).stages.values())]
    used = {source for text in stages for source in text.sources}
    assert used == set(SOURCES)
    for source_id, citation in SOURCES.items():
        assert re.fullmatch(r"S\d+", source_id)
        assert len(citation) > 15, source_id


# ---- patient depth: plain, calm, honest -----------------------------------------------------------------------------


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_patient_text_reads_short(stage_id):
    found = sentences(stage(stage_id).patient)
    lengths = [len(words(s)) for s in found]
    assert sum(lengths) / len(lengths) <= 15, lengths
    assert max(lengths) <= 25, max(zip(lengths, found))
    assert sum(lengths) <= 180  # one screen, read aloud in about a minute


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_patient_text_carries_no_source_tags_or_markup(stage_id):
    patient = stage(stage_id).patient
    assert not TAG.search(patient)
    assert not re.search(r"[#*_`<>\[\]]", patient)


FORBIDDEN = [
    r"\bcur(e|es|ed|ing)\b",
    r"\bguarantee",
    r"\bheal(s|ed|ing)?\b",  # not "healthy"
    r"\bmiracle",
    r"\bregenerat",
    r"\brepair",
    r"\breverse",
    r"\bpermanent",
    r"\bparaly",
    r"\bcrippl",
    r"\bwheelchair",
    r"\bstem cell",
    r"\bbook\b",
    r"\bclinic\b",
    r"[$€£]",
    r"\bprice",
    r"\bcost",
    r"\bdegenerat(?!ive disc disease)",  # jargon for patients ("wear", "drier", "thinner"); the name on reports is told
    r"\bsevere\b",
    r"\bdanger",
    r"\bmesoblast",
    r"\bryoncil",
    r"\brexlemestrocel",
]


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_patient_text_has_no_forbidden_words(stage_id):
    patient = stage(stage_id).patient.lower()
    for pattern in FORBIDDEN:
        assert not re.search(pattern, patient), pattern


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_no_brand_names_prices_or_unverified_items_anywhere(stage_id):
    text = stage(stage_id)
    everything = " ".join([text.title, text.patient, text.student, text.caption]).lower()
    for pattern in [
        r"\bmesoblast",
        r"\bryoncil",
        r"\brexlemestrocel",
        r"[$€£]",
        r"\bthompson",  # grade descriptors unverified (U)
        r"\bnathan",  # grade wording unverified (U)
        r"\byang\b",  # Yang & King 1984 facet shares: primary not reached (U)
        r"(?<![–-])\b95 ?%[^.]{0,40}\bL[45]",  # "95% at L4-5/L5-S1": primary not retrieved (U)
        r"\b47 ?%",
    ]:
        assert not re.search(pattern, everything), pattern


def test_the_story_says_once_where_it_opens_that_it_is_no_diagnosis():
    mentions = [s for s in DEGENERATION_STAGES if "diagnosis" in stage(s).patient.lower()]
    assert mentions == ["healthy"]
    assert "not a diagnosis" in stage("healthy").patient


def test_patients_hear_once_that_scan_findings_are_common_without_pain():
    mentions = [s for s in DEGENERATION_STAGES if "without any back pain" in stage(s).patient]
    assert mentions == ["disc_dehydration"]
    assert "S89" in stage("disc_dehydration").sources


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES[1:])
def test_changes_are_told_with_care(stage_id):
    """Each degeneration step hedges ("can", "may", "often", "some"), as the evidence does."""
    patient = stage(stage_id).patient.lower()
    assert re.search(r"\b(can|may|often|usually|some)\b", patient)


# ---- captions -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_caption_is_one_short_line(stage_id):
    caption = stage(stage_id).caption
    assert caption and "\n" not in caption
    assert len(caption) <= 70
    assert not TAG.search(caption)


# ---- grades ---------------------------------------------------------------------------------------------------------

SCALES = {
    "Pfirrmann": ["I", "II", "III", "IV", "V"],
    "Weishaupt": ["0", "1", "2", "3"],
    "Kellgren–Lawrence": ["0", "I", "II", "III", "IV"],
    "Lee": ["0", "1", "2", "3"],
}


def grade_range(system: str, value: str) -> tuple[int, int]:
    scale = SCALES[system]
    low, _, high = value.partition("–")
    assert low in scale and (high or low) in scale, (system, value)
    return scale.index(low), scale.index(high or low)


def test_grade_table_covers_every_stage_and_system():
    assert tuple(GRADES) == DEGENERATION_STAGES
    assert tuple(SCALES) == GRADING_SYSTEMS
    for stage_id, grades in GRADES.items():
        assert tuple(grades) == GRADING_SYSTEMS, stage_id
        for system, value in grades.items():
            low, high = grade_range(system, value)
            assert low < high or "–" not in value, (stage_id, system, value)


@pytest.mark.parametrize("stage_id", DEGENERATION_STAGES)
def test_each_grade_is_named_in_the_student_text(stage_id):
    student = stage(stage_id).student
    for system, value in GRADES[stage_id].items():
        assert f"{system} {value}" in student, f"{stage_id}: '{system} {value}' not in the student text"


def test_grades_never_improve_along_the_story():
    for system in GRADING_SYSTEMS:
        ranges = [grade_range(system, GRADES[s][system]) for s in DEGENERATION_STAGES]
        for earlier, later in zip(ranges, ranges[1:]):
            assert later[0] >= earlier[0] and later[1] >= earlier[1], (system, ranges)


def test_grades_match_the_reference_at_key_steps():
    """Medical reference §3: healthy is grade 0/I everywhere; height is kept through Pfirrmann III; facet wear is
    Weishaupt 1–2; nerve compression is Lee 2–3."""
    assert GRADES["healthy"] == {"Pfirrmann": "I", "Weishaupt": "0", "Kellgren–Lawrence": "0", "Lee": "0"}
    assert GRADES["disc_dehydration"]["Pfirrmann"] == "II–III"
    assert GRADES["disc_narrowing"]["Pfirrmann"] == "IV–V"
    assert GRADES["cartilage_wear"]["Weishaupt"] == "1–2"
    assert grade_range("Kellgren–Lawrence", GRADES["bone_spurs"]["Kellgren–Lawrence"])[0] >= 2
    assert GRADES["nerve_compression"]["Lee"] == "2–3"


# ---- key facts where the reference pins them ------------------------------------------------------------------------


def test_facet_load_share_is_told_with_its_sources():
    student = stage("facet_loading").student
    assert "16%" in student and "70%" in student
    assert {"S75", "S76"} <= set(stage("facet_loading").sources)


def test_posterolateral_l4_5_herniation_hits_the_traversing_l5_root():
    student = stage("disc_herniation").student
    assert "traversing L5" in student and "S77" in stage("disc_herniation").sources
    assert "L5 nerve" in stage("disc_herniation").patient


def test_large_osteophyte_is_over_3_mm():
    assert "more than 3 mm" in stage("bone_spurs").student
    assert "S64" in stage("bone_spurs").sources


def test_disc_height_is_normal_while_the_disc_dries():
    assert "normal height" in stage("disc_dehydration").patient

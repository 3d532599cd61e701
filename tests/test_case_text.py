"""The words of a case's story: every template loads and is filled, each finding is said with its level, side and
grade, the age line comes from the checked table (and only where it has a figure), and the quick picks give the
findings their names promise."""

from __future__ import annotations

import re

import pytest

from explainer.stories.case import Case, CaseModel
from explainer.stories.case_text import AGE_FINDINGS, common_at_age, fill, finding_text, where
from explainer.stories.findings import Findings, Herniation, LevelFindings, Listhesis, Root
from explainer.stories.quick_picks import PICKS, quick_picks
from narration import PLACEHOLDER, load_common_at_age, load_story
from narration.stories import CASE_TEXTS, CASE_TOPICS

TEXTS = load_story("case")
AGE = load_common_at_age()
EVERY_FINDING = Findings({
    "T12-L1": LevelFindings(contour="bulge"),
    "L3-L4": LevelFindings(desiccation=True, pfirrmann=4, height_loss="mild-moderate", spurs=True,
                           facets={"left": "mild", "right": "moderate-severe"}),
    "L4-L5": LevelFindings(contour="herniation", herniation=Herniation("protrusion", "paracentral", "left"),
                           canal="moderate", listhesis=Listhesis("antero", 1),
                           foramen={"left": "severe", "right": "mild"},
                           roots=[Root("L5", "left", "compression"), Root("L4", "both", "contact")]),
})
"""A case with every kind of finding, each with a side or grade to say."""


def every_text(age: int | None, depth: str) -> dict[str, str]:
    model = CaseModel()
    model.set_case(Case(EVERY_FINDING, age=age))
    texts = {}
    for index, step in enumerate(model.steps):
        model.set_position(index)
        texts[step.id] = model.text(depth)
    return texts


def test_every_case_template_loads():
    assert TEXTS.problems == [] and TEXTS.missing == ()
    assert set(TEXTS.stages) == set(CASE_TEXTS)


def test_the_sample_case_has_a_step_for_every_finding():
    assert {step.topic for step in CaseModel(case=Case(EVERY_FINDING)).steps} == {None, *CASE_TOPICS}


@pytest.mark.parametrize("depth", ["patient", "student"])
@pytest.mark.parametrize("age", [None, 30, 61, 70])
def test_every_step_is_filled_in(depth, age):
    for step, text in every_text(age, depth).items():
        assert text != PLACEHOLDER and "{" not in text and "}" not in text, (step, text)


def test_each_finding_says_its_level_side_and_grade_in_plain_words():
    texts = every_text(None, "patient")
    assert "At the L4–L5 level, on the left, some of the disc's soft centre" in texts["L4-L5/herniation"]
    assert "At the L3–L4 level, on the right, the small joints" in texts["L3-L4/facets"]
    assert "The report calls the wear moderate to severe." in texts["L3-L4/facets"]
    assert "The report calls the loss of height mild to moderate." in texts["L3-L4/height_loss"]
    assert "The L4 bone has slipped forward on the L5 bone" in texts["L4-L5/listhesis"]
    assert "pressed on a nerve root at the L4–L5 level." in texts["L4-L5/roots"]
    assert "It names the left L5 nerve root and the L4 nerve roots on both sides." in texts["L4-L5/roots"]
    assert "At the T12–L1 level, above this model, the disc's edge" in texts["T12-L1/bulge"]
    student = every_text(None, "student")
    assert "(Pfirrmann IV in the report)" in student["L3-L4/desiccation"]
    assert "left L5, compression (traversing); both L4, contact (exiting)" in student["L4-L5/roots"]
    assert "(left severe, right mild)" in student["L4-L5/foramen"] and "the L4 root" in student["L4-L5/foramen"]
    assert "Meyerding grade 1" in student["L4-L5/listhesis"]


def test_the_overview_says_a_finding_is_not_the_cause_of_pain():
    patient = every_text(None, "patient")["overview"]
    assert "not the same as the cause of pain" in patient and "common with age and often painless" in patient


def share(finding: str, age: int) -> int:
    row = next(row for row in AGE.rows if row.finding == AGE_FINDINGS[finding])
    return row.shares[age].percent


def test_the_age_line_quotes_the_checked_table_at_the_nearest_age():
    texts = every_text(61, "patient")
    assert f"About {share('desiccation', 60)} in 100 people aged about 60 with no back pain" in texts[
        "L3-L4/desiccation"]
    assert "common with age and often painless" in texts["L3-L4/desiccation"]
    young = every_text(33, "patient")
    assert f"About {share('bulge', 40)} in 100 people aged about 40" in young["T12-L1/bulge"]
    assert f"About {share('herniation', 40)} in 100 people aged about 40" in young["L4-L5/herniation"]
    student = every_text(61, "student")["L3-L4/desiccation"]
    assert re.search(r"estimated at \d+% \[S\d+\]", student)


def test_no_age_line_without_an_age_or_a_figure_near_it():
    found = EVERY_FINDING.levels["L3-L4"]
    assert "no back pain" not in every_text(None, "patient")["L3-L4/desiccation"]
    assert common_at_age("desiccation", found, 95, "patient") == ""  # no checked figure at 80
    assert common_at_age("canal", found, 60, "patient") == ""  # stenosis has no row in the table
    assert common_at_age("height_loss", found, 61, "patient") == ""  # a figure at 40 only
    extrusion = LevelFindings(contour="herniation", herniation=Herniation("extrusion"))
    assert common_at_age("herniation", extrusion, 40, "patient") == ""  # the table's figure is for protrusions


def test_a_note_of_the_table_is_said_from_the_age_it_names():
    found = EVERY_FINDING.levels["L3-L4"]
    assert common_at_age("facets", found, 64, "patient") == ""
    assert "Aged 65 or more" in common_at_age("facets", found, 70, "patient")
    assert "[S" in common_at_age("spurs", found, 50, "student") and "[S" not in common_at_age(
        "spurs", found, 50, "patient")


def test_every_age_finding_names_a_row_of_the_table():
    assert set(AGE_FINDINGS.values()) <= {row.finding for row in AGE.rows}
    assert set(AGE_FINDINGS) <= set(CASE_TOPICS)


def test_fill_capitalises_on_request_and_keeps_unknown_names():
    assert fill("{Where}, {where} {nope}", {"where": "at L4"}) == "At L4, at L4 {nope}"
    assert where("L5-S1", "midline") == "at the L5–S1 level, in the middle"


def test_a_missing_template_gives_the_placeholder_not_an_error(monkeypatch, tmp_path):
    from explainer.stories import case_text

    monkeypatch.setattr(case_text, "_texts", lambda: load_story("case", tmp_path))
    assert finding_text("L4-L5", EVERY_FINDING.levels["L4-L5"], "canal", "patient", age=60) == PLACEHOLDER
    assert case_text.title("canal") == "Canal"


# --- quick picks ------------------------------------------------------------------------------------------------------

def test_each_quick_pick_reads_whole_and_gives_the_findings_its_name_promises():
    picks = quick_picks()
    assert list(picks) == list(PICKS)
    assert all(not findings.not_understood for findings in picks.values())
    assert all(not level.evidence for findings in picks.values() for level in findings.levels.values())

    herniation = picks["L4-L5 left paracentral herniation"].levels
    assert set(herniation) == {"L4-L5"} and herniation["L4-L5"].herniation == Herniation("protrusion", "paracentral",
                                                                                           "left")
    assert herniation["L4-L5"].roots == [Root("L5", "left", "contact")]

    foramen = picks["L5-S1 foraminal stenosis"].levels
    assert set(foramen) == {"L5-S1"} and foramen["L5-S1"].foramen == {"left": "moderate", "right": "mild"}

    multilevel = picks["multilevel degeneration"].levels
    assert set(multilevel) == {"L2-L3", "L3-L4", "L4-L5", "L5-S1"}
    assert all(level.desiccation for level in multilevel.values())
    assert [multilevel[name].height_loss for name in ("L3-L4", "L4-L5", "L5-S1")] == ["mild", "moderate", "moderate"]

    slip = picks["L4-L5 degenerative spondylolisthesis with stenosis"].levels["L4-L5"]
    assert slip.listhesis == Listhesis("antero", 1) and slip.canal == "moderate"
    assert slip.facets == {"left": "severe", "right": "severe"} and slip.foramen["left"] == "moderate"

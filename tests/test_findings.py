"""The findings model, its JSON, and the report parser on the notations and phrasings reports use."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest

from explainer.stories.findings import (
    LEVELS,
    Findings,
    FindingsError,
    Herniation,
    LevelFindings,
    Listhesis,
    Root,
    from_dict,
    from_json,
    parse_report,
)

REPORTS = Path(__file__).parent / "corpus" / "reports"


def level(text: str, name: str) -> LevelFindings:
    findings = parse_report(text)
    assert name in findings.levels, (text, findings.to_dict(evidence=False))
    return findings.levels[name]


@pytest.mark.parametrize("written, key", [
    ("L4-5", "L4-L5"), ("L4-L5", "L4-L5"), ("L4/5", "L4-L5"), ("L4\u20135", "L4-L5"), ("L-4-L-5", "L4-L5"),
    ("L45", "L4-L5"), ("L5 S1", "L5-S1"), ("L5/S1", "L5-S1"), ("L5S1", "L5-S1"), ("the lumbosacral junction", "L5-S1"),
    ("T12-L1", "T12-L1"), ("the thoracolumbar junction", "T12-L1"), ("the L1-2 level", "L1-L2"),
])
def test_every_notation_gives_the_same_key(written, key):
    assert level(f"At {written} there is a mild disc bulge.", key).contour == "bulge"


def test_ranges_and_lists_name_every_level():
    findings = parse_report("L1-2 through L3-4: normal.\nMild disc bulges at L4-5 and L5-S1.")
    assert list(findings.levels) == ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"]
    assert all(findings.levels[name].is_healthy() for name in ("L1-L2", "L2-L3", "L3-L4"))
    assert findings.levels["L5-S1"].contour == "bulge"


@pytest.mark.parametrize("sentence", [
    "L4-5: No foraminal stenosis.", "L4-5: Disc bulge without foraminal narrowing.",
    "L4-5: Negative for central canal or foraminal stenosis.", "L4-5: No significant foraminal narrowing.",
    "L4-5: The neural foramina are patent.", "L4-5: The foramina are not narrowed.",
])
def test_a_negated_finding_is_not_present(sentence):
    assert level(sentence, "L4-L5").foramen == {"left": "none", "right": "none"}


@pytest.mark.parametrize("sentence, left, right", [
    ("Mild to moderate bilateral foraminal narrowing.", "mild-moderate", "mild-moderate"),
    ("Moderate to severe left and mild right foraminal stenosis.", "moderate-severe", "mild"),
    ("Moderate bilateral foraminal stenosis, right greater than left.", "mild-moderate", "moderate"),
    ("Foraminal narrowing is moderate on the right and mild on the left.", "mild", "moderate"),
    ("Minimal left foraminal narrowing.", "mild", "none"),
    ("Mild left and no right foraminal narrowing.", "mild", "none"),
    ("Foramina: left mild, right moderate.", "mild", "moderate"),
])
def test_grades_and_sides(sentence, left, right):
    assert level(f"L4-5: {sentence}", "L4-L5").foramen == {"left": left, "right": right}


def test_typos_of_the_clinical_words_are_read():
    found = level("L4-5: Left paracentral protusion. Moderate left formainal stenois. Mild facet athropathy.", "L4-L5")
    assert found.herniation == Herniation("protrusion", "paracentral", "left")
    assert found.foramen["left"] == "moderate" and found.facets == {"left": "mild", "right": "mild"}


def test_words_near_the_vocabulary_are_left_alone():
    findings = parse_report("The patient is designated as having several levels. L4-5: normal.")
    assert findings.levels["L4-L5"].is_healthy()


def test_skipped_sections_give_no_level():
    findings = parse_report("HISTORY: L4-5 disc herniation in 2019.\nTECHNIQUE: axial T2 from L3 to S1.\n\n"
                            "FINDINGS:\nL5-S1: Mild disc bulge.")
    assert list(findings.levels) == ["L5-S1"] and not findings.not_understood


def test_roots_are_named_by_role_and_side():
    found = level("L4-5: Left paracentral protrusion contacting the traversing nerve root. Severe right foraminal "
                  "stenosis compresses the exiting right nerve root.", "L4-L5")
    assert found.roots == [Root("L5", "left", "contact"), Root("L4", "right", "compression")]


def test_listhesis_with_meyerding_grade_at_the_slipped_vertebra():
    findings = parse_report("Grade 2 anterolisthesis of L5 on S1. 3 mm retrolisthesis of L2 on L3.")
    assert findings.levels["L5-S1"].listhesis == Listhesis("antero", 2)
    assert findings.levels["L2-L3"].listhesis == Listhesis("retro", None)


def test_a_doubtful_finding_is_listed_not_shown():
    findings = parse_report("L4-5: Possible small left foraminal protrusion. Mild canal stenosis cannot be excluded.")
    assert findings.levels.get("L4-L5", LevelFindings()).is_healthy()
    assert len(findings.not_understood) == 2


def test_a_sentence_naming_a_level_that_is_not_read_is_listed():
    findings = parse_report("L3-4: Modic type 2 endplate changes. Mild canal stenosis at L4-5, moderate at L5-S1.")
    assert findings.not_understood[0] == "L3-4: Modic type 2 endplate changes."
    assert findings.levels["L5-S1"].canal == "moderate"


def test_each_finding_keeps_the_words_it_came_from():
    text = "FINDINGS:\r\nL4\u20135: Disc bulge.  Moderate LEFT foraminal narrowing.\r\n"
    found = parse_report(text).levels["L4-L5"]
    span = found.evidence["foramen.left"][0]
    assert span.text == text[span.start:span.end] and "Moderate LEFT foraminal narrowing" in span.text


def test_the_json_round_trips():
    findings = parse_report((REPORTS / "roots.txt").read_text())
    again = from_json(findings.to_json())
    assert again == findings
    assert from_json(findings.to_json(evidence=False)).to_dict(evidence=False) == findings.to_dict(evidence=False)


def test_the_json_is_the_issue_format():
    doc = Findings({"L4-L5": LevelFindings(contour="herniation", herniation=Herniation("extrusion", None, "left"),
                                           roots=[Root("L5", "left", "compression")])}).to_dict(evidence=False)
    assert doc["format"] == "lumbar-explainer/findings" and doc["version"] == 1 and doc["not_understood"] == []
    assert set(doc["levels"]["L4-L5"]) >= {"contour", "herniation", "foramen", "canal", "facets", "desiccation",
                                           "height_loss", "listhesis", "roots"}
    assert doc["levels"]["L4-L5"]["herniation"] == {"type": "extrusion", "zone": None, "side": "left"}


def valid() -> dict:
    return Findings({"L4-L5": LevelFindings()}).to_dict()


@pytest.mark.parametrize("damage, field", [
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d["levels"].update({"L6-L7": {}}), "levels."),
    (lambda d: d["levels"]["L4-L5"]["foramen"].update(left="big"), "levels.L4-L5.foramen.left"),
    (lambda d: d["levels"]["L4-L5"].update(contour="herniation"), "levels.L4-L5.herniation"),
    (lambda d: d["levels"]["L4-L5"].update(roots=[{"root": "L5", "side": "up", "degree": "contact"}]),
     "levels.L4-L5.roots[0].side"),
    (lambda d: d["levels"]["L4-L5"].pop("canal"), "levels.L4-L5"),
    (lambda d: d["levels"]["L4-L5"].update(listhesis={"direction": "antero", "grade": 7}),
     "levels.L4-L5.listhesis.grade"),
])
def test_a_damaged_document_is_refused_naming_the_field(damage, field):
    doc = valid()
    damage(doc)
    with pytest.raises(FindingsError) as refused:
        from_dict(doc)
    assert str(refused.value).startswith(field), str(refused.value)


def test_text_that_is_not_json_is_refused():
    with pytest.raises(FindingsError, match="not JSON"):
        from_json('{"format": ')


@pytest.mark.parametrize("text", ["", "\x00\x01", "L4-5" * 5000, "no " * 20000, "L4-5: " + "mild " * 5000 + ".",
                                  "\u0130\u0131 L4-5: disc bulge \u2028 stenosis"])
def test_odd_text_never_raises(text):
    json.loads(parse_report(text).to_json())


def test_a_long_report_is_read_within_the_budget():
    """The issue's budget: a 40-line report in 50 ms (median of runs, after a first)."""
    lines = [line for path in sorted(REPORTS.glob("*.txt")) for line in path.read_text().splitlines()][:40]
    text = "\n".join(lines)
    parse_report(text)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        parse_report(text)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.050


def test_levels_cover_the_model_and_t12_l1():
    assert LEVELS == ("T12-L1", "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")

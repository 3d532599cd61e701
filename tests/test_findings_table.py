"""The findings table's columns: each cell reads, writes and names its evidence (Qt-free)."""

import pytest

from explainer.stories.findings import FindingsError, LevelFindings, Root, parse_report
from explainer.stories.findings.table import COLUMNS, NONE, evidence_words, parse_roots, read_roots

BY_KEY = {c.key: c for c in COLUMNS}


def test_a_healthy_level_reads_none_or_no_in_every_cell():
    assert {c.read(LevelFindings()) for c in COLUMNS} == {NONE, "no"}


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.key)
def test_every_choice_written_reads_back(column):
    for choice in column.choices or ("L5 left compression",):
        level = LevelFindings()
        column.write(level, choice)
        assert column.read(level) == choice


def test_choosing_a_zone_makes_a_herniation_and_none_type_takes_it_away():
    level = LevelFindings()
    BY_KEY["herniation.zone"].write(level, "foraminal")
    assert level.contour == "herniation" and level.herniation.zone == "foraminal"
    BY_KEY["herniation.type"].write(level, NONE)
    assert level.contour == "none" and level.herniation is None


def test_a_bulge_keeps_no_herniation():
    level = LevelFindings()
    BY_KEY["herniation.side"].write(level, "left")
    BY_KEY["contour"].write(level, "bulge")
    assert level.herniation is None


def test_listhesis_cell_round_trips_direction_and_grade():
    level = LevelFindings()
    BY_KEY["listhesis"].write(level, "retro grade 2")
    assert (level.listhesis.direction, level.listhesis.grade) == ("retro", 2)
    BY_KEY["listhesis"].write(level, NONE)
    assert level.listhesis is None


def test_roots_text_parses_and_bad_text_names_the_part():
    assert parse_roots("l5 left compression, S1 right contact") == [Root("L5", "left", "compression"),
                                                                    Root("S1", "right", "contact")]
    assert read_roots(LevelFindings(roots=parse_roots("L5 both displacement"))) == "L5 both displacement"
    with pytest.raises(FindingsError, match="'L5 up'"):
        parse_roots("L5 up")


def test_evidence_words_are_the_reports_words_for_that_cell():
    report = "L4-5: Moderate left foraminal narrowing. Small central protrusion."
    level = parse_report(report).levels["L4-L5"]
    words = evidence_words(level, BY_KEY["foramen.left"])
    assert words and all(w in report for w in words) and any("foraminal" in w for w in words)
    assert evidence_words(level, BY_KEY["foramen.right"]) == []

"""The term table: links in the narration and the structures each term means (no Qt)."""

import html
import re

import pytest

from explainer.stories.degeneration import DEGENERATION
from explainer.stories.terms import KINDS, RULES, SPELLINGS, link_terms, structures_for, structures_for_kinds
from narration import load_story

NAMES = {"L1", "L2", "L3", "L4", "L5", "sacrum", "dural_sac", "multifidus_left"}
for _seg, _up, _low in (("L3-L4", "L3", "L4"), ("L4-L5", "L4", "L5"), ("L5-S1", "L5", "S1")):
    NAMES |= {f"disc_{_seg}", f"nucleus_{_seg}"}
    NAMES |= {f"cartilage_{_seg}_{s}_{p}" for s in ("left", "right") for p in ("superior", "inferior")}
    NAMES |= {f"root_{lvl}_{s}" for lvl in (_up, _low) for s in ("left", "right")}


def links(html_text: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="term:([^"]+)">([^<]+)</a>', html_text)


def test_a_term_becomes_a_link_to_its_canonical_name_keeping_the_spelling():
    assert link_terms("The Facet Joints carry load.") == \
        'The <a href="term:facet joint">Facet Joints</a> carry load.'


def test_longest_match_first_and_never_nested():
    text = "The intervertebral disc has a nucleus pulposus inside the annulus fibrosus."
    assert links(link_terms(text)) == [("disc", "intervertebral disc"), ("nucleus pulposus", "nucleus pulposus"),
                                       ("annulus fibrosus", "annulus fibrosus")]
    assert link_terms(text).count("<a ") == 3  # no "disc" link inside "intervertebral disc"


def test_html_is_escaped_before_linking_and_existing_links_are_left_alone():
    out = link_terms('<b>disc</b> & "sacrum"')
    assert out.startswith("&lt;b&gt;")
    assert links(out) == [("disc", "disc"), ("sacrum", "sacrum")]
    assert "&amp;" in out
    from explainer.stories.terms import link_html
    already = '<a href="https://example.org">the disc</a> and a disc'
    assert link_html(already) == '<a href="https://example.org">the disc</a> and a <a href="term:disc">disc</a>'


def test_only_the_first_mention_of_a_term_is_linked():
    assert links(link_terms("A disc. The discs and the sacrum, a disc.")) == [("disc", "disc"), ("sacrum", "sacrum")]


def test_only_whole_words_are_linked():
    assert "<a" not in link_terms("discus, laminar flow, sacral-ish nuclei, disco")


def test_every_spelling_points_to_a_rule_and_every_kind_to_a_term():
    assert set(SPELLINGS.values()) <= set(RULES)
    assert set(KINDS.values()) <= set(RULES)
    assert {kind for stage in DEGENERATION for kind in stage.highlight} <= set(KINDS)


@pytest.mark.parametrize(("term", "expected"), [
    ("facet joint", ["cartilage_L4-L5_left_superior", "cartilage_L4-L5_left_inferior",
                     "cartilage_L4-L5_right_superior", "cartilage_L4-L5_right_inferior"]),
    ("zygapophyseal joints", ["cartilage_L4-L5_left_superior", "cartilage_L4-L5_left_inferior",
                              "cartilage_L4-L5_right_superior", "cartilage_L4-L5_right_inferior"]),
    ("disc", ["disc_L4-L5", "nucleus_L4-L5"]),
    ("Intervertebral Disc", ["disc_L4-L5", "nucleus_L4-L5"]),
    ("nucleus", ["nucleus_L4-L5"]),
    ("annulus fibrosus", ["disc_L4-L5"]),
    ("vertebrae", ["L4", "L5"]),
    ("pedicle", ["L4", "L5"]),
    ("osteophytes", ["L4", "L5"]),
    ("nerve root", ["root_L4_left", "root_L5_left"]),
    ("foramina", ["root_L4_left"]),
    ("dural sac", ["dural_sac"]),
    ("sacrum", ["sacrum"]),
    ("spleen", []),
])
def test_structures_for_l4_l5_left(term, expected):
    assert structures_for(term, "L4-L5", "left", NAMES) == expected


def test_structures_follow_segment_and_side_and_only_available_names():
    assert structures_for("vertebra", "L5-S1", "right", NAMES) == ["L5", "sacrum"]
    assert structures_for("nerve root", "L5-S1", "right", NAMES) == ["root_L5_right", "root_S1_right"]
    assert structures_for("disc", "L3-L4", "left", NAMES) == ["disc_L3-L4", "nucleus_L3-L4"]
    assert structures_for("disc", "L1-L2", "left", NAMES) == []  # not in this (partial) model


def test_stage_kinds_map_through_the_same_table():
    assert structures_for_kinds(("disc", "nucleus"), "L4-L5", "left", NAMES) == ["disc_L4-L5", "nucleus_L4-L5"]
    assert structures_for_kinds(("bones",), "L4-L5", "left", NAMES) == ["L4", "L5"]
    assert structures_for_kinds(("root",), "L4-L5", "right", NAMES) == ["root_L4_right", "root_L5_right"]
    assert structures_for_kinds(("cartilage",), "L4-L5", "left", NAMES) == \
        structures_for("facet joint", "L4-L5", "left", NAMES)
    assert structures_for_kinds((), "L4-L5", "left", NAMES) == []


def test_the_narration_gets_links_and_its_text_survives():
    story = load_story("degeneration")
    found = set()
    for stage in DEGENERATION:
        for depth in ("patient", "student"):
            text = story.text_for(stage.id, depth)
            linked = link_terms(text)
            found |= {term for term, _ in links(linked)}
            assert re.sub(r"<[^>]+>", "", linked) == html.escape(text, quote=False)
    assert {"disc", "facet joint", "nerve root", "bone spur", "foramen"} <= found

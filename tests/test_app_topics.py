"""What patients bring and what is common at their age, in the window: one click from either story."""

from __future__ import annotations

import pytest
from conftest import shown_window

from explainer.ui.story_panel import common_at_age
from narration.claims import load_claims, load_common_at_age


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, hand_clock=False) as window:
        yield window


def test_every_claim_is_answered_at_the_sessions_depth_from_either_story(window):
    claims = load_claims()
    panel = window.topics
    assert panel in [window.side_tabs.widget(i).widget() for i in range(window.side_tabs.count())]  # a tab (scrolled)
    assert panel.claims.count() == len(claims.topics) >= 9
    for story in ("degeneration", "injection"):
        window.show_story(story)
        panel.claims.setCurrentRow(1)
        assert claims.topics[1].patient.split("\n\n")[0][:50] in panel.answer.toPlainText()
    window.session.set_depth("student")
    shown = panel.answer.toPlainText()
    assert claims.topics[1].student.split("\n\n")[0][:50] in shown and "Sources" in shown
    for page in window.pages.values():  # one depth for every panel, its buttons showing it
        assert page.panel.depth == "student" and page.panel.depth_buttons["student"].isChecked()
        assert not page.panel.depth_buttons["patient"].isChecked()


def test_a_stage_with_checked_figures_says_how_common_they_are_without_pain(window):
    table = load_common_at_age()
    window.model.set_position(1)  # the disc dries out
    text = window.pages["degeneration"].panel.browser.toPlainText()
    assert "54 in 100 at age 40" in text and "86 in 100 at age 60" in text
    assert table.patient.split("\n\n")[0][:40] in text
    assert common_at_age(table, "healthy", "patient") == ""  # nothing to say for a healthy segment
    student = common_at_age(table, "disc_dehydration", "student")
    assert "[S237]" in student and table.student[:40] in student

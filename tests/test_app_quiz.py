"""The quiz in the real window: answered by its buttons, its keys and a click on the 3D view; the right answer lit;
the score; its state kept across stories; everything let go when the window closes."""

from __future__ import annotations

import pytest
from conftest import click_3d, shown_window
from PySide6.QtCore import Qt

from explainer.render.materials import HIGHLIGHT
from explainer.ui.window import TWEEN_MS


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, active=True) as window:
        window.session.set_depth("student")
        window.show_story("quiz")
        yield window


def lit(window, name: str) -> bool:
    return window.scene.shown_colour(name) == pytest.approx(HIGHLIGHT)


def go_to(window, words: str) -> None:
    model = window.model
    model.set_position(next(i for i, q in enumerate(model.questions) if words in q.text))
    window.camera_animation.setCurrentTime(TWEEN_MS)  # the turn to the question's view, done
    window.render()


def test_a_choice_is_answered_by_its_button_and_the_right_root_lit(qtbot, window):
    go_to(window, "posterolateral (paracentral) L4–L5")
    panel = window.page.panel
    assert [b.accessibleName() for b in panel.choices] == ["L3", "L4", "L5", "S1"]
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus and "key" in b.accessibleDescription() for b in panel.choices)
    assert not lit(window, "root_L5_left") and panel.feedback.toPlainText() == ""
    qtbot.mouseClick(panel.choices[1], Qt.MouseButton.LeftButton)  # L4: wrong
    assert not window.model.result.right and lit(window, "root_L5_left")
    text = panel.feedback.toPlainText()
    assert "Not quite" in text and "The answer: L5" in text and "[S77]" in text
    assert panel.score.text().startswith("Score: 0 of 1 right")
    qtbot.mouseClick(panel.choices[2], Qt.MouseButton.LeftButton)  # L5: right, but the first answer counts
    assert window.model.result.right and "Right" in panel.feedback.toPlainText()
    assert window.model.score == (0, 1)


def test_a_choice_is_answered_by_its_key(qtbot, window):
    go_to(window, "Which Pfirrmann grade")
    qtbot.keyClick(window, Qt.Key.Key_3)  # III
    assert window.model.result.right and window.model.score == (1, 1)
    assert lit(window, "nucleus_L4-L5")
    assert window.scene.actors["disc_L4-L5"].GetProperty().GetOpacity() < 1.0  # seen through, to the nucleus


def test_a_click_question_is_answered_on_the_3d_view(qtbot, window):
    go_to(window, "intervertebral disc")
    assert window.page.panel.hint.isVisible()
    click_3d(qtbot, window, "disc_L4-L5")
    assert window.model.result.right and window.model.score == (1, 1)
    assert lit(window, "disc_L4-L5") and window.scene.selected is None  # the page took the click
    go_to(window, "{upper} vertebra")
    click_3d(qtbot, window, "disc_L4-L5")  # not the L4 vertebra
    result = window.model.result
    assert not result.right and result.given == "disc_L4-L5" and lit(window, "L4")
    assert "You clicked: L4–L5 disc" in window.page.panel.feedback.toPlainText()
    assert window.model.score == (1, 2)
    click_3d(qtbot, window, "L4")  # answered: a click selects again
    assert window.scene.selected == "L4" and window.model.score == (1, 2)


def test_the_quiz_keeps_its_state_across_stories_and_gives_the_scene_back(qtbot, window):
    go_to(window, "posterolateral (paracentral) L4–L5")
    qtbot.mouseClick(window.page.panel.choices[2], Qt.MouseButton.LeftButton)
    index = window.model.index
    window.show_story("degeneration")
    assert not lit(window, "root_L5_left") and not window.layers["quiz"].question.GetVisibility()
    window.show_story("quiz")
    assert window.model.index == index and window.model.score == (1, 1) and lit(window, "root_L5_left")
    assert window.page.panel.choices[2].accessibleName() == "L5"


def test_patients_get_the_teach_back_without_a_score_and_the_explanation_again(qtbot, window):
    window.session.set_depth("patient")
    model, panel = window.model, window.page.panel
    assert model.depth == "patient" and len(model.questions) == 4 and not panel.score.isVisible()
    assert panel.title.text() == "Check what you learned"
    qtbot.mouseClick(panel.choices[1], Qt.MouseButton.LeftButton)  # not the nucleus
    text = panel.feedback.toPlainText()
    assert "Here it is again" in text and "It is called the nucleus." in text and lit(window, "nucleus_L4-L5")


def test_closing_the_window_lets_everything_go(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        window.show_story("quiz")
        model, layer, renderer = window.model, window.layers["quiz"], window.scene.renderer
        window.close()
        assert model._listeners == [] and window.pages == {} and window.layers == {}
        assert not renderer.HasViewProp(layer.question) and not renderer.HasViewProp(layer.answer)
        assert window.scene.lit["story"] == ()

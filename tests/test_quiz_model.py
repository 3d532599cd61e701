"""The quiz's model, without Qt or VTK: the questions it asks at each depth, how it grades and scores, what it
shows once answered, and its captions."""

from __future__ import annotations

import pytest

from explainer.stories.quiz import REVEAL, QuizModel, quiz_text
from narration.quiz import load_quiz


@pytest.fixture
def quiz() -> QuizModel:
    return QuizModel()


def test_the_shipped_questions_load_and_cover_the_kinds_asked_for():
    text = quiz_text()
    assert text.problems == []
    student, patient = text.questions["student"], text.questions["patient"]
    assert 10 <= len(student) <= 15 and 3 <= len(patient) <= 4
    assert {q.kind for q in student} == {"click", "choice"}
    assert all(q.kind == "choice" for q in patient)
    words = " ".join(q.text for q in student)
    for system in ("Pfirrmann", "Griffith", "Weishaupt", "Lee"):
        assert system in words, system


def test_the_depth_chooses_the_quiz_or_the_teach_back(quiz):
    assert quiz.depth == "student" and quiz.scored and len(quiz.questions) == len(quiz_text().questions["student"])
    quiz.set_position(6)
    quiz.set_depth("patient")
    assert not quiz.scored and quiz.questions == quiz_text().questions["patient"]
    assert quiz.last == len(quiz.questions) and quiz.index == len(quiz.questions) - 1  # the last it has
    assert not quiz.revealed
    with pytest.raises(ValueError):
        quiz.set_depth("expert")


def _go_to(quiz: QuizModel, text: str) -> None:
    quiz.set_position(next(i for i, q in enumerate(quiz.questions) if text in q.text))


def test_the_l4_l5_herniation_question_wants_the_traversing_root_and_lights_it(quiz):
    _go_to(quiz, "posterolateral (paracentral) L4–L5")
    assert not quiz.revealed and quiz.shown() == []
    wrong = quiz.answer("L4")
    assert not wrong.right and wrong.expected == ("L5",) and "[S77]" in wrong.explanation
    assert quiz.revealed and quiz.shown() == ["root_L5_left"]
    right = quiz.answer("L5")
    assert right.right and quiz.result is right
    assert quiz.score == (0, 1)  # the first answer counts
    with pytest.raises(ValueError):
        quiz.answer("L7")


def test_a_click_question_is_graded_on_the_structure_at_the_quizs_segment_and_side():
    quiz = QuizModel(level="L5-S1", side="right")
    _go_to(quiz, "posterolateral herniation at {segment}")
    assert "L5–S1 on the right" in quiz.words(quiz.question.text)
    assert not quiz.answer("root_L5_right").right  # the exiting root, not the traversing one
    quiz.set_position(quiz.index)
    assert quiz.answer("root_S1_right").right
    _go_to(quiz, "intervertebral disc")
    assert quiz.answer("nucleus_L5-S1").right  # the disc is its annulus and its nucleus
    assert quiz.score == (1, 2)


def test_the_score_counts_first_answers_right_of_those_answered(quiz):
    choices = [i for i, q in enumerate(quiz.questions) if q.kind == "choice"]
    for index in choices:
        quiz.set_position(index)
        question = quiz.question
        wrong = next(c for c in question.choices if c != question.answer[0])
        quiz.answer(question.answer[0] if index % 2 else wrong)
    expected = (sum(1 for i in choices if i % 2), len(choices))
    assert 0 < expected[0] < expected[1] and quiz.score == expected
    quiz.set_depth("patient")
    assert quiz.score == (0, 0)  # each depth keeps its own answers
    quiz.set_depth("student")
    assert quiz.score == expected


def test_past_reveal_the_answer_shows_without_an_answer_given(quiz):
    _go_to(quiz, "Which Pfirrmann grade")
    index = quiz.index
    quiz.set_position(index + REVEAL / 2)
    assert not quiz.revealed and quiz.shown() == []
    quiz.set_position(index + REVEAL)
    assert quiz.revealed and quiz.result is None and quiz.shown() == ["nucleus_L4-L5"]
    quiz.step(+1)
    assert quiz.index == index + 1 and quiz.position == index + 1 and not quiz.revealed


def test_captions_give_each_question_then_its_answer():
    quiz = QuizModel(depth="patient")
    captions = quiz.captions("patient")
    assert len(captions) == 2 * len(quiz.questions)
    assert captions[0] == (0.0, REVEAL, "What is the soft centre of the disc called?")
    assert captions[1] == (REVEAL, 1.0, "Answer: The nucleus")
    assert captions[-1][1] == quiz.last
    assert all(a[1] == b[0] for a, b in zip(captions, captions[1:]))


def test_a_file_without_questions_leaves_a_model_that_asks_nothing(tmp_path):
    path = tmp_path / "quiz.md"
    path.write_text("not a quiz\n", encoding="utf-8")
    quiz = QuizModel(text=load_quiz(path))
    assert quiz.question is None and quiz.last == 0.0 and not quiz.revealed and quiz.captions("student") == ()
    with pytest.raises(ValueError):
        quiz.answer("L5")

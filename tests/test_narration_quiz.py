"""The quiz's reader: each malformed question is named by file and line and dropped, the others kept; a bad header
leaves no questions; the app still starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from narration.quiz import load_quiz

HEADER = "---\ntitle: Test yourself\nsources: S77, S81\n---\n"
GOOD = """### Which root?
kind: choice
choices: L4 | L5
answer: L5
explain: The traversing root [S77].
"""
PATIENT = """## patient
### What is the soft centre of the disc called?
kind: choice
choices: The nucleus | The nerve
answer: The nucleus
explain: It is called the nucleus.
"""


def write(tmp_path: Path, student_question: str) -> Path:
    path = tmp_path / "quiz.md"
    path.write_text(HEADER + "## student\n" + GOOD + "\n" + student_question + PATIENT, encoding="utf-8")
    return path


BAD = {  # a student question after a good one; its lines start at line 12 -> (line, words in the message)
    "unknown kind": ("### Q?\nkind: essay\nanswer: x\nexplain: Y [S77].\n", 13, "unknown kind 'essay'"),
    "answer not a choice": ("### Q?\nkind: choice\nchoices: A | B\nanswer: C\nexplain: Y [S77].\n", 15,
                            "not one of the choices"),
    "one choice": ("### Q?\nkind: choice\nchoices: A\nanswer: A\nexplain: Y [S77].\n", 14, "two or more"),
    "choice twice": ("### Q?\nkind: choice\nchoices: A | A\nanswer: A\nexplain: Y [S77].\n", 14, "listed twice"),
    "no explanation": ("### Q?\nkind: click\nanswer: disc\n", 12, "no 'explain'"),
    "no source": ("### Q?\nkind: click\nanswer: disc\nexplain: Y.\n", 15, "cites no source"),
    "unlisted source": ("### Q?\nkind: click\nanswer: disc\nexplain: Y [S47].\n", 15, "not listed in 'sources:'"),
    "unknown field": ("### Q?\nkind: click\nhint: x\n", 14, "unknown field 'hint'"),
    "field twice": ("### Q?\nkind: click\nkind: click\n", 14, "given twice (first on line 13)"),
    "not a field": ("### Q?\nkind click\n", 13, "not 'key: value'"),
    "click with choices": ("### Q?\nkind: click\nchoices: A | B\nanswer: disc\nexplain: Y [S77].\n", 14,
                           "has no choices"),
    "bad structure": ("### Q?\nkind: click\nanswer: disc; drop\nexplain: Y [S77].\n", 14, "unknown structure"),
    "bad placeholder": ("### Q at {level}?\nkind: click\nanswer: disc\nexplain: Y [S77].\n", 12,
                        "unknown placeholder '{level}'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_question_is_named_by_file_and_line_and_the_others_kept(tmp_path, case):
    block, line, words = BAD[case]
    path = write(tmp_path, block)
    quiz = load_quiz(path)
    assert len(quiz.problems) == 1, quiz.problems
    problem = quiz.problems[0]
    assert (problem.path, problem.line) == (path, line) and words in problem.message, str(problem)
    assert [q.text for q in quiz.questions["student"]] == ["Which root?"]
    assert len(quiz.questions["patient"]) == 1


def test_a_good_file_reads_whole_with_continuation_lines(tmp_path):
    path = write(tmp_path, "### Click the {segment} disc.\nkind: click\nanswer: disc, nucleus\nshow: disc\n"
                           "explain: Long\n  and continued [S81].\n")
    quiz = load_quiz(path)
    assert quiz.problems == []
    click = quiz.questions["student"][1]
    assert (click.kind, click.answer, click.show, click.explain) == ("click", ("disc", "nucleus"), ("disc",),
                                                                     "Long and continued [S81].")
    assert quiz.citations[0].startswith("[S77] ")


def test_a_patient_question_carries_no_source_tag(tmp_path):
    path = tmp_path / "quiz.md"
    path.write_text(HEADER + "## student\n" + GOOD + PATIENT.replace("the nucleus.", "the nucleus [S77]."),
                    encoding="utf-8")
    quiz = load_quiz(path)
    assert [p.line for p in quiz.problems] == [16] and "patient" in quiz.problems[0].message
    assert quiz.questions["patient"] == ()


def test_the_app_vocabulary_is_checked_where_the_app_gives_it(tmp_path):
    path = write(tmp_path, "### Q?\nkind: click\nanswer: spleen\nview: sideways\nexplain: Y [S77].\n")
    assert load_quiz(path).problems == []  # any name, by default
    quiz = load_quiz(path, known=lambda name: name != "spleen", views=("lateral",))
    assert [p.line for p in quiz.problems] == [14] and "spleen" in quiz.problems[0].message


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 1, "empty file"),
    ("---\ntitle: Q\n---\n## student\n", 1, "no 'sources:'"),
    (HEADER + "## student\n" + GOOD, 5, "missing '## patient' section"),
    (HEADER + "stray\n## student\n" + GOOD + PATIENT, 5, "text outside a question"),
    (HEADER + "## student\n" + GOOD + "## student\n" + PATIENT, 11, "given twice"),
])
def test_a_bad_file_or_section_is_reported_and_never_raises(tmp_path, text, line, words):
    path = tmp_path / "quiz.md"
    path.write_text(text, encoding="utf-8")
    quiz = load_quiz(path)
    assert any(p.line == line and words in p.message for p in quiz.problems), quiz.problems


def test_a_missing_file_is_one_problem(tmp_path):
    quiz = load_quiz(tmp_path / "nowhere.md")
    assert len(quiz.problems) == 1 and quiz.questions == {"patient": (), "student": ()}

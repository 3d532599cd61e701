"""The quiz as a story: students answer questions (scored), patients a few plain teach-back questions (no score).

Qt-free and VTK-free.  Question i is the stop at i and spans [i, i + 1); the second half of its span (from
REVEAL on) shows its answer, as a scrub or a video passes it, and so does any answer given.  The depth chooses the
set: "student" the quiz, "patient" the teach-back.  The questions live in `narration/quiz.md`; a click question's
answer is a structure the app knows (a term or a stage kind of `explainer.stories.terms`, or a structure name),
at the segment and side the quiz is shown at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from explainer.stories.camera import VIEWS
from explainer.stories.session import DEPTHS
from explainer.stories.terms import KINDS, structures_for, structures_for_kinds, term_of
from explainer.stories.timeline import STOP_SLACK, Timeline
from meshes.params import SEGMENTS, SIDES
from narration.quiz import PLACEHOLDERS, Question, QuizText, load_quiz

REVEAL = 0.5  # from this far into a question's span its answer is shown
PLAY_SPEED = 0.125  # questions per second while playing: four seconds a question, four its answer
_NAME = re.compile(r"^[A-Za-z0-9_{}-]+$")  # a structure name, maybe with placeholders: dural_sac, root_{lower}_{side}
_FILL = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


class _Every:
    """Every structure name counts as available: the scene filters what it lights by its own."""

    def __contains__(self, name: object) -> bool:
        return True


def known_structure(name: str) -> bool:
    """Whether a question may name `name`: a term, a stage kind or something shaped like a structure name."""
    return term_of(name) is not None or name in KINDS or bool(_NAME.match(name))


@functools.lru_cache(maxsize=1)
def quiz_text() -> QuizText:
    """The shipped questions, read and checked once."""
    return load_quiz(known=known_structure, views=VIEWS)


@dataclass(frozen=True)
class Result:
    """An answer graded: right or not, what was given, the right answer (a choice's words, or the structures a
    click question wanted) and the explanation."""

    right: bool
    given: str
    expected: tuple[str, ...]
    explanation: str


class QuizModel(Timeline):
    """The question shown (its position), the depth's set of questions, the answers given and the score, at a
    segment and side (`level`, `side`) as the other stories have them."""

    def __init__(self, level: str = "L4-L5", side: str = "left", depth: str = "student", text: QuizText | None = None):
        if level not in SEGMENTS or side not in SIDES or depth not in DEPTHS:
            raise ValueError(f"unknown level, side or depth: {level!r}, {side!r}, {depth!r}")
        self.text = quiz_text() if text is None else text
        self.level, self.side, self.depth = level, side, depth
        self.results: dict[str, dict[int, Result]] = {d: {} for d in DEPTHS}  # the latest answer to each
        self.first: dict[str, dict[int, bool]] = {d: {} for d in DEPTHS}  # whether the first answer was right
        super().__init__(*self._span(), PLAY_SPEED)

    def _span(self) -> tuple[float, tuple[float, ...]]:
        count = len(self.questions)
        return float(count), tuple(float(i) for i in range(max(count, 1)))

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.text.questions.get(self.depth, ())

    def set_depth(self, depth: str) -> None:
        """The other set of questions (the quiz or the teach-back), at the same question where it has one."""
        if depth not in DEPTHS:
            raise ValueError(f"unknown depth {depth!r}")
        if depth != self.depth:
            self.depth = depth
            self.last, self.stops = self._span()
            self.position = min(self.position, float(max(len(self.questions) - 1, 0)))
            self._changed()

    @property
    def index(self) -> int:
        """The question shown: the one whose span holds the position."""
        return min(int(self.position + STOP_SLACK), max(len(self.questions) - 1, 0))

    @property
    def step_index(self) -> int:
        return self.index

    def step_title(self, index: int) -> str:
        """The question's words, as the presenter's next-step line names it."""
        return self.words(self.questions[index].text) if self.questions else ""

    def step_notes(self, index: int) -> str:
        """The presenter's notes: the question's answer and its explanation."""
        if not self.questions:
            return ""
        question = self.questions[index]
        return self.words(f"Answer: {' / '.join(question.answer)}. {question.explain}")

    @property
    def question(self) -> Question | None:
        """The question shown (None when the file gave none at this depth)."""
        return self.questions[self.index] if self.questions else None

    @property
    def result(self) -> Result | None:
        """The latest answer to the question shown, if any."""
        return self.results[self.depth].get(self.index)

    @property
    def revealed(self) -> bool:
        """Whether the answer is shown: the question was answered, or the position is past its REVEAL."""
        return self.question is not None and (self.result is not None
                                              or self.position - self.index >= REVEAL - STOP_SLACK)

    @property
    def scored(self) -> bool:
        """Students are scored; patients' teach-back is not."""
        return self.depth == "student"

    @property
    def score(self) -> tuple[int, int]:
        """(first answers right, questions answered) at this depth."""
        first = self.first[self.depth]
        return sum(first.values()), len(first)

    def _fill(self, text: str, segment: str) -> str:
        upper, lower = self.level.split("-")
        values = {"segment": segment, "side": self.side, "upper": upper, "lower": lower}
        return _FILL.sub(lambda m: values[m.group(1)], text)

    def words(self, text: str) -> str:
        """`text` with the segment, side and levels it names filled in, as a reader writes them (L4–L5)."""
        return self._fill(text, self.level.replace("-", "–"))

    def structures(self, names: tuple[str, ...], available: Collection[str] | None = None) -> list[str]:
        """The structures `names` (terms, stage kinds or structure names) mean at this segment and side, in
        `available` (default: any)."""
        available = _Every() if available is None else available
        found: list[str] = []
        for name in (self._fill(n, self.level) for n in names):
            if name in KINDS:
                found += structures_for_kinds((name,), self.level, self.side, available)
            elif term_of(name) is not None:
                found += structures_for(name, self.level, self.side, available)
            elif name in available:
                found.append(name)
        return list(dict.fromkeys(found))

    def shown(self, available: Collection[str] | None = None) -> list[str]:
        """The structures lit while the answer is shown (none before)."""
        return self.structures(self.question.show, available) if self.revealed else []

    def answer(self, given: str) -> Result:
        """Grade `given` (a choice's words, or the name of the structure clicked) for the question shown, keep it
        (the first answer counts for the score) and tell the views."""
        question = self.question
        if question is None:
            raise ValueError("there is no question to answer")
        if question.kind == "click":
            right, expected = given in self.structures(question.answer), tuple(self.structures(question.answer))
        elif given in question.choices:
            right, expected = given == question.answer[0], question.answer
        else:
            raise ValueError(f"{given!r} is not one of the choices")
        result = Result(right, given, expected, self.words(question.explain))
        self.results[self.depth][self.index] = result
        self.first[self.depth].setdefault(self.index, right)
        self._changed()
        return result

    def captions(self, depth: str) -> tuple[tuple[float, float, str], ...]:
        """A video's captions, (from, to, text) in story positions: each question, then its answer."""
        lines = []
        for i, question in enumerate(self.text.questions.get(depth, ())):
            answer = question.answer[0] if question.kind == "choice" else "lit on the model"
            lines += [(float(i), i + REVEAL, self.words(question.text)),
                      (i + REVEAL, i + 1.0, f"Answer: {answer}")]
        return tuple(lines)

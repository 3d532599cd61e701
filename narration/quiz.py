"""Read the quiz's questions (`narration/quiz.md`), check them, and hand them out by depth; never raise.

The file
--------
::

    ---
    title: Test yourself
    sources: S77, S81
    ---
    ## student
    ### Which root does a posterolateral L4–L5 herniation usually touch?
    kind: choice
    choices: L3 | L4 | L5 | S1
    answer: L5
    show: root_L5_{side}
    view: lateral
    explain: The traversing root [S77]; a long value goes on over
      indented continuation lines.

    ### Click the {segment} intervertebral disc.
    kind: click
    answer: disc
    explain: ...
    ## patient
    ### What is the soft centre of the disc called?
    ...

Header keys `title` and `sources` (ids from `narration.sources.CITATIONS`).  `## student` (the scored quiz) and
`## patient` (the teach-back) are both required; each holds questions, a `### ` heading each, then `key: value`
fields: `kind` (`choice`: pick one of `choices`, `|`-separated, `answer` one of them; `click`: click the
structure on the 3D model, `answer` the structures that count, comma-separated), `explain` (required), `show` (the
structures lit once answered; a click question shows its answer), and `view` (the camera preset to look from).
Structures are named as the app knows them (a term such as `nucleus pulposus`, a kind such as `cartilage`, or a
structure name such as `root_L5_left`); `{segment}`, `{side}`, `{upper}` and `{lower}` stand for the segment the
quiz is shown at ("L4-L5", "left", "L4", "L5"), in the words and the structures alike.  Patient questions carry no
`[S#]` tags; each student explanation cites at least one source listed in the header.

A problem in the header leaves no questions; a bad question is dropped and the rest kept; a missing section stays
empty.  Each is a `Problem(path, line, message)`, logged as a warning.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from narration.loader import (
    _INLINE_TAG,
    _SECTION,
    REQUIRED_DEPTHS,
    Problem,
    _clip,
    _header_sources,
    _header_title,
    _parse_header,
    _read_lines,
    _Skip,
)
from narration.sources import CITATIONS

log = logging.getLogger(__name__)

QUIZ_PATH = Path(__file__).resolve().parent / "quiz.md"
QUIZ_HEADER_KEYS: tuple[str, ...] = ("title", "sources")
KINDS: tuple[str, ...] = ("choice", "click")
FIELDS: tuple[str, ...] = ("kind", "choices", "answer", "show", "view", "explain")
PLACEHOLDERS: tuple[str, ...] = ("segment", "side", "upper", "lower")

_QUESTION = re.compile(r"^###\s+(\S.*)$")
_FIELD = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*)$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_STRUCTURE = re.compile(r"^[A-Za-z0-9_{}\- ]+$")  # a term, a kind or a structure name, maybe with placeholders


@dataclass(frozen=True)
class Question:
    """One checked question: its words, kind, the choices, the answer(s), what to light and from where, and the
    explanation; `line` is its heading's line in the file."""

    text: str
    kind: str
    choices: tuple[str, ...]
    answer: tuple[str, ...]
    show: tuple[str, ...]
    view: str
    explain: str
    line: int


@dataclass
class QuizText:
    """The checked questions at each depth, the header's sources, and every problem found."""

    path: Path = QUIZ_PATH
    title: str = ""
    sources: tuple[str, ...] = ()
    questions: dict[str, tuple[Question, ...]] = field(default_factory=lambda: dict.fromkeys(REQUIRED_DEPTHS, ()))
    problems: list[Problem] = field(default_factory=list)

    @property
    def citations(self) -> tuple[str, ...]:
        """"[S#] short citation" for each source in the header, in order."""
        return tuple(f"[{source}] {CITATIONS[source]}" for source in self.sources if source in CITATIONS)


def citations_in(text: str) -> tuple[str, ...]:
    """"[S#] short citation" for each source `text` cites, in the order it first cites them."""
    return tuple(f"[{s}] {CITATIONS[s]}" for s in dict.fromkeys(_INLINE_TAG.findall(text)) if s in CITATIONS)


Known = Callable[[str], bool]


def load_quiz(path: Path | str | None = None, known: Known | None = None,
              views: Collection[str] | None = None) -> QuizText:
    """Read and check the quiz at `path` (by default the shipped `narration/quiz.md`).  `known(name)` says whether
    the app knows a structure a question names (default: any that looks like a name); `views` are the camera
    presets a question may ask for (default: any word).  Never raises."""
    path = QUIZ_PATH if path is None else Path(path)
    quiz = QuizText(path=path)
    try:
        _read_quiz(quiz, known or (lambda name: True), views)
    except _Skip as skip:
        quiz.problems.append(Problem(path, skip.line, skip.message))
    for problem in quiz.problems:
        log.warning("narration: %s", problem)
    return quiz


def _read_quiz(quiz: QuizText, known: Known, views: Collection[str] | None) -> None:
    lines = _read_lines(quiz.path)
    header, body_start = _parse_header(lines, QUIZ_HEADER_KEYS)
    quiz.title = _header_title(header)
    quiz.sources = _header_sources(header, CITATIONS, "narration.sources.CITATIONS")
    sections = _sections(lines, body_start, quiz)
    for depth in REQUIRED_DEPTHS:
        if depth not in sections:
            quiz.problems.append(Problem(quiz.path, body_start + 1, f"missing '## {depth}' section"))
            continue
        heading, blocks = sections[depth]
        kept = []
        for block in blocks:
            try:
                kept.append(_question(block, depth, quiz.sources, known, views))
            except _Skip as skip:
                quiz.problems.append(Problem(quiz.path, skip.line, skip.message))
        if not blocks:
            quiz.problems.append(Problem(quiz.path, heading, f"'## {depth}' section has no questions"))
        quiz.questions[depth] = tuple(kept)


Block = list[tuple[int, str]]  # a question's (1-based line, text) lines, its heading first


def _sections(lines: list[str], start: int, quiz: QuizText) -> dict[str, tuple[int, list[Block]]]:
    """Depth -> (heading line, its questions' blocks).  Unknown or repeated sections, and text outside a question,
    are reported and left out."""
    sections: dict[str, tuple[int, list[Block]]] = {}
    blocks: list[Block] | None = None
    for index in range(start, len(lines)):
        raw, number = lines[index].rstrip(), index + 1
        depth = _SECTION.match(raw.strip())
        if depth:
            blocks = _open_section(depth.group(1), number, sections, quiz)
        elif _QUESTION.match(raw.strip()) and blocks is not None:
            blocks.append([(number, raw.strip())])
        elif blocks and raw.strip():
            blocks[-1].append((number, raw))
        elif raw.strip() and (blocks is not None or not sections):
            quiz.problems.append(Problem(quiz.path, number, "text outside a question (a question starts with '### ')"))
    return sections


def _open_section(name: str, number: int, sections: dict, quiz: QuizText) -> list[Block] | None:
    """The blocks list of a new `## name` section, or None (reported) for an unknown or repeated one."""
    name = name.strip().lower()
    if name not in REQUIRED_DEPTHS:
        quiz.problems.append(Problem(quiz.path, number, f"unknown section {_clip('## ' + name)!r} (known: "
                                     f"{', '.join(REQUIRED_DEPTHS)})"))
        return None
    if name in sections:
        quiz.problems.append(Problem(quiz.path, number, f"section '## {name}' given twice (first on line "
                                     f"{sections[name][0]})"))
        return None
    sections[name] = (number, [])
    return sections[name][1]


def _fields(block: Block) -> dict[str, tuple[int, str]]:
    """Field -> (line, value) of a question block (its heading left out); continuation lines joined by spaces."""
    fields: dict[str, tuple[int, str]] = {}
    last = None
    for number, raw in block[1:]:
        if raw[0].isspace() and last is not None:
            line, value = fields[last]
            fields[last] = (line, f"{value} {raw.strip()}".strip())
            continue
        match = _FIELD.match(raw.strip())
        if match is None or raw[0].isspace():
            raise _Skip(number, f"line is not 'key: value': {_clip(raw.strip())!r}")
        key = match.group(1).lower()
        if key not in FIELDS:
            raise _Skip(number, f"unknown field {_clip(key)!r} (known: {', '.join(FIELDS)})")
        if key in fields:
            raise _Skip(number, f"field {key!r} given twice (first on line {fields[key][0]})")
        fields[key] = (number, match.group(2).strip())
        last = key
    return fields


def _question(block: Block, depth: str, sources: tuple[str, ...], known: Known,
              views: Collection[str] | None) -> Question:
    heading, text = block[0][0], _QUESTION.match(block[0][1]).group(1).strip()
    fields = _fields(block)
    for key in ("kind", "answer", "explain"):
        if not fields.get(key, (0, ""))[1]:
            raise _Skip(fields[key][0] if key in fields else heading, f"question has no {key!r}")
    kind_line, kind = fields["kind"]
    if kind not in KINDS:
        raise _Skip(kind_line, f"unknown kind {_clip(kind)!r} (known: {', '.join(KINDS)})")
    choices, answer = _answer(fields, kind, known)
    show = _names(fields.get("show", (heading, "")), known)
    view_line, view = fields.get("view", (heading, ""))
    if view and views is not None and view not in views:
        raise _Skip(view_line, f"unknown view {_clip(view)!r} (known: {', '.join(views)})")
    for line, value in [(heading, text), *fields.values()]:
        _check_words(line, value, depth, sources)
    if depth != "patient" and not _INLINE_TAG.search(fields["explain"][1]):
        raise _Skip(fields["explain"][0], "a student explanation cites no source (add an [S#] tag)")
    return Question(text, kind, choices, answer, show or (answer if kind == "click" else ()), view,
                    fields["explain"][1], heading)


def _answer(fields: dict[str, tuple[int, str]], kind: str, known: Known) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(choices, answer) of a question, checked for its kind."""
    line, answer = fields["answer"]
    if kind == "click":
        if "choices" in fields:
            raise _Skip(fields["choices"][0], "a click question has no choices (the answer is clicked in 3D)")
        return (), _names((line, answer), known)
    choices_line, listed = fields.get("choices", (line, ""))
    choices = tuple(c.strip() for c in listed.split("|"))
    if len(choices) < 2 or not all(choices):
        raise _Skip(choices_line, "a choice question needs two or more non-empty choices, '|'-separated")
    if len(set(choices)) != len(choices):
        raise _Skip(choices_line, "a choice is listed twice")
    if answer not in choices:
        raise _Skip(line, f"the answer {_clip(answer)!r} is not one of the choices")
    return choices, (answer,)


def _names(entry: tuple[int, str], known: Known) -> tuple[str, ...]:
    """The structures a `show` or click `answer` names, comma-separated, each one the app knows."""
    line, value = entry
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    for name in names:
        if not _STRUCTURE.match(name) or not known(name):
            raise _Skip(line, f"unknown structure {_clip(name)!r} (a term, a kind or a structure name)")
        _check_placeholders(line, name)
    return names


def _check_placeholders(line: int, value: str) -> None:
    for name in _PLACEHOLDER.findall(value):
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise _Skip(line, f"unknown placeholder {_clip('{' + name + '}')!r} (known: {known})")


def _check_words(line: int, value: str, depth: str, sources: tuple[str, ...]) -> None:
    """Source tags as the depth allows them, and placeholders the quiz can fill."""
    _check_placeholders(line, value)
    for tag in _INLINE_TAG.findall(value):
        if depth == "patient":
            raise _Skip(line, f"[{_clip(tag)}] in a patient question (patient text carries no source tags)")
        if tag not in sources:
            raise _Skip(line, f"[{_clip(tag)}] is cited in the text but not listed in 'sources:'")

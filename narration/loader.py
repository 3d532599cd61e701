"""Read a story's narration files, check them, and hand out their text; never raise over a bad file.

The file format is described in the package docstring (`narration/__init__.py`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from narration.sources import SOURCES
from narration.stories import STORIES

log = logging.getLogger(__name__)

DEPTHS: tuple[str, ...] = ("patient", "student", "caption")
"""The sections a file may hold; patient and student are required, caption is optional."""
REQUIRED_DEPTHS: tuple[str, ...] = ("patient", "student")
HEADER_KEYS: tuple[str, ...] = ("stage", "title", "sources")

PLACEHOLDER = "The text for this step is missing (see the log)."

_FENCE = "---"
_SECTION = re.compile(r"^##\s+(.*)$")  # matched on a stripped line (a lazy group before \s*$ is quadratic)
_HEADER_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$")
_SOURCE_ID = re.compile(r"^S\d+$")
_INLINE_TAG = re.compile(r"\[(S\d+)\]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one narration file; `str()` gives "path:line: message", as compilers do."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class StageText:
    """The checked text of one stage: patient and student depth, an optional projector caption, its sources."""

    stage: str
    title: str
    patient: str
    student: str
    caption: str
    sources: tuple[str, ...]
    path: Path

    def text(self, depth: str) -> str:
        return {"patient": self.patient, "student": self.student, "caption": self.caption or self.title}[depth]


@dataclass
class StoryText:
    """The texts of one story in story order, plus every problem found while reading it."""

    name: str
    expected: tuple[str, ...]
    stages: dict[str, StageText] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def text_for(self, stage_id: str, depth: str) -> str:
        """The stage's text at `depth` ("patient", "student" or "caption"), or `PLACEHOLDER`; never raises.

        A missing caption falls back to the stage title."""
        stage = self.stages.get(stage_id)
        if stage is None or depth not in DEPTHS:
            return PLACEHOLDER
        return stage.text(depth)

    @property
    def missing(self) -> tuple[str, ...]:
        """Expected stage ids that have no valid text."""
        return tuple(stage for stage in self.expected if stage not in self.stages)


class _Skip(Exception):
    """Raised inside the parser to stop reading a file after its first problem."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_story(name: str, folder: Path | None = None) -> StoryText:
    """Read every `*.md` file of story `name` (by default the package folder of that name) and check it.

    Each file with a problem is skipped and reported once in `problems` (also logged as a warning); the other files
    still load. Never raises for a missing folder or a bad file."""
    expected = STORIES.get(name, ())
    story = StoryText(name=name, expected=expected)
    folder = Path(__file__).resolve().parent / name if folder is None else Path(folder)
    if not expected:
        story.problems.append(Problem(folder, 0, f"unknown story {name!r} (known: {', '.join(STORIES)})"))
    elif not folder.is_dir():
        story.problems.append(Problem(folder, 0, "narration folder not found"))
    else:
        try:
            paths = sorted(p for p in folder.glob("*.md") if not p.name.startswith("."))
        except OSError as error:
            story.problems.append(Problem(folder, 0, f"cannot list the narration folder: {error.strerror or error}"))
            paths = []
        seen: dict[str, Path] = {}
        for path in paths:
            try:
                stage = _read_stage(path, expected, seen)
            except _Skip as skip:
                story.problems.append(Problem(path, skip.line, skip.message))
                continue
            seen[stage.stage] = path
            story.stages[stage.stage] = stage
        story.stages = {stage: story.stages[stage] for stage in expected if stage in story.stages}
    for problem in story.problems:
        log.warning("narration: %s", problem)
    for stage in story.missing if expected else ():
        log.warning("narration: story %r has no valid text for stage %r", name, stage)
    return story


def _read_stage(path: Path, expected: tuple[str, ...], seen: dict[str, Path]) -> StageText:
    lines = _read_lines(path)
    header, body_start = _parse_header(lines)

    stage_line, stage = header.get("stage", (1, ""))
    if "stage" not in header:
        raise _Skip(1, "header has no 'stage:' line")
    if stage not in expected:
        raise _Skip(stage_line, f"unknown stage id {_clip(stage)!r} (expected one of: {', '.join(expected)})")
    if stage in seen:
        raise _Skip(stage_line, f"duplicate stage id {stage!r}: already given by {seen[stage].name}")

    title = _header_title(header)
    sources = _header_sources(header)

    sections = _parse_body(lines, body_start)
    for depth in REQUIRED_DEPTHS:
        if depth not in sections:
            raise _Skip(body_start + 1, f"missing '## {depth}' section")
    for depth, (line, text) in sections.items():
        if not text:
            raise _Skip(line, f"'## {depth}' section is empty")
        for tag_line, tag in _inline_tags(lines, line, sections):
            if tag not in sources:
                raise _Skip(tag_line, f"[{_clip(tag)}] is cited in the text but not listed in 'sources:'")
    return StageText(
        stage=stage,
        title=title,
        patient=sections["patient"][1],
        student=sections["student"][1],
        caption=sections["caption"][1] if "caption" in sections else "",
        sources=sources,
        path=path,
    )


def _header_title(header: dict[str, tuple[int, str]]) -> str:
    """The header's non-empty `title:`; raises `_Skip` when it is absent or empty."""
    if "title" not in header:
        raise _Skip(1, "header has no 'title:' line")
    title_line, title = header["title"]
    if not title:
        raise _Skip(title_line, "empty title")
    return title


def _header_sources(
    header: dict[str, tuple[int, str]], known: Mapping[str, str] = SOURCES, table: str = "narration.sources.SOURCES"
) -> tuple[str, ...]:
    """The header's `sources:` ids, each in `known` and listed once; raises `_Skip` otherwise."""
    if "sources" not in header:
        raise _Skip(1, "header has no 'sources:' line (name at least one source id, e.g. 'sources: S47')")
    sources_line, sources_text = header["sources"]
    sources = tuple(s for s in re.split(r"[\s,]+", sources_text) if s)
    if not sources:
        raise _Skip(sources_line, "empty 'sources:' (name at least one source id, e.g. 'sources: S47')")
    for source in sources:
        if not _SOURCE_ID.match(source) or source not in known:
            raise _Skip(sources_line, f"unknown source id {_clip(source)!r} (not in {table})")
    if len(set(sources)) != len(sources):
        raise _Skip(sources_line, "a source id is listed twice")
    return sources


def _read_lines(path: Path) -> list[str]:
    if path.is_dir():
        raise _Skip(1, "is a directory, not a narration file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _Skip(1, f"cannot read the file: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _Skip(line, f"not valid UTF-8 (byte {data[error.start]:#04x} at offset {error.start})") from None
    if not text.strip():
        raise _Skip(1, "empty file")
    return text.split("\n")  # not splitlines(): it also breaks at \f, \x85, \u2028 ..., which editors do not


def _clip(text: str, limit: int = 40) -> str:
    """`text` cut short for a message: a problem stays one readable line however long the line it quotes."""
    return text if len(text) <= limit else text[:limit] + "…"


def _parse_header(lines: list[str], keys: tuple[str, ...] = HEADER_KEYS) -> tuple[dict[str, tuple[int, str]], int]:
    """Header key -> (1-based line, value), and the 0-based index of the first body line; `keys` are those allowed."""
    if lines[0].strip() != _FENCE:
        raise _Skip(1, f"the file must start with a '{_FENCE}' header line")
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == _FENCE), None)
    if closing is None:
        raise _Skip(1, f"the header opened on line 1 has no closing '{_FENCE}'")
    header: dict[str, tuple[int, str]] = {}
    for index in range(1, closing):
        raw = lines[index].strip()
        number = index + 1
        if not raw:
            continue
        match = _HEADER_LINE.match(raw)
        if match is None:
            raise _Skip(number, f"header line is not 'key: value': {_clip(raw)!r}")
        key, value = match.group(1), match.group(2)
        if key not in keys:
            raise _Skip(number, f"unknown header key {_clip(key)!r} (known: {', '.join(keys)})")
        if key in header:
            raise _Skip(number, f"header key {key!r} given twice (first on line {header[key][0]})")
        header[key] = (number, value)
    return header, closing + 1


def _parse_body(lines: list[str], start: int) -> dict[str, tuple[int, str]]:
    """Section name -> (1-based heading line, text). Lines of a paragraph join with spaces; paragraphs with a blank
    line between them."""
    sections: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    for index in range(start, len(lines)):
        raw = lines[index].rstrip()
        number = index + 1
        match = _SECTION.match(raw.strip())
        if match:
            depth = match.group(1).lower()
            if depth not in DEPTHS:
                raise _Skip(number, f"unknown section {_clip('## ' + match.group(1))!r} (known: {', '.join(DEPTHS)})")
            if depth in sections:
                raise _Skip(number, f"section '## {depth}' given twice (first on line {sections[depth][0]})")
            current = []
            sections[depth] = (number, current)
        elif current is not None:
            current.append(raw.strip())
        elif raw.strip():
            raise _Skip(number, "text before the first '## patient' / '## student' section")
    return {depth: (line, _paragraphs(body)) for depth, (line, body) in sections.items()}


def _paragraphs(body: list[str]) -> str:
    paragraphs, current = [], []
    for line in [*body, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def _inline_tags(lines: list[str], heading_line: int, sections: dict) -> Iterator[tuple[int, str]]:
    """(1-based line, source id) for every [S#] tag in the section whose heading is on `heading_line`."""
    following = [line for line, _ in sections.values() if line > heading_line]
    end = min(following) - 1 if following else len(lines)
    for number in range(heading_line + 1, end + 1):
        for tag in _INLINE_TAG.findall(lines[number - 1]):
            yield number, tag

"""Read the injection story's time-stamped cues, check them, and hand them out by depth, target and time.

The file format is described in the package docstring (`narration/__init__.py`). Never raises: a bad header leaves
no cues; a bad cue is dropped; a missing section is empty; each problem is reported and logged as a warning.
"""

from __future__ import annotations

import logging
import re
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
    _paragraphs,
    _parse_header,
    _read_lines,
    _Skip,
)
from narration.sources import CITATIONS
from narration.stories import CUE_CHOICES, INJECTION_LENGTH, ULTRASOUND_TARGETS

log = logging.getLogger(__name__)

CUE_DEPTHS: tuple[str, ...] = REQUIRED_DEPTHS
"""The depths a cue file must give cues for; `## evidence` (prose) is required too."""
CUE_SECTIONS: tuple[str, ...] = (*CUE_DEPTHS, "evidence")
CUE_HEADER_KEYS: tuple[str, ...] = ("story", "title", "sources")
CUE_STORY = "injection"
CUES_PATH = Path(__file__).resolve().parent / CUE_STORY / "cues.md"
"""The shipped cue file."""

_TIME = re.compile(r"^([0-9]{1,3}):([0-5][0-9](?:\.[0-9]+)?)$")  # ASCII digits: int() takes any
_RANGE = re.compile(r"^(\S+?)\s*-\s*(\S+)$")
_CUE_SYNTAX = "'m:ss-m:ss [target] [harvest] [guidance] | text'"
_CHOICE_OF = {value: name for name, values in CUE_CHOICES.items() for value in values}  # "fat" -> "harvest"
DEFAULTS = {"harvest": "marrow", "guidance": "fluoroscopy"}  # the film as first told: marrow, under X-ray


@dataclass(frozen=True)
class Cue:
    """One subtitle: shown from `start` (inclusive) to `end` (exclusive), in seconds from the story's first frame.

    `target` ("disc", "facet", "sij"), `harvest` ("marrow", "fat", "blood") and `guidance` ("fluoroscopy",
    "ultrasound") keep a cue to that choice; None shows it with every one.  `line` is the cue's first line."""

    start: float
    end: float
    target: str | None
    text: str
    line: int
    harvest: str | None = None
    guidance: str | None = None

    def shown_with(self, target: str | None, harvest: str, guidance: str) -> bool:
        """Whether the cue belongs to the film told with these choices."""
        return all(mine is None or mine == chosen for mine, chosen in
                   ((self.target, target), (self.harvest, harvest), (self.guidance, guidance)))


@dataclass
class CueText:
    """The checked cues of the injection story at each depth, the evidence summary, and every problem found."""

    title: str = ""
    cues: dict[str, tuple[Cue, ...]] = field(default_factory=lambda: {depth: () for depth in CUE_DEPTHS})
    evidence: str = ""
    sources: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    path: Path = CUES_PATH

    def cues_for(self, depth: str, target: str | None, harvest: str = DEFAULTS["harvest"],
                 guidance: str = DEFAULTS["guidance"]) -> tuple[Cue, ...]:
        """The cues shown at `depth` with `target`, `harvest` and `guidance`: their own and the shared ones, by
        start.

        Any other target (None included) gives the shared cues only; an unknown depth gives none.  A target
        reached under fluoroscopy only (the disc) is told so whatever `guidance` says."""
        if target is not None and target not in ULTRASOUND_TARGETS:
            guidance = DEFAULTS["guidance"]
        return tuple(
            sorted(
                (cue for cue in self.cues.get(depth, ()) if cue.shown_with(target, harvest, guidance)),
                key=lambda cue: (cue.start, cue.line),
            )
        )

    def cue_at(self, depth: str, target: str | None, seconds: float, harvest: str = DEFAULTS["harvest"],
               guidance: str = DEFAULTS["guidance"]) -> int | None:
        """Index into `cues_for(depth, target, harvest, guidance)` of the cue showing at `seconds` ([start, end); a
        cue ending at `INJECTION_LENGTH` also holds that last instant), or None in a gap or outside the story."""
        cues = self.cues_for(depth, target, harvest, guidance)
        for index, cue in enumerate(cues):
            if cue.start <= seconds < cue.end or (seconds == cue.end == INJECTION_LENGTH):
                return index
        return None

    @property
    def citations(self) -> tuple[str, ...]:
        """One line per source the header names, in header order: "[S#] short citation"."""
        return tuple(f"[{source}] {CITATIONS[source]}" for source in self.sources if source in CITATIONS)


def load_cues(path: Path | str | None = None) -> CueText:
    """Read and check the cue file at `path` (by default the shipped `narration/injection/cues.md`).

    Never raises. A problem in the header leaves no cues at all; a bad cue is dropped and the others kept; a missing
    section stays empty. Each problem is in `problems` (also logged as a warning)."""
    path = CUES_PATH if path is None else Path(path)
    text = CueText(path=path)
    try:
        _read_cues(path, text)
    except _Skip as skip:
        text.problems.append(Problem(path, skip.line, skip.message))
    except Exception as error:  # noqa: BLE001 - the app must start whatever the file holds
        text = CueText(path=path, problems=[Problem(path, 1, f"cannot read the cues: {error!r}")])
    for problem in text.problems:
        log.warning("narration: %s", problem)
    return text


def _read_cues(path: Path, text: CueText) -> None:
    lines = _read_lines(path)
    header, body_start = _parse_header(lines, CUE_HEADER_KEYS)
    if "story" not in header:
        raise _Skip(1, "header has no 'story:' line")
    story_line, story = header["story"]
    if story != CUE_STORY:
        raise _Skip(story_line, f"unknown story {_clip(story)!r} (cue files are for the {CUE_STORY!r} story)")
    title = _header_title(header)
    sources = _header_sources(header, CITATIONS, "narration.sources.CITATIONS")
    text.title, text.sources = title, sources

    sections = _split_sections(lines, body_start, text)
    for name in CUE_SECTIONS:
        if name not in sections:
            text.problems.append(Problem(path, body_start + 1, f"missing '## {name}' section"))
    for depth in CUE_DEPTHS:
        if depth in sections:
            text.cues[depth] = _read_depth(depth, sections[depth], sources, text)
    if "evidence" in sections:
        text.evidence = _read_evidence(sections["evidence"], sources, text)


def _split_sections(lines: list[str], start: int, text: CueText) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """Section name -> (1-based heading line, its (1-based line, text) lines). Unknown or repeated sections and
    text before the first section are reported and left out."""
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    current: list[tuple[int, str]] | None = None
    stray = False
    for index in range(start, len(lines)):
        raw = lines[index].rstrip()
        number = index + 1
        match = _SECTION.match(raw.strip())
        if match:
            name = match.group(1).lower()
            current = None
            if name not in CUE_SECTIONS:
                text.problems.append(
                    Problem(
                        text.path,
                        number,
                        f"unknown section {_clip('## ' + match.group(1))!r} (known: {', '.join(CUE_SECTIONS)})",
                    )
                )
            elif name in sections:
                text.problems.append(
                    Problem(text.path, number, f"section '## {name}' given twice (first on line {sections[name][0]})")
                )
            else:
                current = []
                sections[name] = (number, current)
        elif current is not None:
            current.append((number, raw))
        elif raw.strip() and not stray and not sections:
            stray = True
            text.problems.append(Problem(text.path, number, "text before the first '## ...' section"))
    return sections


def _read_depth(
    depth: str, section: tuple[int, list[tuple[int, str]]], sources: tuple[str, ...], text: CueText
) -> tuple[Cue, ...]:
    heading, body = section
    if not any(raw.strip() for _, raw in body):
        text.problems.append(Problem(text.path, heading, f"'## {depth}' section has no cues"))
        return ()
    kept: list[Cue] = []
    for line, content in _join_continuations(body, text):
        try:
            cue = _parse_cue(line, content)
            _check_tags(cue, depth, sources)
            _check_order(cue, kept)
        except _Skip as skip:
            text.problems.append(Problem(text.path, skip.line, skip.message))
            continue
        kept.append(cue)
    return tuple(kept)


def _join_continuations(body: list[tuple[int, str]], text: CueText) -> list[tuple[int, str]]:
    """(first line, cue line with its indented continuation lines joined by spaces); blank lines end a cue."""
    joined: list[tuple[int, list[str]]] = []
    open_cue = False
    for number, raw in body:
        if not raw.strip():
            open_cue = False
        elif raw[0].isspace() and open_cue:
            joined[-1][1].append(raw.strip())
        elif raw[0].isspace():
            text.problems.append(Problem(text.path, number, "indented continuation line with no cue line above it"))
        else:
            joined.append((number, [raw.strip()]))
            open_cue = True
    return [(number, " ".join(parts)) for number, parts in joined]


def _parse_cue(line: int, content: str) -> Cue:
    timing, bar, words = content.partition("|")
    if not bar:
        raise _Skip(line, f"malformed cue line (expected {_CUE_SYNTAX}): {_clip(content)!r}")
    fields = timing.split()
    cut = next((k for k in range(len(fields), 0, -1) if _RANGE.match(" ".join(fields[:k]))), len(fields))
    match = _RANGE.match(" ".join(fields[:cut]))
    if match is None:
        raise _Skip(line, f"malformed cue time range {_clip(timing.strip())!r} (expected {_CUE_SYNTAX})")
    start, end = (_seconds(line, value) for value in match.groups())
    choices = _choices(line, fields[cut:])
    if end <= start:
        raise _Skip(line, f"cue ends at {_clip(match.group(2))}, not after its start {_clip(match.group(1))}")
    if end > INJECTION_LENGTH:
        raise _Skip(
            line, f"cue ends at {_clip(match.group(2))}, past the end of the story ({_clock(INJECTION_LENGTH)})"
        )
    words = words.strip()
    if not words:
        raise _Skip(line, "cue has no text after '|'")
    return Cue(start=start, end=end, text=words, line=line, **choices)


def _choices(line: int, qualifiers: list[str]) -> dict[str, str | None]:
    """The choices named after a cue's time range, each at most once: {"target": ..., "harvest": ..., ...}."""
    chosen: dict[str, str | None] = dict.fromkeys(CUE_CHOICES)
    for qualifier in qualifiers:
        name = _CHOICE_OF.get(qualifier)
        if name is None:
            known = "; ".join(f"{n}: {', '.join(v)}" for n, v in CUE_CHOICES.items())
            raise _Skip(line, f"unknown target {_clip(qualifier)!r} (known: {known}; or none for all)")
        if chosen[name] is not None:
            raise _Skip(line, f"two {name}s for one cue: {chosen[name]!r} and {_clip(qualifier)!r}")
        chosen[name] = qualifier
    return chosen


def _seconds(line: int, value: str) -> float:
    match = _TIME.match(value)
    if match is None:
        raise _Skip(line, f"malformed time {_clip(value)!r} (expected m:ss or m:ss.s)")
    return int(match.group(1)) * 60 + float(match.group(2))


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:02.0f}" if rest == int(rest) else f"{int(minutes)}:{rest:04.1f}"


def _check_tags(cue: Cue, depth: str, sources: tuple[str, ...]) -> None:
    for tag in _INLINE_TAG.findall(cue.text):
        if depth == "patient":
            raise _Skip(cue.line, f"[{_clip(tag)}] in a patient cue (patient text carries no source tags)")
        if tag not in sources:
            raise _Skip(cue.line, f"[{_clip(tag)}] is cited in the text but not listed in 'sources:'")


def _check_order(cue: Cue, kept: list[Cue]) -> None:
    """Cues shown together (no choice on which they differ) must come in time order and not overlap."""
    for other in reversed(kept):
        if _apart(cue, other):
            continue
        if cue.start < other.start:
            raise _Skip(cue.line, f"cue out of order: starts before the cue on line {other.line}")
        if cue.start < other.end:
            raise _Skip(cue.line, f"cue overlaps the cue on line {other.line} (which ends at {_clock(other.end)})")


def _apart(a: Cue, b: Cue) -> bool:
    """Whether two cues are never shown together: they differ on a choice, or one is told under ultrasound and
    the other is for a target that is reached under fluoroscopy only."""
    pairs = ((a.target, b.target), (a.harvest, b.harvest), (a.guidance, b.guidance))
    if any(None not in pair and pair[0] != pair[1] for pair in pairs):
        return True
    target = a.target or b.target
    return "ultrasound" in (a.guidance, b.guidance) and target is not None and target not in ULTRASOUND_TARGETS


def _read_evidence(section: tuple[int, list[tuple[int, str]]], sources: tuple[str, ...], text: CueText) -> str:
    """The evidence paragraphs; a paragraph citing a source not in the header is reported and left out."""
    heading, body = section
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for number, raw in body:
        if raw.strip():
            paragraphs[-1].append((number, raw.strip()))
        elif paragraphs[-1]:
            paragraphs.append([])
    kept: list[str] = []
    for paragraph in paragraphs:
        unlisted = [(n, tag) for n, raw in paragraph for tag in _INLINE_TAG.findall(raw) if tag not in sources]
        if unlisted:
            number, tag = unlisted[0]
            text.problems.append(
                Problem(text.path, number, f"[{_clip(tag)}] is cited in the text but not listed in 'sources:'")
            )
        else:
            kept += [raw for _, raw in paragraph] + [""]
    if not any(paragraphs):
        text.problems.append(Problem(text.path, heading, "'## evidence' section is empty"))
    return _paragraphs(kept)

"""Topic texts beside the stories: the claims patients bring, the film's evidence at patient depth, and how common
each scan finding is at a given age. Checked like the stage files; never raises over a bad file.

Topic files (`narration/claims.md`, `narration/injection/evidence.md`)
-------------------------------------------------------------------
::

    ---
    title: What you may have read
    sources: S141, S153
    ---
    ## patient
    ### "Stem cells regrow discs"
    Plain answer, no source tags.
    ## student
    ### "Stem cells regrow discs"
    The same answer with terms, numbers and [S153] tags.

Header keys `title` and `sources` (ids from `narration.sources.CITATIONS` or `TOPIC_SOURCES`). Each required
depth is a `## ` section holding `### ` headings, each with its text (lines joined, paragraphs kept apart); the
headings are the same, in the same order, at every depth. Patient text carries no `[S#]` tags; every student
heading cites at least one source, and every tag is listed in the header. The evidence file has a patient section
only: its sources are those the film's student cues and evidence cite.

The age table (`narration/common_at_age.md`)
--------------------------------------------
The same header, a `## table` section of Markdown rows ``| finding | stage | 40 | 60 | 80 | note |`` (a share is
written ``54% [S237]``, a dash where no checked figure exists; the note is optional and cites its source), and
`## patient` / `## student` paragraphs: the wording that goes with the figures.

A problem in a file leaves that file's text empty and is reported as a `Problem` (also logged as a warning).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from narration.loader import (
    _INLINE_TAG,
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
from narration.stories import DEGENERATION_STAGES

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
CLAIMS_PATH = HERE / "claims.md"
EVIDENCE_PATH = HERE / "injection" / "evidence.md"
AGE_PATH = HERE / "common_at_age.md"
TOPIC_HEADER_KEYS: tuple[str, ...] = ("title", "sources")
AGES: tuple[int, ...] = (40, 60, 80)

TOPIC_SOURCES: dict[str, str] = {
    "S127": "FDA risk assessment of serious neurologic events after epidural glucocorticoid injection (FAERS "
    "1997–2014), NEJM perspective.",
    "S134": "PA vs oblique approach for sacroiliac joint injection, randomised trial (introduction cites 149 million "
    "lost workdays, Guo 1999). PMC6603830.",
    "S160": "Rubin DI. Epidemiology and risk factors for spine pain. Neurol Clin 2007;25:353.",
    "S163": "Hoy D et al. A systematic review of the global prevalence of low back pain. Arthritis Rheum "
    "2012;64:2028.",
    "S164": "Wu A et al. Global low back pain prevalence and years lived with disability, GBD 2017. Ann Transl Med "
    "2020;8:299.",
    "S165": "GBD 2021 Low Back Pain Collaborators. Global, regional, and national burden of low back pain, 1990–2020, "
    "and projections to 2050. Lancet Rheumatol 2023;5(6):e316.",
    "S168": "Clinic page repeating \"264 million lost work days\" (the claim as patients meet it; not evidence).",
    "S169": "US Bone and Joint Initiative. The Burden of Musculoskeletal Diseases in the United States (BMUS): back "
    "pain and lost work days.",
    "S247": "McCullough BJ et al. Lumbar MR imaging and reporting epidemiology. Radiology 2012;262(3):941–6.",
    "S248": "Jarvik JG et al. Benchmark prevalence data in spine imaging reports (LIRE), stepped-wedge randomized "
    "trial. JAMA Netw Open 2020;3(9):e2015713.",
    "S251": "FDA. Regulatory considerations for HCT/Ps: minimal manipulation and homologous use; guidance "
    "availability. Federal Register 85 FR 43989, 21 Jul 2020.",
    "S252": "GMP-Compliance news: FDA warning letter to a maker of cord-blood products promoted for orthopaedic use.",
    "S255": "Label text and approval news of the first licensed cord-blood haematopoietic progenitor cell product "
    "(2011).",
    "S256": "FDA approval (17 Apr 2023) of an expanded cord-blood cell therapy for blood cancers, as reported.",
    "S257": "Dominici M et al. Minimal criteria for defining multipotent mesenchymal stromal cells (ISCT position "
    "statement). Cytotherapy 2006;8(4):315–17.",
}
"""Sources that only the topic files name (medical reference §6, §7, §12, §13); the rest come from `CITATIONS`."""

ALL_CITATIONS: dict[str, str] = {**CITATIONS, **TOPIC_SOURCES}
"""Every source id a topic file may name -> its short citation."""

_HEADING = re.compile(r"^###\s+(\S.*)$")
_DEPTH = re.compile(r"^##\s+(\S.*)$")
_SHARE = re.compile(r"^(\d{1,3})\s*%\s*\[(S\d+)\]$")
_NONE = {"–", "-", "—", ""}


@dataclass(frozen=True)
class Topic:
    """One heading of a topic file and its text at each depth ("" where the file has no such depth)."""

    heading: str
    patient: str
    student: str = ""

    def text(self, depth: str) -> str:
        return self.student if depth == "student" else self.patient


@dataclass
class TopicText:
    """A topic file's checked headings in file order, its sources, and every problem found."""

    path: Path
    title: str = ""
    sources: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    @property
    def citations(self) -> tuple[str, ...]:
        """One line per source the header names: "[S#] short citation"."""
        return tuple(f"[{s}] {ALL_CITATIONS[s]}" for s in self.sources if s in ALL_CITATIONS)


@dataclass(frozen=True)
class Share:
    """The estimated share (%) of people without back pain who show a finding at an age, and its source."""

    percent: int
    source: str


@dataclass(frozen=True)
class AgeRow:
    """One finding of the age table: the stage it goes with, its checked shares by age (None: no checked
    figure), and an optional note with its own source."""

    finding: str
    stage: str
    shares: dict[int, Share | None]
    note: str = ""

    @property
    def plain_note(self) -> str:
        """The note without its source tags, as a patient reads it."""
        return re.sub(r"\s*\[S\d+\]", "", self.note)


@dataclass
class AgeTable:
    """The "common at your age" table, the words that go with it at each depth, and every problem found."""

    path: Path
    title: str = ""
    sources: tuple[str, ...] = ()
    rows: tuple[AgeRow, ...] = ()
    patient: str = ""
    student: str = ""
    problems: list[Problem] = field(default_factory=list)

    def for_stage(self, stage_id: str) -> tuple[AgeRow, ...]:
        """The rows that go with a degeneration stage (none for most)."""
        return tuple(row for row in self.rows if row.stage == stage_id)


def load_claims(path: Path | str | None = None) -> TopicText:
    """The claims patients bring, each answered at patient and student depth (`narration/claims.md`)."""
    return _load_topics(CLAIMS_PATH if path is None else Path(path), ("patient", "student"))


def load_patient_evidence(path: Path | str | None = None) -> TopicText:
    """What the evidence says about the injection, at patient depth (`narration/injection/evidence.md`); the
    student version is the cue file's `## evidence`."""
    return _load_topics(EVIDENCE_PATH if path is None else Path(path), ("patient",))


def load_common_at_age(path: Path | str | None = None) -> AgeTable:
    """The share of people without back pain who show each finding at 40, 60 and 80 (`common_at_age.md`)."""
    path = AGE_PATH if path is None else Path(path)
    table = AgeTable(path=path)
    try:
        lines = _read_lines(path)
        header, start = _parse_header(lines, TOPIC_HEADER_KEYS)
        title, sources = _header_title(header), _header_sources(header, ALL_CITATIONS, "narration CITATIONS")
        sections = _sections(lines, start, ("table", "patient", "student"))
        rows = tuple(_age_row(number, raw, sources) for number, raw in sections["table"][1] if raw.startswith("|"))
        rows = tuple(row for row in rows if row is not None)
        if not rows:
            raise _Skip(sections["table"][0], "the table has no rows")
        texts = {depth: _paragraphs([raw for _, raw in sections[depth][1]]) for depth in ("patient", "student")}
        _check_tags(sections, sources)
        table.title, table.sources, table.rows = title, sources, rows
        table.patient, table.student = texts["patient"], texts["student"]
    except _Skip as skip:
        table.problems.append(Problem(path, skip.line, skip.message))
    _log(table.problems)
    return table


def _load_topics(path: Path, depths: tuple[str, ...]) -> TopicText:
    text = TopicText(path=path)
    try:
        lines = _read_lines(path)
        header, start = _parse_header(lines, TOPIC_HEADER_KEYS)
        title, sources = _header_title(header), _header_sources(header, ALL_CITATIONS, "narration CITATIONS")
        sections = _sections(lines, start, depths)
        _check_tags(sections, sources)
        items = {depth: _headings(*sections[depth]) for depth in depths}
        first = list(items[depths[0]])
        for depth in depths[1:]:
            if list(items[depth]) != first:
                raise _Skip(sections[depth][0], f"'## {depth}' headings differ from '## {depths[0]}'")
        if "student" in items:
            for heading, (line, words) in items["student"].items():
                if not _INLINE_TAG.search(words):
                    raise _Skip(line, f"student text of {_clip(heading)!r} cites no source")
        text.title, text.sources = title, sources
        text.topics = tuple(
            Topic(heading, *(items[depth][heading][1] for depth in depths)) for heading in first
        )
    except _Skip as skip:
        text.problems.append(Problem(path, skip.line, skip.message))
    _log(text.problems)
    return text


def _sections(lines: list[str], start: int, names: tuple[str, ...]) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """Section name -> (1-based heading line, its (line, stripped text) lines); each of `names` exactly once."""
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    current: list[tuple[int, str]] | None = None
    for index in range(start, len(lines)):
        number, raw = index + 1, lines[index].strip()
        match = _DEPTH.match(raw)
        if match:
            name = match.group(1).strip().lower()
            if name not in names:
                raise _Skip(number, f"unknown section {_clip('## ' + name)!r} (known: {', '.join(names)})")
            if name in sections:
                raise _Skip(number, f"section '## {name}' given twice")
            current = []
            sections[name] = (number, current)
        elif current is not None:
            current.append((number, raw))
        elif raw:
            raise _Skip(number, "text before the first '## ' section")
    for name in names:
        if name not in sections:
            raise _Skip(start + 1, f"missing '## {name}' section")
    return sections


def _headings(line: int, body: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """Heading -> (its line, its text) for one section; every heading once and with text, no text before one."""
    found: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    for number, raw in body:
        match = _HEADING.match(raw)
        if match:
            heading = match.group(1).strip()
            if heading in found:
                raise _Skip(number, f"heading {_clip(heading)!r} given twice")
            current = []
            found[heading] = (number, current)
        elif current is not None:
            current.append(raw)
        elif raw:
            raise _Skip(number, "text before the first '### ' heading")
    if not found:
        raise _Skip(line, "section has no '### ' headings")
    texts = {heading: (number, _paragraphs(words)) for heading, (number, words) in found.items()}
    for heading, (number, words) in texts.items():
        if not words:
            raise _Skip(number, f"heading {_clip(heading)!r} has no text")
    return texts


def _check_tags(sections: dict[str, tuple[int, list[tuple[int, str]]]], sources: tuple[str, ...]) -> None:
    """No tags at patient depth; every other tag listed in the header."""
    for name, (_, body) in sections.items():
        for number, raw in body:
            for tag in _INLINE_TAG.findall(raw):
                if name == "patient":
                    raise _Skip(number, f"[{_clip(tag)}] in patient text (patient text carries no source tags)")
                if tag not in sources:
                    raise _Skip(number, f"[{_clip(tag)}] is cited in the text but not listed in 'sources:'")


def _age_row(number: int, raw: str, sources: tuple[str, ...]) -> AgeRow | None:
    cells = [cell.strip() for cell in raw.strip().strip("|").split("|")]
    if cells[0].lower() == "finding" or all(set(cell) <= set("-: ") for cell in cells):
        return None  # the column names and the rule under them
    if len(cells) not in (5, 6):
        raise _Skip(number, f"a row has {len(cells)} cells (finding | stage | 40 | 60 | 80 | note)")
    finding, stage, *ages = cells[:5]
    if stage not in DEGENERATION_STAGES:
        raise _Skip(number, f"unknown stage id {_clip(stage)!r}")
    shares: dict[int, Share | None] = {}
    for age, cell in zip(AGES, ages):
        if cell in _NONE:
            shares[age] = None
            continue
        match = _SHARE.match(cell)
        if match is None:
            raise _Skip(number, f"a share must read like '54% [S237]' or '–', not {_clip(cell)!r}")
        if int(match.group(1)) > 100:
            raise _Skip(number, f"a share over 100%: {_clip(cell)!r}")
        shares[age] = Share(int(match.group(1)), match.group(2))
    return AgeRow(finding, stage, shares, cells[5] if len(cells) == 6 else "")


def _log(problems: list[Problem]) -> None:
    for problem in problems:
        log.warning("narration: %s", problem)

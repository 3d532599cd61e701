"""A patient's case: the findings, an optional age, numbered pins and notes; its file, its autosave, and the story
told from it (an overview, then one step per finding).

Qt-free and VTK-free.  A case file is JSON::

    {"format": "lumbar-explainer/case", "version": 1,
     "levels": {...as the `findings` command prints them...}, "age": 54 | null,
     "pins": [{"number": 1, "point": [x, y, z], "note": "pain here"}], "notes": "...", "report": "..." | null}

No name or other identifier is stored.  The report's words (the report itself, the evidence spans that quote it,
the sentences not understood) are written only when the user keeps the report, and evidence only where it quotes
that report exactly.  `read_case` also takes what `lumbar-explainer findings` prints.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from explainer.files import Unreadable, atomic_path, read_bounded
from explainer.stories.case_text import finding_side, finding_text, overview_text, spoken, title
from explainer.stories.findings import (
    DEGREES,
    GRADES,
    LEVELS,
    Findings,
    FindingsError,
    LevelFindings,
    from_dict,
)
from explainer.stories.findings import FORMAT as FINDINGS_FORMAT
from explainer.stories.findings import VERSION as FINDINGS_VERSION
from explainer.stories.findings.report import LIMIT as REPORT_LIMIT
from explainer.stories.timeline import Timeline
from meshes.params import SEGMENTS, SIDES
from narration.stories import CASE_TOPICS

FORMAT = "lumbar-explainer/case"
VERSION = 1
LIMIT = 8_000_000
"""Bytes in the largest case file read: a kept report of up to REPORT_LIMIT characters, at most 4 bytes each."""
MAX_PINS = 99
NOTE_LIMIT = 500
"""Characters in one pin's note: a short label ("pain here")."""
NOTES_LIMIT = 20_000
MAX_AGE = 120
KEYS = ("format", "version", "levels", "age", "pins", "notes", "report", "not_understood")
AUTOSAVE_SUFFIX = ".autosave.json"
UNSAVED = "unsaved-case"


class CaseError(ValueError):
    """A case that cannot be read or written: one line naming the file and the field at fault."""


@dataclass(frozen=True)
class Pin:
    """A numbered mark the user dropped on the model, with a short note; `point` in model millimetres."""

    number: int
    point: tuple[float, float, float]
    note: str = ""


@dataclass
class Case:
    """What a case file holds. No name or other identifier: a case is about a spine, not a person."""

    findings: Findings = field(default_factory=Findings)
    age: int | None = None
    pins: list[Pin] = field(default_factory=list)
    notes: str = ""
    report: str | None = None
    """The pasted report, only when the user chose to keep it with the case."""


# --- reading --------------------------------------------------------------------------------------------------------

def _named(path: Path) -> str:
    """The file as a message names it: on one printable line whatever its name holds."""
    text = str(path)
    return text if text.isprintable() else ascii(text)


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


class _Bad(Exception):
    """A field at fault, raised inside the reader and turned into a CaseError that names the file."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")


def read_case(path: Path) -> Case:
    """The case in `path` (a case file or the findings JSON). Raises CaseError for a missing, unreadable, huge,
    non-JSON, foreign, newer or malformed file, naming the file and the line or field."""
    path = Path(path)
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CaseError(f"{_named(path)}: not UTF-8 text (line {line})") from None
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise CaseError(f"{_named(path)}: not JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    except (RecursionError, ValueError) as error:
        raise CaseError(f"{_named(path)}: not JSON ({_reason(error)})") from None
    try:
        return case_from_dict(document)
    except (_Bad, FindingsError) as error:
        raise CaseError(f"{_named(path)}: {error}") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _reason(error: Exception) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)


def _read_bytes(path: Path) -> bytes:
    try:
        return read_bounded(path, LIMIT, "case")
    except Unreadable as error:
        raise CaseError(f"{_named(path)}: {error}") from None


def case_from_dict(document) -> Case:
    """A case from its JSON document (or the findings JSON), checked field by field; raises FindingsError or
    CaseError naming the field."""
    if not isinstance(document, dict):
        raise _Bad("document", f"expected an object, got {_shown(document)}")
    if document.get("format") == FINDINGS_FORMAT:
        return Case(from_dict(document))
    if document.get("format") != FORMAT:
        raise _Bad("format", f"expected {FORMAT!r} or {FINDINGS_FORMAT!r}, got {_shown(document.get('format'))}")
    _version(document.get("version"))
    unknown = sorted(set(document) - set(KEYS))
    if unknown:
        raise _Bad(_shown(unknown[0]), f"not a field of a case (one of {', '.join(KEYS)})")
    if "levels" not in document:
        raise _Bad("document", "missing 'levels'")
    report = _text(document.get("report"), REPORT_LIMIT, "report", nullable=True)
    findings = from_dict({"format": FINDINGS_FORMAT, "version": FINDINGS_VERSION, "levels": document["levels"],
                          "not_understood": document.get("not_understood", [])})
    _quotes(findings, report)
    return Case(findings, _age(document.get("age")), _pins(document.get("pins", [])),
                _text(document.get("notes", ""), NOTES_LIMIT, "notes"), report)


def _version(version) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Bad("version", f"expected a whole number from 1, got {_shown(version)}")
    if version > VERSION:
        raise _Bad("version", f"{version} is newer than this program reads ({VERSION}); update the program")


def _text(value, limit: int, where: str, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _Bad(where, f"expected text{' or null' if nullable else ''}, got {_shown(value)}")
    if len(value) > limit:
        raise _Bad(where, f"too long ({len(value):,} characters; at most {limit:,})")
    return value


def _age(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
        raise _Bad("age", f"expected a whole number of years from 0 to {MAX_AGE}, or null, got {_shown(value)}")
    return value


def _pins(value) -> list[Pin]:
    if not isinstance(value, list):
        raise _Bad("pins", f"expected a list, got {_shown(value)}")
    if len(value) > MAX_PINS:
        raise _Bad("pins", f"{len(value)} pins; at most {MAX_PINS}")
    pins = [_pin(item, f"pins[{index}]") for index, item in enumerate(value)]
    numbers = [pin.number for pin in pins]
    for index, number in enumerate(numbers):
        if number in numbers[:index]:
            raise _Bad(f"pins[{index}].number", f"{number} is given twice")
    return pins


def _pin(item, where: str) -> Pin:
    if not isinstance(item, dict):
        raise _Bad(where, f"expected an object, got {_shown(item)}")
    extra = sorted(set(item) - {"number", "point", "note"})
    if extra:
        raise _Bad(f"{where}.{_shown(extra[0])}", "not a field of a pin (number, point, note)")
    number = item.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_PINS:
        raise _Bad(f"{where}.number", f"expected a whole number from 1 to {MAX_PINS}, got {_shown(number)}")
    point = item.get("point")
    if not (isinstance(point, list) and len(point) == 3 and all(_finite(x) for x in point)):
        raise _Bad(f"{where}.point", f"expected [x, y, z] in millimetres, got {_shown(point)}")
    note = _text(item.get("note", ""), NOTE_LIMIT, f"{where}.note")
    return Pin(number, (float(point[0]), float(point[1]), float(point[2])), note)


def _finite(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) \
        and abs(value) <= 1e6


def _quotes(findings: Findings, report: str | None) -> None:
    """The report's words stay with the report: evidence and unread sentences only beside a kept report, and
    evidence only as the report's own words."""
    if report is None and findings.not_understood:
        raise _Bad("not_understood", "given without the report it quotes")
    for name, level in findings.levels.items():
        for path, spans in level.evidence.items():
            for index, span in enumerate(spans):
                where = f"levels.{name}.evidence.{path}[{index}]"
                if report is None:
                    raise _Bad(f"levels.{name}.evidence", "given without the report it quotes")
                if report[span.start:span.end] != span.text:
                    raise _Bad(where[:200], "does not match the kept report")


# --- writing --------------------------------------------------------------------------------------------------------

def case_to_dict(case: Case) -> dict:
    """The case as its file holds it; the report's words only with the kept report (and evidence only where it
    quotes that report exactly)."""
    kept = case.report is not None
    levels = case.findings.to_dict(evidence=kept)["levels"]
    if kept:
        for level in levels.values():
            level["evidence"] = _consistent(level["evidence"], case.report)
    document = {"format": FORMAT, "version": VERSION, "levels": levels, "age": case.age,
                "pins": [{"number": pin.number, "point": list(pin.point), "note": pin.note} for pin in case.pins],
                "notes": case.notes, "report": case.report}
    if kept:
        document["not_understood"] = list(case.findings.not_understood)
    return document


def _consistent(evidence: dict[str, list[dict]], report: str) -> dict[str, list[dict]]:
    return {path: [span for span in spans if report[span["start"]:span["end"]] == span["text"]]
            for path, spans in evidence.items()}


def write_case(path: Path, case: Case) -> None:
    """Write `case` to `path` atomically (a reader sees the old file or the new, never half of one). The text is
    read back before it is written, so a case this program would refuse is never saved. Raises CaseError."""
    path = Path(path)
    try:
        text = json.dumps(case_to_dict(case), indent=2, ensure_ascii=False, allow_nan=False)
        case_from_dict(json.loads(text))
    except (_Bad, FindingsError, ValueError, TypeError) as error:
        raise CaseError(f"{_named(path)}: not saved: {str(error)[:200]}") from None
    if len(text.encode("utf-8")) > LIMIT:
        raise CaseError(f"{_named(path)}: not saved: too large for a case (at most {LIMIT:,} bytes)")
    try:
        with atomic_path(path) as temporary:
            Path(temporary).write_text(text + "\n", encoding="utf-8")
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CaseError(f"{_named(path)}: cannot write it ({reason})") from None


# --- autosave -------------------------------------------------------------------------------------------------------

def autosave_path(case_path: Path | None, folder: Path | None = None) -> Path:
    """Where the autosave of a case goes: beside its file (hidden), or in `folder` (the user's data folder, which
    the window knows) for a case not saved yet."""
    if case_path is not None:
        case_path = Path(case_path)
        return case_path.with_name(f".{case_path.stem}{AUTOSAVE_SUFFIX}")
    if folder is None:
        raise ValueError("an unsaved case's autosave needs the user's data folder")
    return Path(folder) / f"{UNSAVED}{AUTOSAVE_SUFFIX}"


def write_autosave(case: Case, case_path: Path | None, folder: Path | None = None) -> Path:
    """Write the autosave (atomically, as a case file); returns where. Raises CaseError."""
    target = autosave_path(case_path, folder)
    if case_path is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    write_case(target, case)
    return target


def find_autosave(case_path: Path | None, folder: Path | None = None) -> Path | None:
    """The autosave worth offering back: one that exists and is newer than the case file (a crash came after the
    last save); None otherwise."""
    target = autosave_path(case_path, folder)
    try:
        saved = target.stat().st_mtime_ns
    except OSError:
        return None
    try:
        return target if case_path is None or saved > Path(case_path).stat().st_mtime_ns else None
    except OSError:  # the case file is gone: the autosave is all there is
        return target


def recover(case_path: Path | None, folder: Path | None = None) -> Case | None:
    """The case in the autosave `find_autosave` offers, or None. Raises CaseError for a damaged autosave (which
    is left where it is)."""
    target = find_autosave(case_path, folder)
    return None if target is None else read_case(target)


def remove_autosave(case_path: Path | None, folder: Path | None = None) -> None:
    """After a clean save or close: the autosave has nothing the case file lacks."""
    autosave_path(case_path, folder).unlink(missing_ok=True)


# --- the story told from a case -------------------------------------------------------------------------------------

TOPICS = CASE_TOPICS
"""The findings a level may show, in the order its steps tell them (narration.stories gives the order)."""
PLAY_SPEED = 0.5  # steps per second while playing, as the degeneration story


@dataclass(frozen=True)
class CaseStep:
    """One step of the case's story: `level` None is the overview of the whole spine; `topic` one of TOPICS."""

    id: str
    level: str | None
    topic: str | None
    title: str


def topics(level: LevelFindings) -> tuple[str, ...]:
    """The findings `level` shows, in TOPICS order."""
    present = {
        "desiccation": level.desiccation,
        "height_loss": level.height_loss != "none",
        "bulge": level.contour == "bulge",
        "herniation": level.contour == "herniation",
        "facets": set(level.facets.values()) != {"none"},
        "spurs": level.spurs,
        "listhesis": level.listhesis is not None,
        "canal": level.canal != "none",
        "foramen": set(level.foramen.values()) != {"none"},
        "roots": bool(level.roots),
    }
    return tuple(topic for topic in TOPICS if present[topic])


def severity(level: LevelFindings) -> int:
    """How much a level shows, to pick the one the overview frames: its worst grade, a herniation as moderate to
    severe by type, a slip by its grade, a root by how hard it is touched."""
    grades = [level.canal, level.height_loss, *level.foramen.values(), *level.facets.values()]
    scores = [GRADES.index(grade) for grade in grades]
    scores.append(1 if level.desiccation or level.contour == "bulge" or level.spurs else 0)
    if level.herniation is not None:
        scores.append({"extrusion": 4, "sequestration": 5}.get(level.herniation.type, 3))
    if level.listhesis is not None:
        scores.append(2 + (level.listhesis.grade or 1))
    scores += [2 + DEGREES.index(root.degree) for root in level.roots]
    return max(scores)


def step_title(level: str, topic: str, side: str | None) -> str:
    """"L4–L5: A disc herniation, left": the level, the finding's title as its narration file gives it, the side."""
    return f"{spoken(level)}: {title(topic)}{f', {side}' if side else ''}"


def case_steps(findings: Findings) -> tuple[CaseStep, ...]:
    """The overview, then each finding top down (the order a report reads and the camera travels), a level's
    findings in cascade order."""
    steps = [CaseStep("overview", None, None, title("overview"))]
    for name in LEVELS:
        level = findings.levels.get(name)
        for topic in topics(level) if level is not None else ():
            steps.append(CaseStep(f"{name}/{topic}", name, topic, step_title(name, topic, finding_side(level, topic))))
    return tuple(steps)


class CaseModel(Timeline):
    """The case's story: which step is shown, and the level and side it frames.

    `step(direction)` is the timeline's Back / Next (the window's keys call it on every story), so the step shown
    is `current_step`."""

    def __init__(self, level: str = "L4-L5", side: str = "left", case: Case | None = None):
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        super().__init__(0, (0.0,), PLAY_SPEED)
        self._level, self._side = level, side
        self._load(case or Case())

    def _load(self, case: Case) -> None:
        self.case = case
        self.steps = case_steps(case.findings)
        self.last = float(len(self.steps) - 1)
        self.stops = tuple(float(i) for i in range(len(self.steps)))
        self.position = 0.0

    def set_case(self, case: Case) -> None:
        """Show `case` from its overview; subscribers are told even when the position stays 0."""
        self._load(case)
        self._changed()

    def edit(self, case: Case) -> None:
        """The same case changed (a pin, a note, a finding edited): its steps again, the step shown kept if it is
        still there."""
        shown = self.current_step.id
        self._load(case)
        ids = [step.id for step in self.steps]
        self.position = float(ids.index(shown)) if shown in ids else 0.0
        self._changed()

    @property
    def step_index(self) -> int:
        """The step whose text is shown: the nearest whole step."""
        return int(self.position + 0.5)

    @property
    def current_step(self) -> CaseStep:
        return self.steps[self.step_index]

    def worst_level(self) -> str:
        """The modelled level with the most to show (the first of equals, top down); the chosen level when none
        shows anything."""
        levels = self.case.findings.levels
        shown = {name: severity(levels[name]) for name in SEGMENTS if name in levels}
        shown = {name: score for name, score in shown.items() if score > 0}
        return max(shown, key=shown.get) if shown else self._level

    @property
    def level(self) -> str:
        """The modelled level shown: the step's (T12-L1, above the model, shows as L1-L2), else the worst."""
        level = self.current_step.level
        if level is None:
            return self.worst_level()
        return level if level in SEGMENTS else SEGMENTS[0]

    @property
    def side(self) -> str:
        """The side of the shown finding; the chosen side when it has none."""
        step = self.current_step
        finding = self.case.findings.levels.get(step.level) if step.level else None
        side = finding_side(finding, step.topic) if finding is not None else None
        return side or self._side

    def text(self, depth: str) -> str:
        """The shown step's words at `depth` ("patient" or "student")."""
        return self.step_text(self.step_index, depth)

    def step_text(self, index: int, depth: str) -> str:
        """Step `index`'s words at `depth`: the overview, or the finding's, with how common it is at the patient's
        age when the case has one."""
        step = self.steps[index]
        if step.level is None:
            return overview_text(depth)
        return finding_text(step.level, self.case.findings.levels[step.level], step.topic, depth, self.case.age)

    def step_title(self, index: int) -> str:
        return self.steps[index].title

    def step_notes(self, index: int) -> str:
        """The presenter's notes for step `index`: its student words."""
        return self.step_text(index, "student")

    def captions(self, depth: str) -> tuple[tuple[float, float, str], ...]:
        """A video's captions, (from, to, text) in story positions: each step's title wherever it is shown (one
        line for both depths, as the other stories)."""
        return tuple((max(i - 0.5, 0.0), min(i + 0.5, self.last), step.title) for i, step in enumerate(self.steps))


def _step_sides(side: str | None) -> tuple[str, ...]:
    return (side,) if side in SIDES else SIDES


def step_structures(findings: Findings, step: CaseStep) -> list[str]:
    """The structures a step is about, lit in 3D: the disc for its water, height and contour, the joints' cartilage,
    the two bones for spurs, the slipped vertebra, the flavum and the sac for the canal, the exiting root for the
    foramen, the roots the report names.  Nothing for the overview or a level above the model."""
    if step.level not in SEGMENTS:
        return []
    level = findings.levels[step.level]
    upper, lower = step.level.split("-")
    lower_bone = "sacrum" if lower == "S1" else lower
    sides = _step_sides(finding_side(level, step.topic))
    by_topic = {
        "desiccation": [f"nucleus_{step.level}"],
        "height_loss": [f"disc_{step.level}", f"nucleus_{step.level}"],
        "bulge": [f"disc_{step.level}"],
        "herniation": [f"disc_{step.level}", f"nucleus_{step.level}"],
        "facets": [f"cartilage_{step.level}_{s}_{part}" for s in sides for part in ("superior", "inferior")],
        "spurs": [upper, lower_bone],
        "listhesis": [upper],
        "canal": [f"flavum_{step.level}", "dural_sac"],
        "foramen": [f"root_{upper}_{s}" for s in sides],
        "roots": [f"root_{r.root}_{s}" for r in level.roots for s in _step_sides(r.side)],
    }
    return by_topic.get(step.topic, [])

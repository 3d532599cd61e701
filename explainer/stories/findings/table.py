"""The findings as a table to confirm and edit: a row per level, a column per finding, each cell a choice.

Qt-free: the window's table is a thin view of `COLUMNS`.  Each column reads its cell from a LevelFindings as text,
writes a chosen text back, offers its choices, and names the evidence paths its words came from, so the window
can show (on hover) the report's own words for each cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from explainer.stories.findings.model import (
    DEGREES,
    GRADES,
    HERNIATION_SIDES,
    HERNIATION_TYPES,
    ROOT_SIDES,
    ROOTS,
    ZONES,
    FindingsError,
    Herniation,
    LevelFindings,
    Listhesis,
    Root,
)

NONE = "none"
NO = "no"
YES = "yes"


@dataclass(frozen=True)
class Column:
    """One finding: its header, the texts a cell may hold (None: free text), how to read and write it."""

    key: str
    title: str
    choices: tuple[str, ...] | None
    read: Callable[[LevelFindings], str]
    write: Callable[[LevelFindings, str], None]
    evidence: tuple[str, ...]
    hint: str


def _graded(attribute: str, side: str | None = None) -> tuple[Callable, Callable]:
    """Reader and writer of a grade, sided (foramen, facets) or not (canal, height loss)."""
    if side is None:
        return (lambda lv: getattr(lv, attribute)), (lambda lv, text: setattr(lv, attribute, text))
    return (lambda lv: getattr(lv, attribute)[side]), (lambda lv, text: getattr(lv, attribute).__setitem__(side, text))


def _set_contour(level: LevelFindings, text: str) -> None:
    level.contour = text
    if text == "herniation" and level.herniation is None:
        level.herniation = Herniation()
    elif text != "herniation":
        level.herniation = None


def _herniation_part(part: str) -> tuple[Callable, Callable]:
    """Reader and writer of one part of the herniation (type, zone, side); choosing one makes it a herniation."""
    def read(level: LevelFindings) -> str:
        value = getattr(level.herniation, part) if level.herniation else None
        return value or NONE

    def write(level: LevelFindings, text: str) -> None:
        if text == NONE and part == "type":
            _set_contour(level, "none" if level.contour == "herniation" else level.contour)
            return
        _set_contour(level, "herniation")
        level.herniation = replace(level.herniation, **{part: None if text == NONE else text})
    return read, write


LISTHESIS = (NONE, *(f"{d}{f' grade {g}' if g else ''}" for d in ("antero", "retro") for g in (None, 1, 2, 3, 4)))


def _read_listhesis(level: LevelFindings) -> str:
    slip = level.listhesis
    return NONE if slip is None else f"{slip.direction}{f' grade {slip.grade}' if slip.grade else ''}"


def _write_listhesis(level: LevelFindings, text: str) -> None:
    if text == NONE:
        level.listhesis = None
        return
    direction, _, grade = text.partition(" grade ")
    level.listhesis = Listhesis(direction, int(grade) if grade else None)


def read_roots(level: LevelFindings) -> str:
    """"L5 left compression; S1 right contact" (or "none")."""
    return "; ".join(f"{r.root} {r.side} {r.degree}" for r in level.roots) or NONE


def parse_roots(text: str) -> list[Root]:
    """The roots a cell's text names, "ROOT SIDE DEGREE" separated by ";" or ","; FindingsError if not so."""
    roots = []
    for part in text.replace(",", ";").split(";"):
        words = part.split()
        if not words or words == [NONE]:
            continue
        if len(words) != 3 or words[0].upper() not in ROOTS or words[1] not in ROOT_SIDES or words[2] not in DEGREES:
            raise FindingsError(f"roots: {part.strip()!r} is not like 'L5 left compression' "
                                f"(roots {', '.join(ROOTS)}; sides {', '.join(ROOT_SIDES)}; {', '.join(DEGREES)})")
        roots.append(Root(words[0].upper(), words[1], words[2]))
    return roots


def _write_roots(level: LevelFindings, text: str) -> None:
    level.roots = parse_roots(text)


def _flag(attribute: str) -> tuple[Callable, Callable]:
    return (lambda lv: YES if getattr(lv, attribute) else NO), (lambda lv, text: setattr(lv, attribute, text == YES))


def _column(key, title, choices, pair, evidence, hint) -> Column:
    return Column(key, title, choices, pair[0], pair[1], evidence, hint)


COLUMNS: tuple[Column, ...] = (
    _column("desiccation", "Dry disc", (NO, YES), _flag("desiccation"), ("desiccation", "pfirrmann"),
            "Desiccation: the disc has lost water (dark on T2 MRI)"),
    _column("height_loss", "Height loss", GRADES, _graded("height_loss"), ("height_loss",),
            "How much the disc has narrowed"),
    _column("contour", "Contour", ("none", "bulge", "herniation"),
            (lambda lv: lv.contour, _set_contour), ("contour",), "The disc's outline: bulge or herniation"),
    _column("herniation.type", "Herniation", (NONE, *HERNIATION_TYPES), _herniation_part("type"),
            ("herniation",), "Protrusion, extrusion or sequestration"),
    _column("herniation.zone", "Zone", (NONE, *ZONES), _herniation_part("zone"), ("herniation",),
            "Where the herniation points, from the middle outwards"),
    _column("herniation.side", "Side", (NONE, *HERNIATION_SIDES), _herniation_part("side"), ("herniation",),
            "The herniation's side"),
    _column("canal", "Canal", GRADES, _graded("canal"), ("canal",), "Central canal stenosis"),
    _column("foramen.left", "Foramen L", GRADES, _graded("foramen", "left"), ("foramen.left",),
            "Left neural foraminal stenosis"),
    _column("foramen.right", "Foramen R", GRADES, _graded("foramen", "right"), ("foramen.right",),
            "Right neural foraminal stenosis"),
    _column("facets.left", "Facets L", GRADES, _graded("facets", "left"), ("facets.left",),
            "Left facet arthropathy"),
    _column("facets.right", "Facets R", GRADES, _graded("facets", "right"), ("facets.right",),
            "Right facet arthropathy"),
    _column("listhesis", "Slip", LISTHESIS, (_read_listhesis, _write_listhesis), ("listhesis",),
            "Spondylolisthesis: direction and Meyerding grade"),
    _column("spurs", "Spurs", (NO, YES), _flag("spurs"), ("spurs",), "Endplate osteophytes (bone spurs)"),
    _column("roots", "Roots", None, (read_roots, _write_roots), ("roots",),
            "Nerve roots touched, e.g. 'L5 left compression; S1 right contact'"),
)


def evidence_words(level: LevelFindings, column: Column) -> list[str]:
    """The report's words each of this cell's findings came from, in report order, without repeats."""
    spans = sorted({s for path in column.evidence for s in level.evidence.get(path, ())}, key=lambda s: s.start)
    return [s.text for s in spans]

"""The findings of one report, per level, and their JSON: the contract that the `findings` command prints and
a case file holds.

Qt-free and VTK-free.  A level absent from `Findings.levels` was not mentioned; a level mentioned as normal is
there with every field at its default (no finding).  Each field may keep the words it came from (`evidence`:
spans of the report text), so that a window can show them; readers of the JSON may ignore `evidence`, `spurs`
and `pfirrmann`, which the issue's format does not name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from meshes.params import SEGMENTS, SIDES

FORMAT = "lumbar-explainer/findings"
VERSION = 1
LEVELS = ("T12-L1", *SEGMENTS)
"""Every level a report may name, top down. T12-L1 is kept and listed, but lies above the model."""
GRADES = ("none", "mild", "mild-moderate", "moderate", "moderate-severe", "severe")
CONTOURS = ("none", "bulge", "herniation")
HERNIATION_TYPES = ("protrusion", "extrusion", "sequestration", "unspecified")
ZONES = ("central", "paracentral", "subarticular", "foraminal", "extraforaminal")
HERNIATION_SIDES = ("left", "right", "both", "midline")
ROOT_SIDES = ("left", "right", "both")
DEGREES = ("contact", "displacement", "compression")
"""How hard a root is touched, mildest first."""
DIRECTIONS = ("antero", "retro")
ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2")


class FindingsError(ValueError):
    """A findings document that cannot be read: the message names the field at fault, on one line."""


@dataclass(frozen=True)
class Span:
    """Words of the report a finding came from: `text` is `report[start:end]`."""

    start: int
    end: int
    text: str


@dataclass
class Herniation:
    type: str = "unspecified"
    zone: str | None = None
    side: str | None = None


@dataclass
class Listhesis:
    direction: str = "antero"
    grade: int | None = None
    """Meyerding grade 1-4, None when the report gives none."""


@dataclass
class Root:
    root: str
    side: str
    degree: str


def _sides() -> dict[str, str]:
    return dict.fromkeys(SIDES, "none")


@dataclass
class LevelFindings:
    """What one level shows. The defaults are a healthy level."""

    contour: str = "none"
    herniation: Herniation | None = None
    foramen: dict[str, str] = field(default_factory=_sides)
    canal: str = "none"
    facets: dict[str, str] = field(default_factory=_sides)
    desiccation: bool = False
    height_loss: str = "none"
    listhesis: Listhesis | None = None
    roots: list[Root] = field(default_factory=list)
    spurs: bool = False
    pfirrmann: int | None = None
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    """Field path ("foramen.left", "herniation", "roots") -> the spans of report text it was read from."""

    def to_dict(self, evidence: bool = True) -> dict:
        """The level as the JSON document holds it."""
        return _level_dict(self, evidence)

    def is_healthy(self) -> bool:
        """True when nothing is found (evidence aside): a level mentioned only to say it is normal."""
        return self.to_dict(evidence=False) == LevelFindings().to_dict(evidence=False)


@dataclass
class Findings:
    levels: dict[str, LevelFindings] = field(default_factory=dict)
    not_understood: list[str] = field(default_factory=list)

    def to_dict(self, evidence: bool = True) -> dict:
        """The JSON document, levels top down."""
        return {"format": FORMAT, "version": VERSION,
                "levels": {name: self.levels[name].to_dict(evidence) for name in LEVELS if name in self.levels},
                "not_understood": list(self.not_understood)}

    def to_json(self, evidence: bool = True) -> str:
        """ASCII only (other characters escaped), so that any console or pipe can carry it."""
        return json.dumps(self.to_dict(evidence), indent=2)


def _level_dict(level: LevelFindings, evidence: bool) -> dict:
    out = {
        "contour": level.contour,
        "herniation": None if level.herniation is None else vars(level.herniation).copy(),
        "foramen": dict(level.foramen), "canal": level.canal, "facets": dict(level.facets),
        "desiccation": level.desiccation, "height_loss": level.height_loss,
        "listhesis": None if level.listhesis is None else vars(level.listhesis).copy(),
        "roots": [vars(root).copy() for root in level.roots],
        "spurs": level.spurs, "pfirrmann": level.pfirrmann,
    }
    if evidence:
        out["evidence"] = {path: [vars(span).copy() for span in spans] for path, spans in level.evidence.items()}
    return out


# --- reading: every check names the field it refuses ---------------------------------------------------------

def _fail(where: str, message: str) -> FindingsError:
    return FindingsError(f"{where}: {message}")


def _shown(value) -> str:
    """A refused value as the message quotes it: short, on one line."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _key(key: str) -> str:
    """A key of the document as a message names it: as is when short and plain, else quoted and cut."""
    return key if key.isprintable() and len(key) <= 40 and '"' not in key else _shown(key)


def _object(data, where: str) -> dict:
    if not isinstance(data, dict):
        raise _fail(where, f"expected an object, got {_shown(data)}")
    return data


def _member(data: dict, key: str, where: str, default=...):
    if key not in data:
        if default is ...:
            raise _fail(where, f"missing {key!r}")
        return default
    return data[key]


def _choice(value, allowed: tuple, where: str, nullable: bool = False):
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise _fail(where, f"expected one of {'|'.join(allowed)}{'|null' if nullable else ''}, got {_shown(value)}")
    return value


def _bool(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, f"expected true or false, got {_shown(value)}")
    return value


def _int(value, low: int, high: int, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"expected {low} to {high} or null, got {_shown(value)}")
    return value


def _sided(data, where: str) -> dict[str, str]:
    data = _object(data, where)
    extra = sorted(set(data) - set(SIDES))
    if extra:
        raise _fail(f"{where}.{_key(extra[0])}", "unknown side (left or right)")
    return {side: _choice(_member(data, side, where), GRADES, f"{where}.{side}") for side in SIDES}


def _herniation(data, where: str) -> Herniation | None:
    if data is None:
        return None
    data = _object(data, where)
    return Herniation(_choice(_member(data, "type", where), HERNIATION_TYPES, f"{where}.type"),
                      _choice(data.get("zone"), ZONES, f"{where}.zone", nullable=True),
                      _choice(data.get("side"), HERNIATION_SIDES, f"{where}.side", nullable=True))


def _listhesis(data, where: str) -> Listhesis | None:
    if data is None:
        return None
    data = _object(data, where)
    return Listhesis(_choice(_member(data, "direction", where), DIRECTIONS, f"{where}.direction"),
                     _int(data.get("grade"), 1, 4, f"{where}.grade"))


def _roots(data, where: str) -> list[Root]:
    if not isinstance(data, list):
        raise _fail(where, f"expected a list, got {_shown(data)}")
    roots = []
    for index, item in enumerate(data):
        at = f"{where}[{index}]"
        item = _object(item, at)
        roots.append(Root(_choice(_member(item, "root", at), ROOTS, f"{at}.root"),
                          _choice(_member(item, "side", at), ROOT_SIDES, f"{at}.side"),
                          _choice(_member(item, "degree", at), DEGREES, f"{at}.degree")))
    return roots


def _evidence(data, where: str) -> dict[str, list[Span]]:
    """Optional: a writer that drops it (or a hand-made file) loses only the hover text."""
    data = _object(data, where)
    evidence = {}
    for path, spans in data.items():
        at = f"{where}.{_key(path)}"
        if not isinstance(spans, list):
            raise _fail(at, f"expected a list, got {_shown(spans)}")
        evidence[path] = []
        for index, span in enumerate(spans):
            span = _object(span, f"{at}[{index}]")
            start = _int(_member(span, "start", f"{at}[{index}]"), 0, 10**9, f"{at}[{index}].start")
            end = _int(_member(span, "end", f"{at}[{index}]"), 0, 10**9, f"{at}[{index}].end")
            text = _member(span, "text", f"{at}[{index}]")
            if start is None or end is None or not isinstance(text, str):
                raise _fail(f"{at}[{index}]", "expected start, end and text")
            evidence[path].append(Span(start, end, text))
    return evidence


def _level(data, where: str) -> LevelFindings:
    data = _object(data, where)
    contour = _choice(_member(data, "contour", where), CONTOURS, f"{where}.contour")
    herniation = _herniation(_member(data, "herniation", where), f"{where}.herniation")
    if (contour == "herniation") != (herniation is not None):
        raise _fail(f"{where}.herniation", "must be given exactly when contour is 'herniation'")
    return LevelFindings(
        contour=contour, herniation=herniation,
        foramen=_sided(_member(data, "foramen", where), f"{where}.foramen"),
        canal=_choice(_member(data, "canal", where), GRADES, f"{where}.canal"),
        facets=_sided(_member(data, "facets", where), f"{where}.facets"),
        desiccation=_bool(_member(data, "desiccation", where), f"{where}.desiccation"),
        height_loss=_choice(_member(data, "height_loss", where), GRADES, f"{where}.height_loss"),
        listhesis=_listhesis(_member(data, "listhesis", where), f"{where}.listhesis"),
        roots=_roots(_member(data, "roots", where), f"{where}.roots"),
        spurs=_bool(_member(data, "spurs", where, False), f"{where}.spurs"),
        pfirrmann=_int(_member(data, "pfirrmann", where, None), 1, 5, f"{where}.pfirrmann"),
        evidence=_evidence(_member(data, "evidence", where, {}), f"{where}.evidence"),
    )


def from_dict(data) -> Findings:
    """A findings document (as `to_dict` writes it, or a case file holding one), checked field by field.
    Unknown top-level keys are left to the caller (a case file adds its own); `spurs`, `pfirrmann` and
    `evidence` may be absent. Raises FindingsError naming the field at fault."""
    data = _object(data, "document")
    if data.get("format") != FORMAT:
        raise _fail("format", f"expected {FORMAT!r}, got {_shown(data.get('format'))}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("version", f"expected a whole number, got {_shown(version)}")
    if version > VERSION:
        raise _fail("version", f"{version} is newer than this program reads ({VERSION})")
    levels = _object(_member(data, "levels", "document"), "levels")
    unknown = [name for name in levels if name not in LEVELS]
    if unknown:
        raise _fail(f"levels.{_key(unknown[0])}", f"unknown level (one of {', '.join(LEVELS)})")
    not_understood = _member(data, "not_understood", "document", [])
    if not isinstance(not_understood, list) or not all(isinstance(s, str) for s in not_understood):
        raise _fail("not_understood", "expected a list of sentences")
    return Findings({name: _level(levels[name], f"levels.{name}") for name in LEVELS if name in levels},
                    list(not_understood))


def from_json(text: str) -> Findings:
    """`from_dict` of JSON text; text that is not JSON is refused with where it breaks."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FindingsError(f"document: not JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise FindingsError("document: not JSON (nested too deeply)") from None
    return from_dict(data)

"""The words of a case's story: the sourced templates of `narration/case/` filled per finding with its level, side
and grade in plain words, and beside a finding how common it is in people without back pain at the patient's age
(the checked figures of `narration/common_at_age.md`, never a copy of them).

Qt-free.  A template names what it needs in braces: `{where}` ("at the L4–L5 level, on the left"), `{grade}`,
and per finding a few more (FILLS); a capital first letter (`{Where}`) asks for the words capitalised.
"""

from __future__ import annotations

import functools
import re

from explainer.stories.findings import DEGREES, GRADES, LevelFindings
from meshes.params import SIDES
from narration import PLACEHOLDER, StoryText, load_story
from narration.claims import AGES, AgeRow, AgeTable, load_common_at_age

AGE_FINDINGS = {
    "desiccation": "A darker disc (signal loss)", "height_loss": "A thinner disc (height loss)",
    "bulge": "A disc bulge", "herniation": "A disc protrusion", "facets": "Facet joint wear", "spurs": "Bone spurs",
}
"""Finding -> the age table's row for it; the others (a slip, stenosis, a root) have no checked figure there."""
NEAR = 10
"""Years between the patient's age and the nearest age the table has a figure for, at most."""
PLAIN_GRADES = {"mild-moderate": "mild to moderate", "moderate-severe": "moderate to severe"}
DEGREE_WORDS = {"contact": "touched", "displacement": "pushed aside", "compression": "pressed on"}
ROMAN = ("I", "II", "III", "IV", "V")
ABOVE_MODEL = "T12-L1"
_FIELD = re.compile(r"\{([A-Za-z_]+)\}")
_NOTE_AGE = re.compile(r"\b(\d\d) or more\b")


@functools.lru_cache(maxsize=1)
def _texts() -> StoryText:
    return load_story("case")


@functools.lru_cache(maxsize=1)
def _ages() -> AgeTable:
    return load_common_at_age()


def fill(template: str, words: dict[str, str]) -> str:
    """`template` with each `{name}` replaced by `words[name]` (`{Name}`: capitalised); an unknown name stays as
    written, for the tests to find."""
    def word(match: re.Match) -> str:
        name = match.group(1)
        value = words.get(name.lower())
        if value is None:
            return match.group(0)
        return value[:1].upper() + value[1:] if name[0].isupper() else value
    return _FIELD.sub(word, template)


# --- a finding in plain words ---------------------------------------------------------------------------------------

def _rank(grade: str) -> int:
    return GRADES.index(grade)


def _worse_side(sided: dict[str, str]) -> str | None:
    """The side with the worse grade; None when both sides are the same."""
    left, right = _rank(sided["left"]), _rank(sided["right"])
    return None if left == right else ("left" if left > right else "right")


def finding_side(level: LevelFindings, topic: str | None) -> str | None:
    """The side a finding lies on, when it has one: the herniation's, the worse foramen or facet, the touched
    root's."""
    if topic == "herniation" and level.herniation is not None:
        return level.herniation.side if level.herniation.side in SIDES else None
    if topic in ("foramen", "facets"):
        return _worse_side(getattr(level, topic))
    if topic == "roots":
        sides = {root.side for root in level.roots}
        return sides.pop() if len(sides) == 1 and sides <= set(SIDES) else None
    return None


def spoken(level: str) -> str:
    """A level as the narration prints it: "L4–L5" (an en dash between the vertebrae)."""
    return level.replace("-", "\u2013")


def where(level: str, side: str | None) -> str:
    """"at the L4–L5 level, on the left"; a T12–L1 finding is said to lie above the model."""
    words = f"at the {spoken(level)} level"
    if level == ABOVE_MODEL:
        words += ", above this model"
    if side in SIDES:
        words += f", on the {side}"
    elif side == "both":
        words += ", on both sides"
    elif side == "midline":
        words += ", in the middle"
    return words


def plain_grade(grade: str) -> str:
    return PLAIN_GRADES.get(grade, grade)


def _sided_words(level: str, sided: dict[str, str]) -> dict[str, str]:
    side = _worse_side(sided) or "both"
    worst = max(sided.values(), key=_rank)
    return {"where": where(level, side), "grade": plain_grade(worst),
            "grades": ", ".join(f"{s} {plain_grade(sided[s])}" for s in SIDES)}


def _herniation_words(level: str, found: LevelFindings) -> dict[str, str]:
    herniation = found.herniation
    kind = "herniation" if herniation is None or herniation.type == "unspecified" else herniation.type
    zone = f", {herniation.zone} zone" if herniation is not None and herniation.zone else ""
    return {"where": where(level, herniation.side if herniation else None), "kind": kind, "zone": zone}


def _listhesis_words(level: str, found: LevelFindings) -> dict[str, str]:
    upper, lower = level.split("-")
    slip = found.listhesis
    forward = slip is None or slip.direction == "antero"
    return {"where": where(level, None), "upper": upper, "lower": lower,
            "direction": "forward" if forward else "backward",
            "slip": "anterolisthesis" if forward else "retrolisthesis",
            "meyerding": f"Meyerding grade {slip.grade}" if slip and slip.grade else "no grade given"}


def _roots_words(level: str, found: LevelFindings) -> dict[str, str]:
    upper, lower = level.split("-")
    named = [f"the {root.root} nerve roots on both sides" if root.side == "both"
             else f"the {root.side} {root.root} nerve root" for root in found.roots]
    roles = {upper: "exiting", lower: "traversing"}
    detail = "; ".join(f"{root.side} {root.root}, {root.degree}"
                       + (f" ({roles[root.root]})" if root.root in roles else "") for root in found.roots)
    worst = max((root.degree for root in found.roots), key=DEGREES.index)
    return {"where": where(level, None), "roots": " and ".join(named), "degree": DEGREE_WORDS[worst],
            "detail": detail}


def finding_words(level: str, found: LevelFindings, topic: str) -> dict[str, str]:
    """What the templates of `topic` ask for, for the finding at `level`."""
    if topic in ("foramen", "facets"):
        words = _sided_words(level, getattr(found, topic))
        return {**words, "exiting": level.split("-")[0]} if topic == "foramen" else words
    special = {"herniation": _herniation_words, "listhesis": _listhesis_words, "roots": _roots_words}
    if topic in special:
        return special[topic](level, found)
    grade = {"height_loss": found.height_loss, "canal": found.canal}.get(topic, "none")
    pfirrmann = f" (Pfirrmann {ROMAN[found.pfirrmann - 1]} in the report)" if found.pfirrmann else ""
    return {"where": where(level, None), "grade": plain_grade(grade), "pfirrmann": pfirrmann}


# --- how common at the patient's age ---------------------------------------------------------------------------------

def _nearest_share(row: AgeRow, age: int):
    """(table age, share) nearest the patient's age within NEAR years (the younger of two as near), or None."""
    near = [(abs(at - age), at) for at in AGES if row.shares.get(at) is not None and abs(at - age) <= NEAR]
    return (min(near)[1], row.shares[min(near)[1]]) if near else None


def common_at_age(topic: str, found: LevelFindings, age: int, depth: str) -> str:
    """How many people without back pain, near `age`, show this finding too, with the calm words that go with it;
    "" where the table has no checked figure (or note) for it at that age. A herniation has a figure only when it
    is a protrusion."""
    if topic == "herniation" and (found.herniation is None or found.herniation.type != "protrusion"):
        return ""
    row = next((row for row in _ages().rows if row.finding == AGE_FINDINGS.get(topic)), None)
    if row is None:
        return ""
    share = _nearest_share(row, age)
    texts = _texts()
    if share is not None:
        at, figure = share
        finding = row.finding[:1].lower() + row.finding[1:]
        return fill(texts.text_for("common_at_age", depth), {"percent": str(figure.percent), "age": str(at),
                                                             "finding": finding, "source": f"[{figure.source}]"})
    note_age = _NOTE_AGE.search(row.note)
    if note_age is None or age < int(note_age.group(1)):
        return ""
    note = row.note if depth == "student" else row.plain_note
    return fill(texts.text_for("common_at_age_note", depth), {"note": note})


# --- the text of a step -----------------------------------------------------------------------------------------------

def title(topic: str) -> str:
    """The title its narration file gives a finding (the topic's name, readable, when that file is broken)."""
    text = _texts().stages.get(topic)
    return text.title if text is not None else topic.replace("_", " ").capitalize()


def overview_text(depth: str) -> str:
    return _texts().text_for("overview", depth)


def finding_text(level: str, found: LevelFindings, topic: str, depth: str, age: int | None = None) -> str:
    """A finding's template filled in, and when the age is known how common the finding is at that age."""
    text = _texts().text_for(topic, depth)
    if text == PLACEHOLDER:
        return text
    text = fill(text, finding_words(level, found, topic))
    context = common_at_age(topic, found, age, depth) if age is not None else ""
    return f"{text}\n\n{context}" if context else text

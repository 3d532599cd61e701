"""Reading a lumbar MRI report, as people write it, into `Findings`.

Pure Python (re). The report is lower-cased with its dashes, abbreviations and misspellings made regular
(`prepare`, which keeps where each character came from, for the evidence spans); split into sections, of which
history, indication, technique and comparison are skipped; each kept section into units (a level's line, a list
item, a paragraph's wrapped lines) and sentences. In a sentence, each finding word ("foraminal narrowing",
"protrusion") is an anchor; the words before it back to the previous anchor or clause break, and a predicate
after it ("is moderately narrowed"), give its grade, side and negation; the nearest level mention gives its
level, or the sentence before in the same paragraph does.

The parser is conservative: a finding that is hedged ("may contact", "cannot be excluded"), historical
("status post"), or whose level, root or side cannot be told is not recorded, and its sentence is listed in
`not_understood`, as is every sentence that mentions a level and yields nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from explainer.stories.findings import vocabulary as v
from explainer.stories.findings.model import (
    LEVELS,
    Findings,
    Herniation,
    LevelFindings,
    Listhesis,
    Root,
    Span,
)

# --- the text, made regular, with where each character came from -----------------------------------------------

_CHARACTERS = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "(": ",", ")": ",", "[": ",", "]": ",", "{": ",", "}": ",", "\u2019": "'", "\u2018": "'", "\t": " ",
    "\u00a0": " ", "\u201c": '"', "\u201d": '"',
})
_WORD = re.compile(f"{v.ABBREVIATION.pattern}|(?P<word>[a-z]{{6,}})")


@dataclass
class Prepared:
    """`text` is `source` made regular; `origin[i]` is the index in `source` of `text[i]`."""

    source: str
    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> Span:
        first = self.origin[start]
        last = self.origin[max(start, end - 1)] + 1 if end > start else first
        return Span(first, last, self.source[first:last])


def _plain(character: str) -> str:
    """One character for one, so that positions stay those of the source: lower case where that keeps the length;
    a line break at \\n or a lone \\r; other control characters, and the breaks Python splits on but editors do not,
    become spaces."""
    if character in "\n\r":
        return "\n"
    if not character.isprintable():
        return " "
    lower = character.lower()
    return lower if len(lower) == 1 else character


def prepare(source: str) -> Prepared:
    """Lower case, unified dashes and brackets, abbreviations spelt out ("mod R" -> "moderate right") and
    misspellings of the clinical vocabulary corrected ("formainal" -> "foraminal")."""
    plain = "".join(" " if c == "\r" and source.startswith("\n", i + 1) else _plain(c)
                    for i, c in enumerate(source)).translate(_CHARACTERS)
    pieces, origin, at = [], [], 0
    for match in _WORD.finditer(plain):
        word = match.group("word")
        replacement = v.corrected(word) if word else v.expansion(match)
        if replacement == match.group():
            continue
        pieces.append(plain[at:match.start()])
        origin.extend(range(at, match.start()))
        pieces.append(replacement)
        length = match.end() - match.start()
        origin.extend(match.start() + min(k, length - 1) for k in range(len(replacement)))
        at = match.end()
    pieces.append(plain[at:])
    origin.extend(range(at, len(plain)))
    origin.append(len(plain))
    return Prepared(source, "".join(pieces), origin)


# --- sections, units and sentences --------------------------------------------------------------------------------


@dataclass
class _Unit:
    start: int
    end: int
    fresh: bool
    """True when the unit starts afresh: a paragraph, a list item, or after a heading; the level of the sentence
    before does not carry into it."""
    topic: bool = False


def _header(line: str) -> tuple[str | None, int]:
    """(kind, where the content starts) for a line that opens a section: 'skip', 'keep' or 'topic'."""
    match = v.HEADER.match(line)
    if not match:
        return None, 0
    name = match.group("name").strip()
    bare = match.group().rstrip().endswith(":") or match.end() == len(line)
    for kind, names in (("skip", v.SKIPPED_SECTIONS), ("keep", v.KEPT_SECTIONS), ("topic", v.TOPIC_SECTIONS)):
        if name in names and bare:
            return kind, match.end()
    return None, 0


def _units(text: str) -> list[_Unit]:
    """The parts of the report to read, in order: skipped sections and blank-line breaks end a part."""
    units: list[_Unit] = []
    skipping, current, at = False, None, 0
    for line in text.split("\n"):
        start, end = at, at + len(line)
        at = end + 1
        if not line.strip():
            current, skipping = None, False
            continue
        kind, content = _header(line)
        if kind:
            skipping = kind == "skip"
            current = None
            if skipping or content >= len(line):
                continue
            current = _Unit(start + content, end, True, kind == "topic")
            units.append(current)
            continue
        marker = v.LIST_MARKER.match(line)
        labelled = v.SEGMENT.match(line, len(line) - len(line.lstrip()))
        if skipping and not labelled:
            continue
        skipping = False
        if current is None or marker or labelled:
            current = _Unit(start + (marker.end() if marker else 0), end, current is None or bool(marker))
            units.append(current)
        else:
            current.end = end
    return units


def _sentences(text: str, unit: _Unit) -> list[tuple[int, int]]:
    """Sentences end at a full stop (not "approx.", "e.g."), "!" or "?"; ";" only divides clauses."""
    spans, start = [], unit.start
    for match in v.SENTENCE_END.finditer(text, unit.start, unit.end):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, unit.end))
    return [(a, b) for a, b in spans if text[a:b].strip(" \n.;,:")]


# --- anchors: the finding words of a sentence ---------------------------------------------------------------------


@dataclass
class _Anchor:
    kinds: tuple[str, ...]
    flag: str
    start: int
    end: int
    text: str
    pre: tuple[int, int] = (0, 0)
    post: tuple[int, int] = (0, 0)
    levels: tuple[str, ...] = ()
    state: str = ""
    """After reading: 'present', 'absent' (negated or normal), 'open' (a bare structure with no predicate),
    'doubtful' (hedged or historical), 'unresolved' (present, but its level, root or side cannot be told)."""

    @property
    def finding(self) -> bool:
        return any(kind in v.FINDING_KINDS for kind in self.kinds)


def _anchors(s: str) -> list[_Anchor]:
    """Non-overlapping anchors, the earliest (then the longest, then the first listed) winning; a structure
    followed by its own noun is one anchor ("facets: moderate arthropathy", "canal: mild stenosis")."""
    found = []
    for order, (kinds, flag, pattern) in enumerate(v.ANCHORS):
        for match in pattern.finditer(s):
            if match.end() > match.start():
                found.append((match.start(), -(match.end() - match.start()), order, kinds, flag, match))
    found.sort(key=lambda item: item[:3])
    anchors, taken = [], -1
    for start, negative_length, _, kinds, flag, match in found:
        if start >= taken:
            anchors.append(_Anchor(kinds, flag, start, start - negative_length, match.group()))
            taken = start - negative_length
    return _joined(s, anchors)


def _joined(s: str, anchors: list[_Anchor]) -> list[_Anchor]:
    """A bare structure and the noun after it, in the same clause, as one anchor."""
    joined: list[_Anchor] = []
    for anchor in anchors:
        last = joined[-1] if joined else None
        if last and last.flag == "bare" and anchor.kinds in (last.kinds, ("stenosis",)) \
                and v.JOIN_GAP.fullmatch(s, last.end, anchor.start) \
                and not v.JOIN_STOP.search(s, last.end, anchor.start):
            joined[-1] = _Anchor(last.kinds, "", last.start, anchor.end, s[last.start:anchor.end])
        else:
            joined.append(anchor)
    return joined


# --- levels in a sentence -----------------------------------------------------------------------------------------

@dataclass
class _Group:
    start: int
    end: int
    segments: tuple[str, ...]


def _mentions(s: str) -> list[_Group]:
    """Segment mentions, ranges joined ("l1-2 through l3-4" is three segments)."""
    mentions: list[_Group] = []
    for match in v.SEGMENT.finditer(s):
        segments = v.segments_of(match)
        if segments is None:
            continue
        last = mentions[-1] if mentions else None
        if last and v.RANGE_JOIN.fullmatch(s, last.end, match.start()) and s[last.end:match.start()].strip(" -"):
            span = range(LEVELS.index(last.segments[0]), LEVELS.index(segments[-1]) + 1) \
                if last.segments[0] in LEVELS and segments[-1] in LEVELS else ()
            if span:
                mentions[-1] = _Group(last.start, match.end(), tuple(LEVELS[i] for i in span))
                continue
        mentions.append(_Group(match.start(), match.end(), segments))
    return mentions


def _groups(s: str) -> list[_Group]:
    """Mentions joined by "and", commas, "levels": one group of levels that a finding beside them belongs to."""
    groups: list[_Group] = []
    for mention in _mentions(s):
        last = groups[-1] if groups else None
        if last and v.GROUP_JOIN.fullmatch(s, last.end, mention.start):
            segments = last.segments + tuple(x for x in mention.segments if x not in last.segments)
            groups[-1] = _Group(last.start, mention.end, segments)
        else:
            groups.append(mention)
    return groups


def _place(anchor: _Anchor, anchors: list[_Anchor], groups: list[_Group], s: str) -> _Group | None:
    """The group an anchor belongs to: one right after it, with no other finding between ("protrusion at
    l5-s1"), else the nearest before it ("l4-5: ..."), else the nearest after it."""
    for group in groups:
        if group.start >= anchor.end:
            between = any(anchor.end <= other.start < group.start for other in anchors if other.finding)
            if not between and v.TRAILING.fullmatch(s, anchor.end, group.start):
                return group
            break
    before = [g for g in groups if g.end <= anchor.start]
    if before:
        return before[-1]
    after = [g for g in groups if g.start >= anchor.end]
    return after[0] if after else None


# --- reading one anchor ---------------------------------------------------------------------------------------------

@dataclass
class _Tokens:
    """The grade, side and negation words of an anchor's window, in order: (position, kind, value)."""

    items: list[tuple[int, str, str]] = field(default_factory=list)
    dominant: str | None = None

    def kinds(self, *kinds: str) -> list[tuple[int, str, str]]:
        return [item for item in self.items if item[1] in kinds]


def _tokens(s: str, spans: list[tuple[int, int]], adjacent_normal: int) -> _Tokens:
    """Grades, sides, negations, normal words and separators in the given spans of `s`. A normal word counts only
    at or after `adjacent_normal` (a predicate, or the two words just before the anchor)."""
    tokens = _Tokens()
    for start, end in spans:
        text = s[start:end]
        dominant = v.DOMINANT.search(text)
        if dominant:
            tokens.dominant = next(value for value in dominant.groupdict().values() if value)
            text = _blank(text, [dominant])
        negations = list(v.NEGATION.finditer(text))
        for match in negations:
            tokens.items.append((start + match.start(), "grade", "none"))
        blank = _blank(text, negations)
        for match in v.GRADE.finditer(blank):
            tokens.items.append((start + match.start(), "grade", v.grade_of(match)))
            tokens.items.append((start + match.start(), "positive", v.grade_of(match)))
        for match in v.SIDE.finditer(blank):
            tokens.items.append((start + match.start(), "side", v.side_word(match.group())))
        for match in v.NORMAL.finditer(blank):
            if start + match.start() >= adjacent_normal:
                tokens.items.append((start + match.start(), "grade", "none"))
                tokens.items.append((start + match.start(), "normal", "none"))
        for match in v.SEPARATOR.finditer(blank):
            tokens.items.append((start + match.start(), "separator", ""))
        for match in v.NARROW.finditer(blank):
            tokens.items.append((start + match.start(), "narrow", ""))
    tokens.items.sort(key=lambda item: (item[0], item[1] != "separator"))
    return tokens


def _blank(text: str, matches) -> str:
    """`text` with the (ordered, non-overlapping) matches made spaces: positions kept, words gone."""
    pieces, at = [], 0
    for match in matches:
        pieces += [text[at:match.start()], " " * (match.end() - match.start())]
        at = match.end()
    return "".join(pieces) + text[at:]


def _sided(tokens: _Tokens) -> dict[str, str]:
    """Left and right grades from items like "mild-to-moderate left and mild right", "moderate on the right and
    mild on the left", "moderate bilateral, right greater than left". Unsided means both sides; ungraded, mild."""
    items: list[list[str | None]] = [[None, None]]
    for _, kind, value in tokens.items:
        if kind == "separator":
            items.append([None, None])
        elif kind == "grade":
            items[-1][0] = value if items[-1][0] in (None, "none") or value != "none" else items[-1][0]
        elif kind == "side":
            items[-1][1] = value
    items = [item for item in items if item != [None, None]]
    sided = [item for item in items if item[1]]
    if not sided:
        grades = [item[0] for item in items if item[0]]
        grade = next((g for g in reversed(grades) if g != "none"), grades[-1] if grades else "mild")
        result = {"left": grade, "right": grade}
    else:
        result = {}
        for index, (grade, side) in enumerate(items):
            if side is None:
                continue
            if grade is None:
                earlier = [g for g, _ in items[:index] if g]
                later = [g for g, _ in items[index + 1:] if g]
                grade = earlier[-1] if earlier else later[0] if later else "mild"
            for one in (("left", "right") if side == "both" else (side,)):
                result[one] = v.worse(result.get(one, "none"), grade)
    if tokens.dominant and result.get("left") == result.get("right") and result.get("left"):
        lesser = "left" if tokens.dominant == "right" else "right"
        result[lesser] = v.milder(result[lesser])
    return result


def _single_grade(tokens: _Tokens, anchor: _Anchor, default: str = "mild") -> str:
    """The grade nearest the anchor: the last one before it (or in it), else the first after it."""
    positive = tokens.kinds("positive")
    before = [item for item in positive if item[0] < anchor.end]
    return before[-1][2] if before else positive[0][2] if positive else default


@dataclass
class _Sentence:
    s: str
    anchors: list[_Anchor]
    boundaries: list[int]
    """Where clauses start (sorted)."""

    def clause_start(self, position: int) -> int:
        index = bisect_right(self.boundaries, position)
        return self.boundaries[index - 1] if index else 0

    def clause_end(self, position: int) -> int:
        index = bisect_right(self.boundaries, position)
        return self.boundaries[index] if index < len(self.boundaries) else len(self.s)


def _windows(sentence: _Sentence) -> None:
    """Each anchor's words: before it back to the previous anchor or clause break (less what that anchor took
    as its predicate), and after it what it takes as predicate (up to the next anchor or clause break)."""
    s, anchors = sentence.s, sentence.anchors
    taken = 0
    for index, anchor in enumerate(anchors):
        start = max(sentence.clause_start(anchor.start), taken)
        anchor.pre = (start, anchor.start)
        limit = sentence.clause_end(anchor.end)
        following = next((a for a in anchors[index + 1:] if a.start < limit), None)
        end = following.start if following else limit
        cue = v.PLACE if "herniation" in anchor.kinds else v.LISTHESIS_PLACE if "listhesis" in anchor.kinds \
            else v.PREDICATE
        claims = cue.match(s, anchor.end) or v.PREDICATE.match(s, anchor.end) \
            or (following is None and v.GRADE_AFTER.match(s, anchor.end))
        if not claims:
            end = anchor.end
        elif "listhesis" in anchor.kinds:
            separator = v.SEPARATOR.search(s, anchor.end, end)
            end = separator.start() if separator else end
        elif following or anchor.kinds[0] not in ("foramen", "facets"):
            end = _first_item(s, anchor.end, end)
        anchor.post = (anchor.end, end)
        taken = end


def _first_item(s: str, start: int, end: int) -> int:
    """Where a non-sided predicate ends: at the first separator after its first grade or normal word, or at a
    verb that says what it does to a root ("... on the left, impinging on the exiting l4 root")."""
    seen = False
    for match in v.ITEM_PARTS.finditer(s[start:end]):
        if match.lastgroup == "verb":
            return start + match.start()
        if match.lastgroup == "separator":
            if seen:
                return start + match.start()
        else:
            seen = True
    return end


def _governed(sentence: _Sentence, anchor: _Anchor) -> bool:
    """A negation earlier in the clause reaches the anchor when no grade or clause break comes between:
    "no canal stenosis or foraminal narrowing"."""
    s = sentence.s
    start = sentence.clause_start(anchor.start)
    negations = list(v.NEGATION.finditer(s, start, anchor.start))
    if not negations:
        return False
    return not v.GRADE.search(s, negations[-1].end(), anchor.start)


_ADJACENT = re.compile(r"(?:\S+\s+){1,2}$")
"""The two words before an anchor, where a normal word speaks of it ("patent foramina", "normal disc height")."""


def _read_anchor(sentence: _Sentence, anchor: _Anchor, shared_grade: str | None) -> dict:
    """What the anchor says, as {kind: value}; sets `anchor.state`. `shared_grade` is the grade of a structure
    that shares this anchor's noun ("moderate canal and bilateral foraminal stenosis")."""
    s = sentence.s
    if v.HISTORY.search(s, sentence.clause_start(anchor.start), anchor.start):
        anchor.state = "doubtful"
        return {}
    hedge_before = v.HEDGE.search(s, sentence.clause_start(anchor.start), anchor.start)
    if hedge_before or v.HEDGE_AFTER.search(s, anchor.end, sentence.clause_end(anchor.end)):
        anchor.state = "doubtful"
        return {}
    adjacent = _ADJACENT.search(s, anchor.pre[0], anchor.start)
    spans = [anchor.pre, (anchor.start, anchor.end), anchor.post]
    tokens = _tokens(s, spans, adjacent.start() if adjacent else anchor.start)
    positive = tokens.kinds("positive")
    negative = anchor.flag == "absent" or (not positive and (_governed(sentence, anchor) or tokens.kinds("grade")))
    if anchor.flag == "bare" and not negative and not tokens.kinds("narrow") \
            and not (positive and anchor.kinds[0] != "height"):
        anchor.state = "open"  # "the canal measures 8 mm"; a grade alone says it of a structure, not of a height
        return {}
    if negative:
        anchor.state = "absent"
        return {}
    anchor.state = "present"
    if not positive and shared_grade:
        tokens.items.append((anchor.start, "positive", shared_grade))
        tokens.items.append((anchor.start, "grade", shared_grade))
    said = {}
    for kind in anchor.kinds:
        said.update(_READERS[kind](s, anchor, tokens))
    return said


def _read_foramen(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"foramen": _sided(tokens)}


def _read_facets(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"facets": _sided(tokens)}


def _read_canal(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"canal": _single_grade(tokens, anchor)}


def _read_height(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    collapsed = "collapse" in anchor.text
    return {"height_loss": _single_grade(tokens, anchor, "severe" if collapsed else "mild")}


def _read_bulge(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"contour": "bulge"}


def _read_spurs(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"spurs": True}


def _read_desiccation(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {"desiccation": True}


def _read_pfirrmann(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    number = anchor.text.split()[-1]
    grade = int(number) if number.isdigit() else v.ROMAN[number]
    return {"pfirrmann": grade, **({"desiccation": True} if grade >= 3 else {})}


def _read_herniation(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    kind = next((name for stem, name in v.TYPE_STEMS if anchor.text.startswith(stem)), "unspecified")
    window = s[anchor.pre[0]:anchor.post[1]]
    zones = [(match.start(), zone) for pattern, zone in v.ZONES for match in pattern.finditer(window)]
    named = [zone for _, zone in sorted(zones)]
    zone = next((z for z in named if z != "central"), named[0] if named else None)
    sides = {value for _, _, value in tokens.kinds("side")}
    side = "both" if "both" in sides or sides == {"left", "right"} else next(iter(sides), None)
    if side is None and (zone == "central" or re.search(r"\bmidline\b", window)):
        side = "midline"
    return {"contour": "herniation", "herniation": Herniation(kind, zone, side)}


def _read_listhesis(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    window = s[anchor.pre[0]:anchor.post[1]]
    grade = v.MEYERDING.search(window)
    number = None
    if grade:
        number = int(grade.group("n")) if grade.group("n").isdigit() else v.ROMAN[grade.group("n")]
    direction = "retro" if re.search(r"retro|posterior", anchor.text) else "antero"
    return {"listhesis": Listhesis(direction, number)}


def _read_roots(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    window = s[anchor.pre[0]:anchor.post[1]]
    degree = next((name for pattern, name in v.DEGREE_WORDS if pattern.search(window)), None)
    if degree is None:
        anchor.state = "open"
        return {}
    names = tuple(name.upper() for name in re.findall(v.ROOT, anchor.text))
    role = re.search(r"traversing|descending|exiting", anchor.text)
    sides = {value for _, _, value in tokens.kinds("side")}
    side = "both" if "both" in sides or sides == {"left", "right"} else next(iter(sides), None)
    return {"roots": (names, role.group() if role else None, side, degree,
                      bool(re.search(r"roots\b|bilaterally", anchor.text)))}


def _unread(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    return {}


def _read_stenosis(s: str, anchor: _Anchor, tokens: _Tokens) -> dict:
    """Stenosis said without where (canal, foramen, recess): present, it cannot be placed."""
    anchor.state = "unresolved"
    return {}


_READERS = {"foramen": _read_foramen, "facets": _read_facets, "canal": _read_canal, "height": _read_height,
            "bulge": _read_bulge, "spurs": _read_spurs, "desiccation": _read_desiccation,
            "pfirrmann": _read_pfirrmann, "herniation": _read_herniation, "listhesis": _read_listhesis,
            "roots": _read_roots, "stenosis": _read_stenosis, "unmodelled": _unread, "ignored": _unread,
            "normal": _unread}


# --- reading a sentence ---------------------------------------------------------------------------------------------

@dataclass
class _Reading:
    """What one sentence gave: (level, field, value, span) assignments; the levels it names as seen; whether it is
    listed as not understood; the levels a following sentence without its own inherits."""

    said: list[tuple[str, str, object, tuple[int, int]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    listed: bool = False
    context: tuple[str, ...] | None = None


def _resolve_roots(value, level: str, sentence_sides: set[str], zone: str | None) -> list[Root] | None:
    """Roots named, or told by role ("traversing" is the lower vertebra's), or by the herniation's zone; the side
    said, else the one side the sentence names, else both when plural. None when it cannot be told."""
    names, role, side, degree, plural = value
    upper, lower = level.split("-")
    if not names:
        if role is None and zone is not None:
            role = "exiting" if zone in ("foraminal", "extraforaminal") else "traversing"
        if role is None:
            return None
        names = (upper,) if role == "exiting" else (lower,)
    if side is None:
        one = sentence_sides - {"both"}
        side = next(iter(one)) if len(one) == 1 and "both" not in sentence_sides else "both" if plural else None
    if side is None:
        return None
    return [Root(name, side, degree) for name in names]


_LONGEST = 1500
"""Characters in the longest sentence read; a longer one (no report writes one: pasted junk) is only listed."""


def _read_sentence(prepared: Prepared, start: int, end: int, inherited: tuple[str, ...] | None) -> _Reading:
    """One sentence: its anchors read, placed at their levels, and whether it is listed as not understood."""
    s = prepared.text[start:end]
    if len(s) > _LONGEST:
        return _Reading(listed=True, context=None)
    masked = _blank(s, v.MASK.finditer(s))
    anchors = _anchors(masked)
    sentence = _Sentence(masked, anchors, [m.end() for m in v.BOUNDARY.finditer(masked)])
    groups = _groups(masked)
    reading = _Reading()
    outside = [g for g in groups if any(x not in LEVELS for x in g.segments)]
    groups = [g for g in groups if g not in outside]
    multilevel = bool(v.MULTILEVEL.search(masked))
    context = None if multilevel else inherited
    _windows(sentence)

    shared_grade = None
    said_by_anchor = []
    for anchor in anchors:
        said = _read_anchor(sentence, anchor, shared_grade)
        if anchor.flag == "shared":
            grades = [m for m in v.GRADE.finditer(masked, anchor.pre[0], anchor.end)]
            shared_grade = v.grade_of(grades[-1]) if grades else shared_grade
        else:
            shared_grade = None
        group = _place(anchor, anchors, groups, masked)
        anchor.levels = group.segments if group else (context or ())
        slipped = v.SLIPPED.match(anchor.text) if "listhesis" in anchor.kinds else None
        if slipped and v.vertebra_segment(slipped.group(1)):
            group = _Group(anchor.start, anchor.end, (v.vertebra_segment(slipped.group(1)),))
            anchor.levels = group.segments
        said_by_anchor.append((anchor, said, group))

    said_by_anchor += _elliptical(sentence, groups, said_by_anchor)
    present = [a for a in anchors if a.finding and a.state == "present"]
    topic = bool(v.TOPIC.search(masked))
    if topic and not present:
        reading.context = inherited
        return reading

    zone = next((said["herniation"].zone for _, said, _ in said_by_anchor if "herniation" in said), None)
    sentence_sides = {value for _, kind, value in _tokens(masked, [(0, len(masked))], len(masked)).items
                      if kind == "side"}
    used_groups = set()
    for anchor, said, group in said_by_anchor:
        if group:
            used_groups.add(id(group))
        if anchor.state not in ("present", "absent") and anchor.finding and anchor.state != "open":
            reading.listed = True
        if anchor.state in ("present", "absent") and anchor.finding or "normal" in anchor.kinds:
            if not anchor.levels:
                if anchor.state == "present":
                    reading.listed = True
                continue
            if "normal" in anchor.kinds and present:
                continue
            reading.seen.update(anchor.levels)
        if "unmodelled" in anchor.kinds and anchor.state != "absent":
            reading.listed = True
        _record(reading, anchor, said, start, zone, sentence_sides)

    if outside or (anchors and any(id(g) not in used_groups for g in groups)):
        reading.listed = True
    mentions_level = bool(groups or outside or v.VERTEBRA.search(masked) or context)
    if mentions_level and _leftover_grades(masked, [anchor for anchor, _, _ in said_by_anchor]):
        reading.listed = True
    understood = any(a.state == "absent" or a.state == "present" and (a.finding or "normal" in a.kinds)
                     or "ignored" in a.kinds for a in anchors)
    if mentions_level and not understood and len(masked.split()) > 1:
        reading.listed = True
    reading.context = None if multilevel else (groups[-1].segments if groups else inherited)
    return reading


_GRADED = ("foramen", "canal", "facets", "height")


def _elliptical(sentence: _Sentence, groups: list[_Group], said_by_anchor: list) -> list:
    """A grade for another level with the finding left out: "canal stenosis at l3-4, moderate at l4-5",
    "foraminal narrowing: mild at l4-5; moderate on the left at l5-s1". Read as the finding before it."""
    s, found = sentence.s, []
    placed = {id(group) for _, _, group in said_by_anchor if group}
    for group in groups:
        if id(group) in placed:
            continue
        before = [a for a, _, _ in said_by_anchor if a.end <= group.start and a.state == "present"]
        if not before or before[-1].kinds[0] not in _GRADED:
            continue
        source = before[-1]
        start = max([source.post[1]] + [g.end for g in groups if g.end <= group.start])
        if any(start <= a.start < group.start for a in sentence.anchors) or not v.GRADE.search(s, start, group.start):
            continue
        anchor = _Anchor(source.kinds, "", group.start, group.start, "", pre=(start, group.start),
                         post=(group.start, group.start), levels=group.segments, state="present")
        tokens = _tokens(s, [anchor.pre], start)
        said = {}
        for kind in anchor.kinds:
            said.update(_READERS[kind](s, anchor, tokens))
        found.append((anchor, said, group))
    return found


def _record(reading: _Reading, anchor: _Anchor, said: dict, offset: int, zone, sentence_sides) -> None:
    """Turn what an anchor said into assignments at its levels (roots: at one level only)."""
    span = (offset + anchor.pre[0], offset + anchor.post[1])
    for kind, value in said.items():
        if kind == "roots":
            if len(anchor.levels) != 1:
                reading.listed = True
                anchor.state = "unresolved"
                continue
            roots = _resolve_roots(value, anchor.levels[0], sentence_sides, zone)
            if roots is None:
                reading.listed = True
                anchor.state = "unresolved"
                continue
            reading.said.extend((anchor.levels[0], "roots", root, span) for root in roots)
            continue
        for level in anchor.levels:
            if kind in ("foramen", "facets"):
                reading.said.extend((level, f"{kind}.{side}", grade, span) for side, grade in value.items()
                                    if grade != "none")
            else:
                reading.said.append((level, kind, value, span))


def _leftover_grades(s: str, anchors: list[_Anchor]) -> bool:
    """A grade no anchor took means a finding was said in a way not read ("..., moderate at l4-5")."""
    covered = sorted((a.pre[0], a.post[1]) for a in anchors)
    starts = [a for a, _ in covered]
    blank = _blank(s, v.NEGATION.finditer(s))
    for match in v.GRADE.finditer(blank):
        index = bisect_left(starts, match.start() + 1)
        if not any(a <= match.start() < b for a, b in covered[:index]):
            return True
    return False


# --- the whole report ------------------------------------------------------------------------------------------------

def _apply(level: LevelFindings, path: str, value, span: Span) -> None:
    """Merge one finding into a level: the worse grade, the more specific herniation, roots by root and side."""
    if path.startswith(("foramen.", "facets.")):
        kind, side = path.split(".")
        getattr(level, kind)[side] = v.worse(getattr(level, kind)[side], value)
    elif path in ("canal", "height_loss"):
        setattr(level, path, v.worse(getattr(level, path), value))
    elif path in ("desiccation", "spurs"):
        setattr(level, path, True)
    elif path == "pfirrmann":
        level.pfirrmann = max(level.pfirrmann or 0, value)
    elif path == "contour":
        level.contour = "herniation" if "herniation" in (level.contour, value) else value
    elif path == "herniation":
        level.herniation = _merged_herniation(level.herniation, value)
    elif path == "listhesis":
        old = level.listhesis
        level.listhesis = value if old is None else Listhesis(old.direction, old.grade or value.grade)
    elif path == "roots":
        _merge_root(level.roots, value)
    spans = level.evidence.setdefault(path, [])
    if not spans or spans[-1] != span:  # one anchor may give a field twice (two roots); no sentence comes back
        spans.append(span)


_TYPE_ORDER = ("unspecified", "protrusion", "extrusion", "sequestration")
_SIDE_ORDER = (None, "midline", "left", "right", "both")


def _merged_herniation(old: Herniation | None, new: Herniation) -> Herniation:
    """Two mentions of a level's herniation: the more specific type, the first zone, both sides if both said."""
    if old is None:
        return new
    kind = max(old.type, new.type, key=_TYPE_ORDER.index)
    sides = {old.side, new.side}
    side = "both" if {"left", "right"} <= sides or "both" in sides else max(sides, key=_SIDE_ORDER.index)
    return Herniation(kind, old.zone or new.zone, side)


def _merge_root(roots: list[Root], new: Root) -> None:
    """One entry per root and side, at the strongest degree said."""
    for index, root in enumerate(roots):
        if root.root == new.root and root.side == new.side:
            stronger = max(root.degree, new.degree, key=("contact", "displacement", "compression").index)
            roots[index] = Root(root.root, root.side, stronger)
            return
    roots.append(new)


def _quoted(prepared: Prepared, start: int, end: int) -> str:
    """A sentence as the report has it, on one line (cut at 300 characters)."""
    quoted = " ".join(prepared.span(start, end).text.split())
    return quoted if len(quoted) <= 300 else quoted[:299] + "\u2026"


def parse_report(text: str) -> Findings:
    """The findings of a report's text. Never raises: text that says nothing gives empty findings."""
    prepared = prepare(text)
    findings = Findings()
    listed = set()
    context = None
    for unit in _units(prepared.text):
        if unit.topic:
            continue
        if unit.fresh:
            context = None
        for start, end in _sentences(prepared.text, unit):
            reading = _read_sentence(prepared, start, end, context)
            for level in reading.seen:
                findings.levels.setdefault(level, LevelFindings())
            for level, path, value, (a, b) in reading.said:
                _apply(findings.levels.setdefault(level, LevelFindings()), path, value, prepared.span(a, b))
            if reading.listed:
                quoted = _quoted(prepared, start, end)
                if quoted not in listed:
                    listed.add(quoted)
                    findings.not_understood.append(quoted)
            context = reading.context
    findings.levels = {name: findings.levels[name] for name in LEVELS if name in findings.levels}
    return findings

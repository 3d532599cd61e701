"""Anatomical terms in the narration and the structures of the 3D model they mean.

Qt-free and pure.  `link_terms` turns plain narration text into HTML in which every known term is a
`term:` link; `structures_for` names the structures a term means for the story's segment and side, and
`structures_for_kinds` does the same for a stage's highlight kinds.  The text and the scene both ask this one
table, so a link and a stage highlight always mean the same structures.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection

# what each rule names, for segment "L4-L5" and side "left": the upper and lower bone and the roots
_Rule = Callable[[str, str, str, str], list[str]]


def _bones(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [upper, lower]


def _disc(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"disc_{segment}", f"nucleus_{segment}"]


def _annulus(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"disc_{segment}"]


def _nucleus(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"nucleus_{segment}"]


def _cartilage(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"cartilage_{segment}_{s}_{part}" for s in ("left", "right") for part in ("superior", "inferior")]


def _roots(segment: str, side: str, upper: str, lower: str) -> list[str]:
    """The exiting root (the upper level's, below its own pedicle) and the traversing one (the lower level's)."""
    return [f"root_{upper}_{side}", f"root_{segment.split('-')[1]}_{side}"]


def _exiting_root(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"root_{upper}_{side}"]


def _dura(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return ["dural_sac"]


def _flavum(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"flavum_{segment}"]


def _sacrum(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return ["sacrum"]


def _si_joint(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"si_cartilage_{side}_{face}" for face in ("sacrum", "ilium")]


def _si_ligaments(segment: str, side: str, upper: str, lower: str) -> list[str]:
    return [f"si_ligament_{side}_{part}" for part in ("interosseous", "long_posterior")]


def _muscle(name: str) -> _Rule:
    return lambda segment, side, upper, lower: [f"{name}_{s}" for s in ("left", "right")]


RULES: dict[str, _Rule] = {
    "facet joint": _cartilage,
    "cartilage": _cartilage,
    "disc": _disc,
    "annulus fibrosus": _annulus,
    "nucleus pulposus": _nucleus,
    "vertebra": _bones,
    "vertebral body": _bones,
    "pedicle": _bones,
    "lamina": _bones,
    "spinous process": _bones,
    "transverse process": _bones,
    "articular process": _bones,
    "bone spur": _bones,
    "nerve root": _roots,
    "foramen": _exiting_root,
    "dural sac": _dura,
    "ligamentum flavum": _flavum,
    "sacrum": _sacrum,
    "sacroiliac joint": _si_joint,
    "sacroiliac ligament": _si_ligaments,
    "multifidus": _muscle("multifidus"),
    "erector spinae": _muscle("erector_spinae"),
}

# every spelling found in the narration (lower case) -> its term in RULES
SPELLINGS: dict[str, str] = {
    "facet joint": "facet joint", "facet joints": "facet joint", "facet": "facet joint", "facets": "facet joint",
    "zygapophyseal joint": "facet joint", "zygapophyseal joints": "facet joint",
    "cartilage": "cartilage",
    "disc": "disc", "discs": "disc", "intervertebral disc": "disc", "intervertebral discs": "disc",
    "annulus fibrosus": "annulus fibrosus", "annulus": "annulus fibrosus",
    "nucleus pulposus": "nucleus pulposus", "nucleus": "nucleus pulposus",
    "vertebra": "vertebra", "vertebrae": "vertebra",
    "vertebral body": "vertebral body", "vertebral bodies": "vertebral body",
    "pedicle": "pedicle", "pedicles": "pedicle",
    "lamina": "lamina", "laminae": "lamina",
    "spinous process": "spinous process", "spinous processes": "spinous process",
    "transverse process": "transverse process", "transverse processes": "transverse process",
    "articular process": "articular process", "articular processes": "articular process",
    "bone spur": "bone spur", "bone spurs": "bone spur", "osteophyte": "bone spur", "osteophytes": "bone spur",
    "nerve root": "nerve root", "nerve roots": "nerve root",
    "foramen": "foramen", "foramina": "foramen",
    "dural sac": "dural sac",
    "ligamentum flavum": "ligamentum flavum", "yellow ligament": "ligamentum flavum",
    "sacrum": "sacrum",
    "sacroiliac joint": "sacroiliac joint", "sacroiliac joints": "sacroiliac joint",
    "sacroiliac ligament": "sacroiliac ligament", "sacroiliac ligaments": "sacroiliac ligament",
    "interosseous ligament": "sacroiliac ligament", "interosseous ligaments": "sacroiliac ligament",
    "multifidus": "multifidus", "erector spinae": "erector spinae",
}

# a stage's highlight kinds (explainer.stories.degeneration.Stage.highlight) -> the term that means the same structures
KINDS: dict[str, str] = {
    "disc": "disc",
    "nucleus": "nucleus pulposus",
    "cartilage": "cartilage",
    "bones": "vertebra",
    "root": "nerve root",
    "sac": "dural sac",
    "flavum": "ligamentum flavum",
    "facets": "facet joint",
    "si_joint": "sacroiliac joint",
    "si_ligaments": "sacroiliac ligament",
    "multifidus": "multifidus",
    "erector_spinae": "erector spinae",
}

# longest spelling first, so "intervertebral disc" wins over "disc" and "nucleus pulposus" over "nucleus"
_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(SPELLINGS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r"(<a\b.*?</a>)", re.IGNORECASE | re.DOTALL)


def term_of(spelling: str) -> str | None:
    """The term in RULES that `spelling` (any case, any run of spaces) stands for, or None."""
    return SPELLINGS.get(" ".join(spelling.lower().split()))


def link_html(escaped: str) -> str:
    """Link the first mention of each term in already escaped HTML text (a paragraph), leaving alone what is
    inside an existing link.  One link per term keeps the text calm; every mention means the same structures."""
    seen: set[str] = set()

    def link(match: re.Match) -> str:
        term = term_of(match.group(0))
        if term in seen:
            return match.group(0)
        seen.add(term)
        return f'<a href="term:{html.escape(term)}">{match.group(0)}</a>'

    parts = _ANCHOR.split(escaped)
    return "".join(part if i % 2 else _PATTERN.sub(link, part) for i, part in enumerate(parts))


def link_terms(text: str) -> str:
    """Plain `text` as HTML, the first mention of each known term a `term:<term>` link (longest match first,
    never nested)."""
    return link_html(html.escape(text, quote=False))


def structures_for(term: str, segment: str, side: str, available_names: Collection[str]) -> list[str]:
    """The structures that `term` (or any spelling of it) means at `segment` ("L4-L5") on `side`, in a fixed
    order, keeping only names in `available_names`; an unknown term means nothing."""
    key = term_of(term)
    if key is None:
        return []
    upper, below = segment.split("-")
    lower = "sacrum" if below.startswith("S") else below
    names = RULES[key](segment, side, upper, lower)
    return [n for n in dict.fromkeys(names) if n in available_names]


def structures_for_kinds(kinds: Collection[str], segment: str, side: str,
                         available_names: Collection[str]) -> list[str]:
    """The structures a stage's highlight `kinds` mean, through the same table as the terms."""
    names: list[str] = []
    for kind in kinds:
        if kind in KINDS:
            names += structures_for(KINDS[kind], segment, side, available_names)
    return list(dict.fromkeys(names))

"""The words of lumbar MRI reports that the parser knows: level notations, grades, sides, abbreviations, and
the clinical vocabulary a misspelt word is matched against.

Pure Python (re). Every pattern here runs on text that `parser.prepare` has lower-cased, with dashes made "-".
"""

from __future__ import annotations

import re
from functools import lru_cache

from explainer.stories.findings.model import LEVELS

# --- levels ----------------------------------------------------------------------------------------------------

_VERTEBRA_INDEX = {"t11": -1, "t12": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5, "s1": 6, "s2": 7}
"""A vertebra's place in the column: segment i lies between vertebrae i and i+1, and is LEVELS[i] for 0..5."""
_VERT = r"(?:t-?1[12]|l-?[1-5]|s-?[12])"
SEGMENT = re.compile(
    rf"(?<![a-z0-9])(?:"
    rf"(?P<a>{_VERT})\s*[-/]\s*(?P<b>{_VERT}|[1-5])"  # l4-l5, l4-5, l4/5, l-4-l-5, l5-s1
    rf"|(?P<c>{_VERT})\s(?P<d>{_VERT})(?!\s*(?:and\s+|,\s*)?(?:nerve|root|vertebra|pedicle))"  # "l5 s1"
    rf"|(?P<e>l[1-4])(?P<f>[2-5])|(?P<g>l5s1)"  # l45, l5s1
    rf"|(?P<h>{_VERT})\s+(?:on|upon|relative\s+to)\s+(?P<i>{_VERT})"  # anterolisthesis of l4 on l5
    rf"|(?P<j>lumbosacral|thoracolumbar)\s+(?:junction|level|disc|interspace)"
    rf")(?![0-9a-z])"
)
RANGE_JOIN = re.compile(r"\s*(?:through|thru|to|-)\s*")
"""Between two segments, makes a range: "l1-2 through l3-4"."""
GROUP_JOIN = re.compile(r"(?:\s|,|and|&|or|as well as|the|levels?|at|including)*")
"""Between two mentions, keeps them one group: "l3-4, l4-5 and l5-s1"."""
VERTEBRA = re.compile(r"(?<![a-z0-9])(?:t-?1[0-2]|l-?[1-5]|s-?[1-5])(?![0-9])")
"""A single vertebra ("l5 nerve root", "l1 vertebral body"): a level is mentioned, but no segment."""


def _index(vertebra: str, upper: int | None = None) -> int:
    """"l-4" -> 4; a bare digit after an upper vertebra ("l4-5") is a lumbar one, "l5-1" is S1."""
    vertebra = vertebra.replace("-", "")
    if vertebra.isdigit():
        return 6 if upper == 5 and vertebra == "1" else int(vertebra)
    return _VERTEBRA_INDEX[vertebra]


def segments_of(match: re.Match) -> tuple[str, ...] | None:
    """The segments one SEGMENT match names, top down ("l3-5" names two); names outside LEVELS (T11-T12, S1-S2)
    are kept so that the sentence is listed rather than read. None when it names no segment ("l5-4")."""
    groups = match.groupdict()
    if groups["j"]:
        return ("L5-S1",) if groups["j"] == "lumbosacral" else ("T12-L1",)
    if groups["g"]:
        return ("L5-S1",)
    pairs = (("a", "b"), ("c", "d"), ("e", "f"), ("h", "i"))
    upper_key, lower_key = next(pair for pair in pairs if groups[pair[0]])
    upper = _index(groups[upper_key])
    lower = _index(groups[lower_key], upper) if upper_key != "e" else int(groups[lower_key])
    if lower <= upper or (upper_key in ("c", "e", "h") and lower != upper + 1):
        return None
    return tuple(segment_name(i) for i in range(upper, lower))


def segment_name(index: int) -> str:
    """LEVELS[index], or a name the model lacks ("T11-T12", "S1-S2") for a segment beyond it."""
    if 0 <= index < len(LEVELS):
        return LEVELS[index]
    return {-1: "T11-T12", 6: "S1-S2"}.get(index, f"segment {index}")


def vertebra_segment(vertebra: str) -> str | None:
    """The segment below a vertebra, where it slips ("l4 anterolisthesis" is at L4-L5)."""
    index = _VERTEBRA_INDEX.get(vertebra.replace("-", ""))
    return LEVELS[index] if index is not None and 0 <= index < len(LEVELS) else None


# --- grades and sides --------------------------------------------------------------------------------------------

_TO = r"\s*(?:-?\s*(?:to|or)\s*-?|-|/)\s*"
GRADE_WORDS = [
    (rf"(?:minimal|mild|slight)(?:ly)?{_TO}moderate(?:ly)?", "mild-moderate"),
    (rf"moderate(?:ly)?{_TO}(?:severe|marked|advanced)(?:ly)?|moderately\s+severe", "moderate-severe"),
    (rf"minimal(?:ly)?{_TO}mild(?:ly)?", "mild"),
    (r"minimal(?:ly)?|mild(?:ly)?|slight(?:ly)?|minor|low[- ]grade|trace", "mild"),
    (r"moderate(?:ly)?|intermediate", "moderate"),
    (r"severe(?:ly)?|marked(?:ly)?|advanced|high[- ]grade|critical|profound|extensive|(?:near(?:ly)?[- ])?"
     r"(?:complete|total)(?:ly)?", "severe"),
]
GRADE = re.compile("|".join(f"(?P<g{i}>\\b(?:{pattern})\\b)" for i, (pattern, _) in enumerate(GRADE_WORDS)))
ORDER = ("none", "mild", "mild-moderate", "moderate", "moderate-severe", "severe")


def grade_of(match: re.Match) -> str:
    return GRADE_WORDS[int(match.lastgroup[1:])][1]


def milder(grade: str) -> str:
    """Half a step down, not below mild: the lesser side of "moderate, right greater than left"."""
    return ORDER[max(1, ORDER.index(grade) - 1)] if grade != "none" else grade


def worse(a: str, b: str) -> str:
    return a if ORDER.index(a) >= ORDER.index(b) else b


SIDE = re.compile(r"\b(?:left|right|bilateral(?:ly)?|both(?:\s+sides)?)\b")
DOMINANT = re.compile(
    r"\b(?P<a>left|right)(?:-sided)?\s+(?:side\s+)?(?:greater|more|worse|larger|>)\s+(?:than\s+)?(?:the\s+)?"
    r"(?:left|right)\b|\b(?P<b>left|right)\s*>\s*(?:left|right)\b"
    r"|\b(?:greater|worse|more\s+(?:pronounced|prominent|severe|marked)|more|larger|predominantly|predominant)\s+"
    r"(?:on\s+the\s+|to\s+the\s+)?(?P<c>left|right)\b"
    r"|\b(?P<d>left|right)[- ](?:predominant|dominant)\b|\basymmetric(?:ally)?\s+(?:to|on)\s+the\s+(?P<e>left|right)\b"
)
"""Which side is worse: "right greater than left", "R>L", "greater on the left", "left-predominant"."""


def side_word(word: str) -> str:
    return word if word in ("left", "right") else "both"


# --- abbreviations and typos --------------------------------------------------------------------------------------

ABBREVIATIONS = [
    (r"(?<![a-z0-9-])b/l(?![a-z0-9])|\bbilat\b", "bilateral"),
    (r"\bmod\b", "moderate"), (r"\bsev\b", "severe"), (r"\blt\b", "left"), (r"\brt\b", "right"),
    (r"(?<![a-z0-9/.-])r(?![a-z0-9/-])", "right"), (r"(?<![a-z0-9/.-])l(?![a-z0-9/-])", "left"),
    (r"\bnf\b", "neural foraminal"), (r"\boa\b", "osteoarthritis"), (r"\bnl\b", "normal"),
    (r"\bht\b", "height"), (r"\bhnp\b", "herniation"), (r"\bw/o\b", "without"), (r"\bw/(?![a-z0-9])", "with"),
    (r"\bs/p\b", "status post"), (r"\bddd\b", "degenerative disc disease"), (r"\bdisks?\b", "disc"),
]
ABBREVIATION = re.compile("|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(ABBREVIATIONS)))


def expansion(match: re.Match) -> str:
    expanded = ABBREVIATIONS[int(match.lastgroup[1:])][1]
    return expanded + ("s" if match.group().endswith("s") and expanded == "disc" else "")


VOCABULARY = frozenset({
    "abuts", "abutting", "abutment", "abutted", "anterolisthesis", "arthropathy", "arthrosis", "bilateral",
    "bilaterally", "broad-based", "bulge", "bulges", "bulging", "bulged", "canal", "central", "compresses",
    "compressing", "compression", "compressed", "contacts", "contacting", "contact", "degeneration", "degenerative",
    "degenerated", "desiccation", "desiccated", "dehydrated", "dehydration", "descending", "displaces",
    "displacing", "displacement", "displaced", "effaces", "effacing", "effacement", "encroachment", "encroaching",
    "extraforaminal", "extrusion", "extruded", "extrudes", "facet", "facets", "foramen", "foramina", "foraminal",
    "fragment", "herniation", "herniated", "herniations", "hypertrophy", "hypertrophic", "impinges", "impinging",
    "impingement", "interarticularis", "lateral", "ligamentum", "listhesis", "mildly", "minimal", "moderate",
    "moderately", "narrowed", "narrowing", "neural", "osteophyte", "osteophytes", "osteophytic", "paracentral",
    "patent", "posterolateral", "protrusion", "protrusions", "protruding", "protrudes", "retrolisthesis",
    "sequestered", "sequestration", "severe", "severely", "spondylolisthesis", "stenosis", "stenotic",
    "subarticular", "traversing", "unremarkable", "exiting", "nerve", "roots", "desiccations", "arthropathic",
    "osteoarthritis", "hydration", "narrowings",
})
"""The clinical words a misspelt word may be corrected to (not function words: "though" must not become
"through")."""
PROTECTED = frozenset({
    "several", "patient", "patients", "parent", "potent", "literal", "marker", "markers", "masked", "market",
    "contract", "existing", "exciting", "extension", "protection", "production", "narrower", "narrowly", "contrast",
    "content", "context", "central", "centrally", "recent", "foremost",
})
"""Real words one edit away from a vocabulary word: never corrected."""


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours costs one: "formainal"), or limit + 1 once it
    cannot be within `limit`."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def corrected(word: str) -> str:
    """The vocabulary word that `word` misspells ("stenois" -> "stenosis"), or `word` itself. Only words of six
    letters or more, one edit away (two from twelve letters: "designated" is two from "desiccated"), with the same
    first letter and one nearest match: a guess that could mean two words is no correction."""
    if len(word) < 6 or word in VOCABULARY or word in PROTECTED:
        return word
    limit = 2 if len(word) >= 12 else 1
    best, found = limit + 1, []
    for candidate in VOCABULARY:
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > limit:
            continue
        distance = _distance(word, candidate, limit)
        if distance < best:
            best, found = distance, [candidate]
        elif distance == best:
            found.append(candidate)
    return found[0] if best <= limit and len(found) == 1 else word


# --- report layout: sections, list items, sentences -------------------------------------------------------------------

SKIPPED_SECTIONS = frozenset({
    "history", "clinical history", "hx", "clinical information", "clinical info", "clinical details", "clinical",
    "clinical indication", "clinical data", "indication", "indications", "reason for exam", "reason for examination",
    "reason for study", "reason for referral", "reason", "exam", "examination", "study", "procedure", "technique",
    "comparison", "comparisons", "prior", "prior studies", "priors", "protocol", "sequences", "contrast",
    "dictated by", "signed by", "electronically signed by", "referring physician", "ordering physician", "date",
    "patient", "history and indication", "clinical question", "question", "symptoms", "date of exam",
})
KEPT_SECTIONS = frozenset({
    "findings", "finding", "impression", "impressions", "imp", "conclusion", "conclusions", "summary", "opinion",
    "assessment", "report", "result", "results", "discussion", "levels", "disc levels", "interpretation",
    "alignment", "vertebrae", "discs", "additional findings", "other findings", "lumbar spine", "other",
})
TOPIC_SECTIONS = frozenset({
    "conus", "conus medullaris", "cord", "spinal cord", "marrow", "bone marrow", "kidneys", "kidney",
    "paraspinal", "paraspinal soft tissues", "paraspinal muscles", "soft tissues", "visualized abdomen",
    "retroperitoneum", "sacroiliac joints", "si joints", "extraspinal", "extraspinal findings", "incidental",
    "incidental findings", "bone marrow signal", "marrow signal",
})
HEADER = re.compile(r"[ ]*(?P<name>[a-z][a-z /&'-]{0,40}?)[ ]*(?::|$)[ ]*")
LIST_MARKER = re.compile(r"[ ]*(?:\d{1,2}[.)]|[-*\u2022]|[a-h][.)])[ ]+")
SENTENCE_END = re.compile(r"(?<!\bapprox)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bdr)[.!?](?=\s|$)")


# --- anchors: the words a finding is read from ------------------------------------------------------------------------

_STEN = r"(?:stenos[ie]s|narrowing|narrowed|encroachment|compromise|impingement)"
_FORAMEN = r"(?:(?:neural|exit|exiting)\s+|neuro-?)?(?:foraminal|foramina|foramen)"
_CANAL = r"(?:(?:central|spinal)\s+)?(?:spinal\s+)?canal"
_FACET = r"(?:facet(?:s|al)?|zygapophyseal)(?:\s+joints?)?"
_FACET_NOUN = (r"(?:arthropath\w*|arthros[ie]s|hypertroph\w*|degenerat\w*|osteoarthrit\w*|arthrit\w*|disease|changes?|"
               r"spurring|osteophyt\w*|overgrowth|sclerosis|effusions?)")
ROOT = r"(?:l[1-5]|s[12])"
_SIDEW = r"(?:left|right|bilateral)"
_VERB = r"(?:narrow(?:s|ing|ed)?|encroach(?:es|ing)?(?:\s+(?:up)?on)?|compromis(?:es|ing)|effac(?:es|ing))"


def _shared(others: str) -> str:
    """A structure whose noun is the next one's: "canal" in "canal and bilateral foraminal stenosis"."""
    return rf"(?=\s*(?:and|or|,|/|&)\s+(?:[a-z-]+\s+){{0,4}}?(?:{others})\w*\s+(?:stenos|narrow|compromise|encroach))"


_PATTERNS: list[tuple[tuple[str, ...], str, str]] = [
    # (kinds, flag, pattern); flag: "" a finding, "bare" a structure needing a predicate, "shared" a structure
    # sharing the next noun, "absent" a finding said to be normal
    (("foramen",), "", rf"\b{_FORAMEN}\s+{_STEN}\b"),
    (("foramen",), "", rf"\b(?:(?:stenosis|narrowing|encroachment|compromise|effacement)\s+(?:of|in|involving)|"
                       rf"{_VERB})\s+(?:the\s+|both\s+)?(?:{_SIDEW}\s+)?{_FORAMEN}\b"),
    (("foramen",), "shared", rf"\b{_FORAMEN}" + _shared(r"canal|central|spinal|lateral\s+recess|subarticular")),
    (("foramen",), "bare", r"\b(?:(?:neural|exit|exiting)\s+|neuro-?)?(?:foramina|foramen|neuroforamina)\b"),
    (("canal",), "", rf"\b{_CANAL}\s+{_STEN}\b|\b(?:central|spinal)\s+(?:stenos[ie]s|narrowing)\b"
                     rf"|\b(?:(?:stenosis|narrowing|compromise)\s+of|{_VERB})\s+the\s+(?:central\s+|spinal\s+)*canal\b"
                     r"|\bthecal\s+sac\s+(?:narrowing|stenosis)\b"),
    (("canal",), "shared", rf"\b(?:{_CANAL}|central|spinal)"
                           + _shared(r"foraminal|foramina|foramen|neuro|lateral\s+recess|subarticular")),
    (("canal",), "bare", rf"\b{_CANAL}\b"),
    (("unmodelled",), "", rf"\b(?:lateral\s+recess(?:es)?|subarticular(?:\s+recess(?:es)?|\s+zones?)?)\s+{_STEN}"
                          rf"|\b(?:stenosis|narrowing|effacement|compromise)\s+of\s+the\s+(?:{_SIDEW}\s+)?"
                          rf"(?:lateral|subarticular)\s+recess(?:es)?"
                          rf"|\beffac\w*\s+(?:of\s+)?the\s+(?:{_SIDEW}\s+)?lateral\s+recess(?:es)?"
                          r"|\blateral\s+recess(?:es)?\s+(?:is|are)\s+(?:\w+\s+)?(?:narrowed|stenotic|effaced)"),
    (("unmodelled",), "shared", r"\b(?:lateral\s+recess(?:es)?|subarticular)"
                                + _shared(r"foraminal|foramina|canal|central|neural|neuro")),
    (("facets",), "", rf"\b{_FACET}(?:\s+(?!(?:with|but|without|no|not|normal|unremarkable|is|are)\b)[a-z-]+)"
                      rf"{{0,4}}?\s+{_FACET_NOUN}\b"),
    (("facets",), "", rf"\b(?:hypertroph\w*|degenerat\w*|arthritic|arthropathic|osteoarthritic)\s+"
                      rf"(?:changes?\s+(?:of|in|involving|at)\s+the\s+)?(?:{_SIDEW}\s+)?{_FACET}\b"),
    (("facets",), "", r"\b(?:arthropathy|arthrosis|osteoarthritis)\b"),
    (("facets",), "bare", rf"\b{_FACET}\b"),
    (("ignored",), "", r"\bpseudo-?\s*bulg\w*|\buncovering\s+of\s+the\s+disc"),
    (("bulge", "spurs"), "", r"\bdisc[- ]osteophyte(?:\s+complex(?:es)?)?|\bosteophyte[- ]disc\s+complex"),
    (("bulge",), "", r"\b(?:disc\s+)?bulg(?:e|es|ing|ed)\b"),
    (("herniation",), "", r"\b(?:protru(?:sion|sions|ding|des|ded)|extru(?:sion|sions|ded|des|ding)|"
                          r"sequest(?:ration|ered|rated)|free\s+(?:disc\s+)?fragments?|"
                          r"herniat(?:ion|ions|ed|es|ing)|prolapsed?|prolapses)\b"),
    (("height", "desiccation"), "", r"\bloss\s+of\s+(?:the\s+)?(?:disc\s+)?(?:height\s+and\s+signal|"
                                    r"signal\s+and\s+height)\b"),
    (("height", "desiccation"), "absent", r"\b(?:of\s+)?(?:normal|preserved|maintained)\s+(?:in\s+)?(?:disc\s+)?"
                                          r"(?:height|signal|hydration)\s+and\s+(?:height|signal|hydration)\b"),
    (("desiccation",), "absent", r"\b(?:normal(?:ly)?|well|preserved)[\s-]+(?:t2\s+)?(?:disc\s+)?"
                                 r"(?:hydrat\w*|signal)\b"),
    (("desiccation",), "", r"\b(?:desiccat\w*|dehydrat\w*|disc\s+degeneration|degenerat\w*\s+discs?"
                           r"(?:\s+(?:disease|changes?))?|(?:loss|reduction)\s+of\s+(?:the\s+)?(?:normal\s+)?"
                           r"(?:t2\s+)?(?:disc\s+)?(?:signal|hydration)|(?:decreased|diminished|reduced|low)\s+"
                           r"(?:t2\s+)?(?:disc\s+)?(?:signal|hydration)|dark\s+discs?|disc\s+signal\s+loss)\b"),
    (("stenosis",), "", r"\b(?:stenos[ie]s|stenotic|narrowing)\b"),
    (("pfirrmann",), "", r"\bpfirrmann\s+(?:grade\s+)?(?:[1-5]|iv|v|i{1,3})\b"),
    (("height",), "", r"\b(?:loss|decrease|reduction)\s+(?:of|in)\s+(?:the\s+)?(?:intervertebral\s+)?(?:disc\s+)?"
                      r"(?:space\s+)?height\b(?!\s+of\s+the\s+(?:\w+\s+)?vertebra)"
                      r"|\b(?:disc\s+)?(?:space\s+)?height\s+loss\b|\bdisc\s+space\s+(?:narrowing|collapse|loss)\b"
                      r"|\bnarrowing\s+of\s+the\s+(?:intervertebral\s+)?disc(?:\s+space)?\b"
                      r"|\b(?:narrowed|collapsed)\s+(?:intervertebral\s+)?disc(?:\s+space)?\b|\bdisc\s+collapse\b"
                      r"|\b(?:decreased|reduced|diminished)\s+(?:intervertebral\s+)?disc\s+(?:space\s+)?height\b"),
    (("height",), "bare", r"\bdisc\s+(?:space\s+)?heights?\b"),
    (("listhesis",), "", r"\b(?:(?:t-?12|l-?[1-5])\s+)?(?:antero|retro|spondylo|anterior\s+|posterior\s+)-?"
                         r"listhesis\b|\blisthesis\b"),
    (("roots",), "", rf"\b(?:(?:traversing|exiting|descending)\s+)?(?:{_SIDEW}\s+)?(?:(?:traversing|exiting|"
                     rf"descending)\s+)?(?:{ROOT}(?:\s*(?:,|and|&|/)\s*{ROOT})*\s+)?(?:nerve\s+roots?|roots?)\b"
                     r"(?:\s+(?:compression|impingement|contact|displacement|abutment|effacement|entrapment))?"
                     r"(?:\s+bilaterally)?"),
    (("spurs",), "", r"\b(?:(?:endplate|end-plate|marginal|posterior|anterior|vertebral)\s+)?"
                     r"(?:osteophyt\w*|spurs?|spurring)\b|\b(?:osteophytic|spondylotic)\s+ridg\w*"),
    (("ignored",), "", r"\bligamentum\s+flavum(?:\s+(?:thickening|hypertrophy|buckling|redundancy|infolding))?"
                       r"|\b(?:indent\w*|effac\w*|deform\w*|flatten\w*|abut\w*|contact\w*|impress\w*)\s+"
                       r"(?:on\s+|upon\s+)?the\s+(?:ventral\s+|anterior\s+|left\s+|right\s+)*(?:thecal|dural)\s+sac"
                       r"|\b(?:thecal|dural)\s+sac(?:\s+(?:indentation|effacement|deformity|contact))?"
                       r"|\bcauda\s+equina|\bepidural\s+fat|\bfragments?\b|\beffusions?\b"),
    (("unmodelled",), "", r"\b(?:modic|endplate\s+(?:edema|changes?|signal|sclerosis)|schmorl\w*|annular\s+"
                          r"(?:fissures?|tears?)|high[- ]intensity\s+zone|synovial\s+cysts?|(?:facet|juxta-?articular)"
                          r"\s+cysts?|pars\s+(?:defects?|interarticularis|fractures?)|spondylolys\w*|tarlov|"
                          r"perineural\s+cysts?|lipomatosis|fractures?|laminectom\w*|hemilaminectom\w*|"
                          r"laminotom\w*|discectom\w*|microdiscectom\w*|foraminotom\w*|fusion|arthrodesis|hardware|"
                          r"(?:pedicle\s+)?screws?|rods?|interbody|cages?|spacers?|post-?operative|post-?surgical|"
                          r"granulation|fibrosis|scar|status\s+post|decompression|graft|instrumentation|artifact|"
                          r"lumbari[sz]ation|sacrali[sz]ation|transitional|designated|numbering|arachnoiditis|"
                          r"clumping|conjoined|rudimentary|redundant)\b"),
    (("normal",), "", r"\b(?:normal|unremarkable|negative(?!\s+for)|no\s+(?:significant\s+|other\s+)?"
                      r"(?:abnormalit\w*|pathology|findings?))\b"),
]
FINDING_KINDS = ("foramen", "canal", "facets", "bulge", "herniation", "desiccation", "pfirrmann", "height",
             "listhesis", "roots", "spurs", "stenosis")
ANCHORS = [(kinds, flag, re.compile(pattern)) for kinds, flag, pattern in _PATTERNS]


JOIN_GAP = re.compile(r"[^.;]*")
JOIN_STOP = re.compile(r"\b(?:and|or|with|but|which|that|no|without)\b")


# --- the words around an anchor ---------------------------------------------------------------------------------------

MASK = re.compile(
    r"\b(?:no|without)\s+(?:significant\s+|interval\s+|appreciable\s+|substantial\s+)*change\w*(?:\s+(?:in|of))?"
    r"|\bnot\s+(?:significantly\s+|substantially\s+)?changed\b|\bunchanged\b|\bstable\b|\binterval\s+\w+\s+of\b"
    r"|\bhas\s+(?:decreased|increased|regressed|progressed)\s+in\s+size\b"
)
"""Comparison with a prior study says nothing about presence: "no significant change in the mild stenosis"."""
BOUNDARY = re.compile(
    r"\b(?:but|however|although|though|whereas|while|which|that|where|with|secondary\s+to|due\s+to|from|"
    r"related\s+to|together\s+with|there\s+(?:is|are))\b|;"
    r"|(?<!not )(?<!without )(?<!no )\b(?:resulting\s+in|results?\s+in|resulting|causing|causes?|producing|"
    r"produces?|contributing\s+to|contributes\s+to)\b"
)
"""Where a clause starts: modifiers and negations do not reach across ("does not cause" keeps its negation)."""
NEGATION = re.compile(
    r"\b(?:no\s+evidence\s+of|negative\s+for|free\s+of|absence\s+of|no\s+longer|no|not|without|absent|none|nor|"
    r"neither)\b(?:\s+(?:significant|appreciable|definite|evident|obvious|substantial|gross|frank|focal|discrete|"
    r"acute|new|recurrent|residual|further|other|visible|convincing|measurable|high-grade|more\s+than|"
    r"evidence\s+of|any))*"
)
NORMAL = re.compile(r"\b(?:normal(?:ly)?|unremarkable|patent|preserved|maintained|adequate|capacious|intact|"
                     r"unaffected|spared|within\s+normal\s+limits|well[- ]hydrated|satisfactory|widely\s+patent)\b")
NARROW = re.compile(r"\b(?:narrow\w*|stenos[ie]s|stenotic|compromis\w*|encroach\w*|effac\w*|crowd\w*|impinge\w*|"
                     r"obliterat\w*|reduced|decreased|diminished|lost|loss|compressed|tight|hypertroph\w*|"
                     r"arthropath\w*|degenerat\w*|arthrit\w*|arthros[ie]s|osteoarthrit\w*|collapsed)\b")
HEDGE = re.compile(r"\b(?:may|might|could|possibl[ey]|potential(?:ly)?|suspect(?:ed)?|questionabl[ey]|"
                    r"equivocal|likely|probabl[ey]|suggest(?:s|ive|ing)?|concern(?:ing)?\s+for|versus|vs|"
                    r"indeterminate|presumed|borderline|query|cannot\s+(?:be\s+)?exclude[d]?|"
                    r"can\s*not\s+be\s+excluded|not\s+excluded|not\s+well\s+seen|uncertain)\b|\?")
HEDGE_AFTER = re.compile(r"\b(?:cannot\s+(?:be\s+)?exclude[d]?|can\s*not\s+be\s+excluded|not\s+(?:be\s+)?excluded|"
                          r"is\s+suspected|is\s+questioned|not\s+well\s+seen|is\s+possible|uncertain)\b|\?")
HISTORY = re.compile(r"\b(?:status\s+post|history\s+of|previously(?:\s+(?:seen|noted|described|demonstrated|"
                      r"identified))?|formerly|resected|removed)\b")
SEPARATOR = re.compile(r"\b(?:and|or)\b|[,/&]")
PREDICATE = re.compile(
    r"[\s,]*(?::|(?:is|are|was|were|appears?|remains?|seen|noted|measur\w*|patent|normal|unremarkable|narrowed|"
    r"stenotic|preserved|maintained|adequate|effaced|compressed|displaced|contacted|abutted)\b|(?:on|to)\s+the\s+(?:left|right)\b|"
    r"bilaterally\b|(?:left|right)\s*(?:greater|more|worse|>)|(?:left|right)\s*,?\s*(?:mild|moderate|severe|minimal|"
    r"patent|normal)|(?:mild|moderate|severe|minimal)\w*\s+(?:on|to|bilaterally|left|right)\b)")
GRADE_AFTER = re.compile(rf"[\s,]*(?:{GRADE.pattern})")
"""A grade after a comma, at a clause's end: "spinal stenosis, severe at l3-4"."""
PLACE = re.compile(r"[\s,]*(?:in|into|at|extending|projecting|located|centered|eccentric|lateraliz\w*|"
                    r"(?:central|paracentral|subarticular|foraminal|extraforaminal|far\s+lateral|midline))\b")
LISTHESIS_PLACE = re.compile(r"[\s,]*(?:of|at|in)\b")
ZONES = [
    (re.compile(r"\bfar[- ]lateral\b|\bextra-?foraminal\b"), "extraforaminal"),
    (re.compile(r"\b(?:intra-?)?foraminal\b|\binto\s+the\s+(?:\w+\s+)?(?:neural\s+)?foramen\b"), "foraminal"),
    (re.compile(r"\bsubarticular\b|\blateral\s+recess\b"), "subarticular"),
    (re.compile(r"\bpara-?central\b|\bposterolateral\b|\b(?:left|right)\s+central\b"), "paracentral"),
    (re.compile(r"\bcentral\b|\bmidline\b|\bposterocentral\b|\bposterior\s+central\b"), "central"),
]
DEGREE_WORDS = [
    (re.compile(r"\b(?:compress\w*|imping\w*|entrap\w*|pinch\w*|flatten\w*|effac\w*|obliterat\w*)"), "compression"),
    (re.compile(r"\b(?:displac\w*|deflect\w*|deviat\w*|mass\s+effect|push\w*)"), "displacement"),
    (re.compile(r"\b(?:contact\w*|abut\w*|touch\w*|abutment|encroach\w*|approximat\w*)"), "contact"),
]
SLIPPED = re.compile(r"(t-?12|l-?[1-5])\s")
"""The vertebra that slips, named before the word: "l4 anterolisthesis" is at l4-l5."""
MEYERDING = re.compile(r"\bgrade\s*(?P<n>[1-4]|iv|i{1,3})\b")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
TOPIC = re.compile(
    r"\b(?:conus|cord|marrow|kidneys?|renal|aort\w*|bowel|paraspinal|paravertebral|musculature|muscles?|soft\s+"
    r"tissues?|retroperitone\w*|lymph\w*|sacroiliac|si\s+joints?|alignment|lordosis|lordotic|kyphosis|kyphotic|"
    r"scoliosis|curvature|levoconvex|dextroconvex|vertebral\s+bod(?:y|ies)|hemangiomas?|pelvis|liver|uterus|"
    r"bladder|ovar\w*|adnex\w*|gallbladder|vessels?|abdomen|vertebrae|osseous|correlation|recommend\w*|"
    r"follow-?up|advised)\b")
MULTILEVEL = re.compile(r"\b(?:multi-?level|multiple\s+levels|throughout|elsewhere|remaining\s+levels|"
                         r"other\s+levels|all\s+levels|each\s+level|every\s+level|multifocal)\b")
TRAILING = re.compile(
    r"[\s,]*(?:(?:is|are)\s+(?:seen|present|noted|identified)\s+)?(?:(?:on\s+the\s+(?:left|right)|bilaterally|"
    r"(?:most\s+)?(?:pronounced|prominent|marked|severe)|greatest)\s+)?(?:at|in|involving|of|from|on)?\s*"
    r"(?:the\s+)?(?:levels?\s+)?(?:of\s+)?")
TYPE_STEMS = (("sequest", "sequestration"), ("free", "sequestration"), ("extru", "extrusion"),
          ("protru", "protrusion"))


ITEM_PARTS = re.compile(rf"(?P<separator>{SEPARATOR.pattern})|(?P<verb>{'|'.join(p.pattern for p, _ in DEGREE_WORDS)})"
                         rf"|(?P<word>{GRADE.pattern}|{NORMAL.pattern}|{NEGATION.pattern})")

"""A level's findings as the numbers its geometry is posed with (meshes.state.LevelState).  Qt-free, VTK-free.

Each grade maps to a value inside the range its source gives (medical.md, ids in brackets); where the sources
give no number the value is derived (D) and says from what.  A level with no finding maps to the healthy state
exactly, so a healthy level moves nothing.
"""

from __future__ import annotations

from explainer.stories.findings.model import LevelFindings
from meshes.params import SIDES
from meshes.state import LevelState

GRADE_SHARE = {"none": 0.0, "mild": 1 / 3, "mild-moderate": 0.5, "moderate": 2 / 3, "moderate-severe": 5 / 6,
               "severe": 1.0}
"""How far along none → severe each grade lies, for sizes that grow with the grade (D)."""

HEIGHT_LEFT = {"none": 1.0, "mild": 0.85, "mild-moderate": 0.72, "moderate": 0.55, "moderate-severe": 0.42,
               "severe": 0.3}
"""Disc height left: Griffith grade 6 <30% loss (mild 15%, mild-moderate 28%), grade 7 30–60% (moderate 45%,
moderate-severe 58%), grade 8 >60% (severe 70%) [S52][S53] V."""

PFIRRMANN_HEIGHT = {1: 1.0, 2: 1.0, 3: 0.95, 4: 0.8, 5: 0.45}
"""Height by Pfirrmann grade when the report gives no height loss: I–II normal, III 90–100%, IV ≈70–90%,
V ≈30–60% (the §3.1 animation mapping, D from [S47][S52])."""

PFIRRMANN_WATER = {1: 1.0, 2: 0.61, 3: 0.4, 4: 0.24, 5: 0.1}
"""T2 brightness of the nucleus: its T2 relaxation against grade I, 210/129/84/51 ms [S50]; V black (D)."""

DESICCATED = 0.3  # nucleus brightness of a "desiccated" disc without a Pfirrmann grade: grade III–IV (D, [S50])

BULGE_MM = 2.0  # a bulge: disc beyond the endplate rims all round, under 3 mm (D; the sources give no size)
HERNIATION_MM = {"protrusion": 3.5, "extrusion": 6.0, "sequestration": 7.5, "unspecified": 4.0}
"""How far each type reaches beyond the disc margin (D: an extrusion is larger than a protrusion by definition;
the sources give no sizes)."""

ZONE_ANGLE = {"central": 0.0, "paracentral": 20.0, "subarticular": 40.0, "foraminal": 65.0, "extraforaminal": 85.0}
"""Degrees round the disc from straight back where each zone lies on the model's disc outline: paracentral
beside the midline, subarticular under the facet (the lateral recess), foraminal between the pedicles,
extraforaminal beyond them (D, from the model's canal and pedicle widths)."""

CARTILAGE_LEFT = {"none": 1.0, "mild": 0.75, "mild-moderate": 0.65, "moderate": 0.55, "moderate-severe": 0.45,
                  "severe": 0.35}
"""Facet cartilage left: Weishaupt grade 0 joint space 2–4 mm, grades 1–3 narrowed below 2 mm [S58][S59] (D)."""

FACET_SPUR_MM = 3.5  # a severe facet's osteophyte: "large" is over 3 mm [S64] V; milder grades a share of it (D)
ENDPLATE_SPUR_MM = 3.5  # endplate osteophytes: 10% of a 35 mm body's depth, the FE "mild" convention [S54] (D)
FLAVUM_MM = 2.2  # the ligamentum flavum thickens with facet arthropathy: 3.1 → 4.9–5.3 mm [S211] V

FORAMEN_OPEN = {"none": 1.0, "mild": 0.75, "mild-moderate": 0.65, "moderate": 0.55, "moderate-severe": 0.45,
                "severe": 0.35}
"""Foramen area left, as a share of healthy: Lee grade 1 fat lost in two opposing directions, grade 2 in all
four, grade 3 the root itself deformed [S68][S69]; the shares are D (the source grades by fat, not by area)."""

FORAMEN_AREA_RANGE = {"none": (0.95, 1.0), "mild": (0.65, 0.85), "mild-moderate": (0.55, 0.75),
                      "moderate": (0.45, 0.65), "moderate-severe": (0.35, 0.55), "severe": (0.2, 0.45)}
"""The share of the healthy foramen each grade's measured area falls in (D, round FORAMEN_OPEN)."""

FORAMEN_CLOSURE_MM = {"none": 0.0, "mild": 1.0, "mild-moderate": 2.0, "moderate": 2.5, "moderate-severe": 3.5,
                      "severe": 4.5}
"""mm the foramen closes on its exiting root: the fat (3 mm, meshes.pathology.FORAMEN_FAT) goes first, Lee 1–2
leave the root free, Lee 3 deforms it [S68] (D)."""

CANAL_AREA = {"mild": 100.0, "mild-moderate": 88.0, "moderate": 75.0, "moderate-severe": 67.0, "severe": 60.0}
"""Dural sac area (mm²) per central stenosis grade: ≈100 relative, ≈75 absolute, ≈60 severe (§11.1 model
default, D from [S211][S216]–[S219]); the in-between grades half-way."""

CANAL_AREA_RANGE = {"none": (111.0, 250.0), "mild": (90.0, 111.0), "mild-moderate": (80.0, 100.0),
                    "moderate": (65.0, 85.0), "moderate-severe": (60.0, 75.0), "severe": (45.0, 68.0)}
"""The range each grade's measured sac area falls in: above the 111 mm² best cut-off [S219] when none, under
100 mm² [S218], near the 75 mm² critical size [S216][S217], below it when severe (D)."""

MEYERDING = {1: 0.125, 2: 0.375, 3: 0.625, 4: 0.875}
"""Slip as a share of the lower endplate's depth: the middle of each Meyerding quarter (grade 1 up to 25%, 2 to
50%, 3 to 75%, 4 to 100%; Meyerding 1932, not in medical.md: U)."""
UNGRADED_SLIP = 0.1  # a listhesis the report does not grade: within grade 1 (D)

ROOT_MM = {"contact": 0.5, "displacement": 1.5, "compression": 3.0}
"""How far a root the report names is pressed, by its word (D; 3 mm draws the full alarm colour)."""
TRAVERSING_ZONES = ("central", "paracentral", "subarticular")  # reach the lower level's root [S77][S80]
CENTRAL_REACH = 0.5  # share of a central herniation's size that reaches each traversing root (D)


def level_state(level: LevelFindings) -> LevelState:
    """The numbers that pose one level from its findings (meshes.case); a healthy level gives LevelState()."""
    if level.is_healthy():
        return LevelState()
    height = _height(level)
    facets = tuple(level.facets[side] for side in SIDES)
    size, sides, angle, traversing, exiting = _herniation(level)
    return LevelState(
        disc_height_ant=height, disc_height_post=height, hydration=_water(level),
        bulge=BULGE_MM if level.contour == "bulge" else 0.0,
        herniation=size, herniation_sides=sides, herniation_angle=angle,
        cartilage=tuple(CARTILAGE_LEFT[g] for g in facets),
        endplate_spur=ENDPLATE_SPUR_MM if level.spurs else 0.0,
        facet_spur=tuple(FACET_SPUR_MM * GRADE_SHARE[g] for g in facets),
        foraminal=tuple(FORAMEN_CLOSURE_MM[level.foramen[side]] for side in SIDES),
        foramen_open=tuple(FORAMEN_OPEN[level.foramen[side]] for side in SIDES),
        listhesis=_slip(level), flavum=FLAVUM_MM * max(GRADE_SHARE[g] for g in facets),
        canal_area=CANAL_AREA.get(level.canal), traversing=traversing, exiting=exiting,
        named_roots=tuple((r.root, r.side, ROOT_MM[r.degree]) for r in level.roots),
    )


def _height(level: LevelFindings) -> float:
    if level.height_loss != "none" or level.pfirrmann is None:
        return HEIGHT_LEFT[level.height_loss]
    return PFIRRMANN_HEIGHT[level.pfirrmann]


def _water(level: LevelFindings) -> float:
    if level.pfirrmann is not None:
        return PFIRRMANN_WATER[level.pfirrmann]
    return DESICCATED if level.desiccation else 1.0


def _slip(level: LevelFindings) -> float:
    if level.listhesis is None:
        return 0.0
    share = UNGRADED_SLIP if level.listhesis.grade is None else MEYERDING[level.listhesis.grade]
    return share if level.listhesis.direction == "antero" else -share


def _herniation(level: LevelFindings):
    """(size mm, sides, angle, traversing reach (left, right), exiting reach (left, right)) of the level's
    herniation: which root it reaches follows its zone [S77][S82]."""
    h = level.herniation
    if h is None:
        return 0.0, (), 0.0, (0.0, 0.0), (0.0, 0.0)
    size, zone = HERNIATION_MM[h.type], h.zone or ("central" if h.side in (None, "midline") else "paracentral")
    sides = {"left": (-1.0,), "right": (1.0,), "both": (-1.0, 1.0)}.get(h.side or "", (0.0,))
    if zone == "central":
        sides = (0.0,)
    on = tuple(any(s in (sign, 0.0) for s in sides) for sign in (-1.0, 1.0))
    share = CENTRAL_REACH if zone == "central" else 1.0
    traversing = tuple(size * share if hit and zone in TRAVERSING_ZONES else 0.0 for hit in on)
    exiting = tuple(size if hit and zone not in TRAVERSING_ZONES else 0.0 for hit in on)
    return size, sides, ZONE_ANGLE[zone], traversing, exiting

"""Straight needle paths on the model, found by searching the geometry (numpy + VTK, no Qt).

Four procedures (medical.md §5.2, §5.3, §5.6, §5.7):

* `disc_path`: intradiscal injection, posterolateral and extrapedicular, through Kambin's triangle (below the
  exiting root, just lateral to the superior articular process of the lower vertebra) to the nucleus centre.
* `facet_path`: facet intra-articular injection, along the joint plane into the gap between the cartilage sheets.
* `sij_path`: sacroiliac joint injection, into the posterior joint line of the joint's lower third, along a
  contralateral oblique beam.
* `marrow_path`: bone marrow aspiration, a trocar into the most medial part of the PSIS, tilted 24° laterally.

Conventions (world mm, RAS: +x right, +y anterior, +z superior).  `oblique_deg` is the needle's angle to the
sagittal plane seen from above; `tilt_deg` its angle to the axial plane, positive when it heads caudally (entry
above the tip: a "caudal tilt").  The skin of the prone back is modelled as a cylinder along the body's axis:
SKIN_BEHIND_SPINOUS behind the tips of the lumbar spinous processes at the midline (20 mm, about 45 mm behind
the laminae on this model), falling forward by SKIN_CURVE at 10 cm from the midline as the back rounds into the
flank (a lean adult; schematic, D).  Distances to structures are signed distances to their surfaces (VTK's implicit
poly-data distance), taken at sample points along the path; a needle's clearance is that distance less its
radius (22 G: 0.35 mm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkDoubleArray
from vtkmodules.vtkFiltersCore import vtkImplicitPolyDataDistance

from meshes.memo import per_spine

NEEDLE_RADIUS = 0.35  # mm, 22 G
MIN_CLEARANCE = 1.0  # mm between the needle's surface and any bone, root or the dural sac
SKIN_BEHIND_SPINOUS = 20.0  # mm from the spinous tips to the skin at the midline (D)
SKIN_CURVE = 30.0  # mm the skin lies further forward at 100 mm from the midline (parabolic, D)
DISC_OBLIQUE = (25.0, 60.0)  # degrees from the sagittal plane searched for the disc approach
DISC_TILT = (-30.0, 30.0)  # degrees of cranio-caudal tilt searched
DISC_ENTRY = (70.0, 110.0)  # mm from the midline: skin entries considered ([S101]: 8–10 cm)
PREFERRED_ENTRY = (80.0, 100.0)
CLEARANCE_CAP = 3.0  # mm; beyond this a path counts as equally clear and the tie-breaks decide
FACET_END = 12.0  # mm before the joint where the needle may pass between the articular processes
SIJ_ABOVE_LOWEST = (10.0, 20.0)  # mm above the joint's lowest point where the tip may lie [S130][S132]
SIJ_OBLIQUE = (15.0, 30.0)  # degrees of contralateral oblique that open the posterior joint line [S130][S132]
SIJ_TILT = (-30.0, 30.0)  # degrees of cranio-caudal tilt searched [S130]
SIJ_END = 8.0  # mm before the tip where the needle may pass between the joint's bones
MARROW_LATERAL = 24.0  # degrees from vertical (straight anterior), [S135]
MARROW_DEPTH = 25.0  # mm into the bone for the tip (the brief: 2–3 cm)
MARROW_SOFT_TISSUE = 30.0  # mm of skin and fat over the PSIS (D)


@dataclass(frozen=True)
class NeedlePath:
    """A straight needle from `entry` (on the skin) to `tip`; `clear` when it keeps MIN_CLEARANCE throughout."""

    entry: np.ndarray
    tip: np.ndarray
    direction: np.ndarray
    length: float
    oblique_deg: float
    tilt_deg: float
    clear: bool
    min_clearance_mm: float
    target: str

    def point_at(self, fraction: float) -> np.ndarray:
        """The point a `fraction` of the way from the entry (0) to the tip (1)."""
        return self.entry + float(fraction) * (self.tip - self.entry)

    def beam_angles(self) -> tuple[float, float]:
        """The C-arm rotation and tilt, in meshes.fluoro's convention, that look straight down the needle's way
        in: the "tunnel view", in which the needle shows as a dot."""
        d = self.direction
        tilt = float(np.degrees(np.arcsin(np.clip(d[2], -1.0, 1.0))))
        return float(np.degrees(np.arctan2(-d[0], d[1]))), tilt


def direction(oblique_deg: float, tilt_deg: float, side: float, medial: bool = True) -> np.ndarray:
    """Unit vector heading anteriorly, `oblique_deg` from the sagittal plane, tilted caudally by `tilt_deg`.

    `side` is where the entry lies (+1 right, -1 left); `medial` heads towards the midline, else away from it.
    """
    o, t = np.radians(oblique_deg), np.radians(tilt_deg)
    sx = -side if medial else side
    return np.array([sx * np.sin(o) * np.cos(t), np.cos(o) * np.cos(t), -np.sin(t)])


def angles(d: np.ndarray) -> tuple[float, float]:
    """(oblique_deg, tilt_deg) of a unit direction."""
    return float(np.degrees(np.arctan2(abs(d[0]), d[1]))), float(np.degrees(np.arcsin(np.clip(-d[2], -1, 1))))


class Distance:
    """Signed distance to the union of some closed surfaces (negative inside any of them)."""

    def __init__(self, meshes: list[pv.PolyData]) -> None:
        merged = pv.merge([pv.PolyData(m.points, m.faces) for m in meshes]) if len(meshes) > 1 else meshes[0]
        self.mesh = merged
        self.implicit = vtkImplicitPolyDataDistance()
        self.implicit.SetInput(merged)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        pts = np.ascontiguousarray(np.asarray(points, dtype=np.float64).reshape(-1, 3))
        out = vtkDoubleArray()
        self.implicit.FunctionValue(numpy_to_vtk(pts, deep=True), out)
        return vtk_to_numpy(out).copy()


def side_name(side: str) -> float:
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return -1.0 if side == "left" else 1.0


def obstacle_names(spine) -> list[str]:
    """Every bone (vertebrae, sacrum, ilia), every nerve root and the dural sac."""
    return [n for n, s in spine.structures.items() if s.group in ("bones", "pelvis", "nerves")]


def skin_y(spine) -> float:
    """The skin's y at the midline: SKIN_BEHIND_SPINOUS behind the most posterior lumbar bone (the spinous tips)."""
    ys = [np.asarray(spine.structures[n].mesh.points)[:, 1].min() for n in ("L1", "L2", "L3", "L4", "L5")
          if n in spine.structures]
    return float(min(ys)) - SKIN_BEHIND_SPINOUS


def to_skin(tip: np.ndarray, d: np.ndarray, y0: float) -> float:
    """How far back from `tip`, against the unit direction `d`, the line meets the skin."""
    k = SKIN_CURVE / 1e4
    a = k * d[0] ** 2
    b = d[1] - 2.0 * k * tip[0] * d[0]
    c = y0 - tip[1] + k * tip[0] ** 2
    if a < 1e-12:
        return float(-c / b)
    return float((-b + np.sqrt(b * b - 4.0 * a * c)) / (2.0 * a))


def centroid(mesh: pv.PolyData) -> np.ndarray:
    """Volume centroid of a closed, outward-wound triangle surface."""
    tri = np.asarray(mesh.points, dtype=float)[mesh.faces.reshape(-1, 4)[:, 1:]]
    vol = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])) / 6.0
    return (vol[:, None] * tri.sum(axis=1) / 4.0).sum(axis=0) / vol.sum()


def local_obstacles(spine, centre: np.ndarray, reach: float, coarse: bool = False, names=None) -> Distance:
    """The obstacles (`names`, by default obstacle_names) whose bounds come within `reach` of `centre` (fewer
    triangles, faster queries).

    `coarse` uses the light copies (about 6% of the triangles, within about 0.25 mm of the surfaces near them):
    three times faster, good for ranking candidates, not for the final check.
    """
    near = []
    for n in obstacle_names(spine) if names is None else names:
        b = np.reshape(spine.structures[n].mesh.bounds, (3, 2))
        gap = np.maximum(np.maximum(b[:, 0] - centre, centre - b[:, 1]), 0.0)
        if np.linalg.norm(gap) < reach:
            near.append(spine.structures[n].coarse if coarse else spine.structures[n].mesh)
    return Distance(near)


def _samples(entry: np.ndarray, d: np.ndarray, length: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    t = np.append(np.arange(0.0, length, step), length)
    return entry + t[:, None] * d, t


def _disc_candidates(target, side, y_skin, obliques, tilts):
    """(oblique, tilt, direction, entry, length) for the angles whose skin entry lies in DISC_ENTRY."""
    out = []
    for o in obliques:
        for t in tilts:
            d = direction(o, t, side)
            length = to_skin(target, d, y_skin)
            entry = target - length * d
            if DISC_ENTRY[0] <= abs(entry[0]) <= DISC_ENTRY[1]:
                out.append((float(o), float(t), d, entry, length))
    return out


def _score_disc(cands, obstacles: Distance, annulus: Distance, step: float):
    """Clearance of each candidate before it enters the disc, and whether it crosses anything at all."""
    pts, owner = [], []
    for i, (_, _, d, entry, length) in enumerate(cands):
        p, _ = _samples(entry, d, length, step)
        pts.append(p)
        owner.append(np.full(len(p), i))
    pts, owner = np.vstack(pts), np.concatenate(owner)
    clear_d = obstacles(pts) - NEEDLE_RADIUS
    in_disc = annulus(pts) < 0.0
    results = []
    for i in range(len(cands)):
        mine = owner == i
        c, inside = clear_d[mine], in_disc[mine]
        first = int(np.argmax(inside)) if inside.any() else len(c)
        before = c[:max(first, 1)]
        results.append((float(before.min()), bool((c > 0).all()) and inside.any()))
    return results


def _disc_key(o: float, entry: np.ndarray, clearance: float) -> tuple:
    x = abs(entry[0])
    outside = max(PREFERRED_ENTRY[0] - x, x - PREFERRED_ENTRY[1], 0.0)
    return (round(min(clearance, CLEARANCE_CAP) * 2.0) / 2.0, -abs(o - 45.0) - 0.2 * outside)


@per_spine("disc")
def disc_path(spine, segment: str = "L4-L5", side: str = "left") -> NeedlePath:
    """Posterolateral extrapedicular path through Kambin's triangle to the centre of `segment`'s nucleus.

    Searched over the oblique angle (DISC_OBLIQUE) and the cranio-caudal tilt (DISC_TILT), keeping the skin
    entries DISC_ENTRY from the midline: the path must keep MIN_CLEARANCE from every bone, root and the dural sac
    over its whole length before the disc, and cross none of them anywhere.  Of those, the clearest (counted up
    to CLEARANCE_CAP, in half-millimetre steps) wins; ties go to the oblique nearest 45° and an entry 80–100 mm
    from the midline.  A coarse 2.5° grid is refined by 0.5° around its best.  When no path is clear (at L5-S1 the
    sacrum and the L5 root leave no straight corridor in this model) the least obstructed one is returned with
    `clear=False`.
    """
    s = side_name(side)
    target = centroid(spine.structures[f"nucleus_{segment}"].mesh)
    y_skin = skin_y(spine)
    rough = local_obstacles(spine, target, 130.0, coarse=True)
    annulus = Distance([spine.structures[f"disc_{segment}"].coarse])

    def ranked(cands, obstacles, step):
        scored = _score_disc(cands, obstacles, annulus, step)
        order = sorted(range(len(cands)), key=lambda i: (scored[i][1] and scored[i][0] >= MIN_CLEARANCE,
                                                          *_disc_key(cands[i][0], cands[i][3], scored[i][0]),
                                                          scored[i][0]), reverse=True)
        return [cands[i] for i in order]

    coarse = _disc_candidates(target, s, y_skin, np.arange(DISC_OBLIQUE[0], DISC_OBLIQUE[1] + 1e-6, 2.5),
                              np.arange(DISC_TILT[0], DISC_TILT[1] + 1e-6, 2.5))
    o, t = ranked(coarse, rough, 1.5)[0][:2]
    fine = _disc_candidates(target, s, y_skin,
                            np.unique(np.clip(np.arange(o - 2.5, o + 2.6, 0.5), *DISC_OBLIQUE)),
                            np.unique(np.clip(np.arange(t - 2.5, t + 2.6, 0.5), *DISC_TILT)))
    # The light meshes rank; the full meshes decide, best first, among the leaders.
    exact = local_obstacles(spine, target, 130.0)
    annulus = Distance([spine.structures[f"disc_{segment}"].mesh])
    leaders = ranked(fine, rough, 1.0)[:8]
    checked = [(c, *_score_disc([c], exact, annulus, 0.5)[0]) for c in leaders]
    good = [x for x in checked if x[2] and x[1] >= MIN_CLEARANCE]
    (o, t, d, entry, length), clearance, crosses_nothing = (good or sorted(checked, key=lambda x: -x[1]))[0]
    return NeedlePath(entry, target.copy(), d, float(length), o, t,
                      bool(crosses_nothing and clearance >= MIN_CLEARANCE), clearance, f"nucleus_{segment}")


def sheet_normal(points: np.ndarray) -> np.ndarray:
    """The direction in which a thin sheet of points is thinnest (its normal, sign arbitrary)."""
    q = points - points.mean(axis=0)
    return np.linalg.eigh(q.T @ q)[1][:, 0]


def joint_gap(spine, segment: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Midpoint of the joint space between the two cartilage sheets, and the joint's normal (superior→inferior)."""
    sup = spine.structures[f"cartilage_{segment}_{side}_superior"].mesh
    inf = spine.structures[f"cartilage_{segment}_{side}_inferior"].mesh
    cs, ci = (np.asarray(m.points, dtype=float) for m in (sup, inf))
    gap = ci.mean(axis=0) - cs.mean(axis=0)
    normals = [sheet_normal(cs), sheet_normal(ci)]
    n = sum(v * np.sign(v @ gap) for v in normals)
    n /= np.linalg.norm(n)
    mid = 0.5 * (cs.mean(axis=0) + ci.mean(axis=0))
    ds, di = Distance([sup]), Distance([inf])
    t = np.linspace(-8.0, 8.0, 321)
    line = mid + t[:, None] * n
    a, b = ds(line), di(line)
    # Between the sheets the two distances add up to the gap's width; beyond either sheet they grow.
    score = np.where((a > 0) & (b > 0), a + b + np.abs(a - b), np.inf)
    return line[int(np.argmin(score))], n


@per_spine("facet")
def facet_path(spine, segment: str = "L4-L5", side: str = "left") -> NeedlePath:
    """Along the facet joint's plane from posterior into the middle of its joint space.

    The needle lies in the plane of the gap between the two cartilage sheets (the beam that first profiles the
    posterior joint space, [S115]); within that plane it is turned (±40° about the joint's normal, from the
    in-plane direction nearest straight anterior) to keep the most clearance from bones, roots and the sac until
    the last FACET_END mm, where it enters between the articular processes.
    """
    side_name(side)  # validates the side
    tip, n = joint_gap(spine, segment, side)
    base = np.array([0.0, 1.0, 0.0]) - n[1] * n
    base /= np.linalg.norm(base)
    other = np.cross(n, base)
    y_skin = skin_y(spine)
    obstacles = local_obstacles(spine, tip, 120.0)
    nerves = Distance([m.mesh for k, m in spine.structures.items() if m.group == "nerves"])
    cands = []
    for psi in np.arange(-40.0, 40.1, 2.0):
        d = np.cos(np.radians(psi)) * base + np.sin(np.radians(psi)) * other
        if d[1] <= 0.2:
            continue
        length = to_skin(tip, d, y_skin)
        entry = tip - length * d
        p, t = _samples(entry, d, length, 0.5)
        outer = t < length - FACET_END
        c = obstacles(p[outer]) - NEEDLE_RADIUS
        root_ok = bool((nerves(p) > NEEDLE_RADIUS).all())
        cands.append((root_ok and c.min() >= MIN_CLEARANCE, round(min(c.min(), CLEARANCE_CAP) * 2) / 2, -abs(psi),
                      float(c.min()), d, entry, length))
    ok, _, _, clearance, d, entry, length = max(cands, key=lambda c: c[:3])
    o, t = angles(d)
    return NeedlePath(entry, tip, d, float(length), o, t, bool(ok), clearance, f"facet_{segment}_{side}")


@per_spine("marrow")
def marrow_path(spine, side: str = "left") -> NeedlePath:
    """Trocar into the most medial part of the PSIS, MARROW_LATERAL° laterally from vertical, no cephalad tilt.

    Rays in that direction are cast at the PSIS's height (±6 mm) across the posterior ilium; of those that run
    between the cortices for MARROW_DEPTH + 5 mm with at least 2.5 mm of bone around their centre line, the
    most medial wins (the one with the most bone if none has that much).  The tip lies MARROW_DEPTH into the
    bone; the entry MARROW_SOFT_TISSUE outside it.  `min_clearance_mm` is here the least bone around the
    trocar's centre line inside the bone (its depth below the cortex).
    """
    s = side_name(side)
    bone = Distance([spine.structures[f"ilium_{side}"].mesh])
    psis = spine.landmarks.get(f"PSIS ({side})")
    if psis is None:
        pts = np.asarray(spine.structures[f"ilium_{side}"].mesh.points)
        psis = pts[np.argmin(pts[:, 1])]
    d = direction(MARROW_LATERAL, 0.0, s, medial=False)
    best = None
    for dz in np.arange(-6.0, 6.1, 2.0):
        for dx in np.arange(-20.0, 20.1, 1.0):
            start = np.array([psis[0] + s * dx, psis[1] - 40.0, psis[2] + dz]) - 20.0 * d
            p, t = _samples(start, d, 130.0, 0.5)
            inside = bone(p)
            if not (inside < 0).any():
                continue
            first = int(np.argmax(inside < 0))
            corridor = inside[(t > t[first] + 3.0) & (t < t[first] + MARROW_DEPTH + 5.0)]
            depth = float(-corridor.max()) if len(corridor) else -np.inf
            b = p[first]
            key = (depth >= 2.5, -abs(b[0]) if depth >= 2.5 else depth)
            if best is None or key > best[0]:
                best = (key, b, depth)
    _, b, depth = best
    tip = b + MARROW_DEPTH * d
    entry = b - MARROW_SOFT_TISSUE * d
    o, t = angles(d)
    length = float(np.linalg.norm(tip - entry))
    return NeedlePath(entry, tip, d, length, o, t, bool(depth > NEEDLE_RADIUS), depth, f"ilium_{side}")


def sij_target(spine, side: str) -> np.ndarray:
    """The mid-cleft point of the posterior joint line in the sacroiliac joint's lower third: of the sacral
    cartilage SIJ_ABOVE_LOWEST above the joint's lowest point, its posterior edge, carried half way across to the
    iliac cartilage."""
    sacral = np.asarray(spine.structures[f"si_cartilage_{side}_sacrum"].mesh.points, dtype=float)
    iliac = spine.structures[f"si_cartilage_{side}_ilium"].mesh
    low = sacral[:, 2].min()
    band = sacral[(sacral[:, 2] >= low + SIJ_ABOVE_LOWEST[0]) & (sacral[:, 2] <= low + SIJ_ABOVE_LOWEST[1])]
    back = band[band[:, 1] <= band[:, 1].min() + 4.0].mean(axis=0)  # the posterior few mm of the band
    across = np.asarray(iliac.points, dtype=float)[iliac.find_closest_point(back)]
    return 0.5 * (back + across)


@per_spine("sij")
def sij_path(spine, side: str = "left") -> NeedlePath:
    """From the skin of the buttock into the lower third of the sacroiliac joint, along the beam that opens it.

    The beam is turned SIJ_OBLIQUE towards the other side and tilted within SIJ_TILT (§5.6): the needle, in
    tunnel view, heads laterally as it goes forward, into the posterior joint line.  Of those directions the one
    that keeps the most clearance from bones and roots until the last SIJ_END mm (counted up to CLEARANCE_CAP)
    wins; ties go to the smallest tilt, then the oblique nearest the middle of SIJ_OBLIQUE.  The joint's own
    cartilage and ligaments are not obstacles: the needle is meant to enter them.  The skin here lies
    MARROW_SOFT_TISSUE behind the PSIS, where the back's skin model (made for the lumbar spine) would be too near.
    """
    s = side_name(side)
    tip = sij_target(spine, side)
    psis = spine.landmarks.get(f"PSIS ({side})", tip)
    y_skin = min(skin_y(spine), psis[1] - MARROW_SOFT_TISSUE)  # the buttock's skin lies as far behind the PSIS
    near = local_obstacles(spine, tip, 120.0, names=[n for n in obstacle_names(spine) if not n.startswith("si_")])
    cands = []
    middle = 0.5 * sum(SIJ_OBLIQUE)
    for o in np.arange(SIJ_OBLIQUE[0], SIJ_OBLIQUE[1] + 1e-6, 2.5):
        for t in np.arange(SIJ_TILT[0], SIJ_TILT[1] + 1e-6, 2.5):
            d = direction(o, t, s, medial=False)
            length = to_skin(tip, d, y_skin)
            entry = tip - length * d
            p, u = _samples(entry, d, length, 0.75)
            c = float((near(p[u < length - SIJ_END]) - NEEDLE_RADIUS).min())
            cands.append((c >= MIN_CLEARANCE, round(min(c, CLEARANCE_CAP) * 2) / 2, -abs(t), -abs(o - middle),
                          c, d, entry, length))
    ok, _, _, _, clearance, d, entry, length = max(cands, key=lambda c: c[:4])
    o, t = angles(d)
    return NeedlePath(entry, tip, d, float(length), o, t, bool(ok), clearance, f"si_joint_{side}")

"""The iliac bones: a schematic ilium per side (wing, crest, PSIS, posterior table, greater sciatic notch).

World coordinates (mm, RAS: +x right, +y anterior, +z superior), written for the right side; the left bone is
the same field seen in a mirror.  The shape is a plate whose middle surface flares laterally as it runs forward
(x = X(y, z)), cut to the ilium's outline as seen from the side (a polygon in y, z), thickened into the posterior
table behind the sacroiliac joint and rimmed along the crest.  Its auricular part (meshes.sacroiliac) reaches in to
the sacrum, which then carves the bone back to the joint space, so the ilium articulates with the sacrum's side
without ever entering it.

Schematic (D): sizes follow an adult pelvis placed on this model's sacrum: the crest's top at the L4–L5 level, the
PSIS about 4.5 cm from the midline at S2 [anatomy texts, D], the posterior ilium turned about 30° from the
sagittal plane so that a trocar tilted 24° laterally from the PSIS runs between its tables for about 7 cm
(medical.md §5.7, [S135]), and the hip centre about 11 cm below the S1 endplate at a pelvic incidence of about
53° (medical.md §1, [S28]).
"""

from __future__ import annotations

import numpy as np

from meshes import sacroiliac, sdf

POSTERIOR_Y = -50.0  # the plate's posterior edge (the PSIS)
# The middle surface: x where the plate starts behind, its angle to the sagittal plane there, and how far
# laterally it can flare (it turns forward as it approaches that), all smooth in the height z.
LOW_Z, HIGH_Z = -110.0, 0.0  # the wing twists from the posterior table's angle (low) to the crest's (high)
FLARE_DEG = (27.0, 58.0)
FLARE_MAX = (48.0, 105.0)
START_X = 42.0
# The ilium as seen from the right side (y anterior, z up), clockwise from the PSIS: posterior crest, the top of
# the crest, iliac tubercle, ASIS, AIIS, the body above the acetabulum, then back up the posterior border through
# the greater sciatic notch and the PIIS.
OUTLINE = np.array([
    (-52.0, -60.0), (-44.0, -32.0), (-28.0, -11.0), (-6.0, -2.0), (22.0, -5.0), (50.0, -18.0), (74.0, -38.0),
    (86.0, -56.0), (80.0, -70.0), (84.0, -84.0), (74.0, -104.0), (72.0, -140.0), (58.0, -162.0), (30.0, -166.0),
    (28.0, -146.0), (18.0, -126.0), (2.0, -112.0), (-18.0, -103.0), (-32.0, -96.0), (-40.0, -86.0), (-43.0, -78.0),
    (-50.0, -68.0),
])
CREST = OUTLINE[:8]  # PSIS to ASIS along the top


def polygon(q: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Signed distance to a closed 2-D polygon (negative inside), for (N, 2) points."""
    d = np.full(len(q), np.inf)
    sign = np.ones(len(q))
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[i - 1]
        e = b - a
        w = q - a
        t = np.clip((w @ e) / (e @ e), 0.0, 1.0)
        d = np.minimum(d, np.linalg.norm(w - t[:, None] * e, axis=1))
        c1 = q[:, 1] >= a[1]
        c2 = q[:, 1] < b[1]
        c3 = e[0] * w[:, 1] > e[1] * w[:, 0]
        flip = (c1 & c2 & c3) | (~c1 & ~c2 & ~c3)
        sign[flip] *= -1.0
    return sign * d


def middle_x(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x of the plate's middle surface at (y, z), and its slope dx/dy."""
    u = sdf.smoothstep((z - LOW_Z) / (HIGH_Z - LOW_Z))
    low = np.clip((LOW_Z + 20.0 - z) / 70.0, 0.0, 1.0)
    x0 = START_X + 12.0 * low * low
    slope = np.tan(np.radians(FLARE_DEG[0] + (FLARE_DEG[1] - FLARE_DEG[0]) * u))
    flare = FLARE_MAX[0] + (FLARE_MAX[1] - FLARE_MAX[0]) * u
    s = y - POSTERIOR_Y
    e = np.exp(-np.clip(s, 0.0, None) * slope / flare)
    x = np.where(s > 0, x0 + flare * (1.0 - e), x0 + s * slope)
    return x, np.where(s > 0, slope * e, slope)


def thickness(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Full thickness: thick posterior table behind the joint, a thin wing in front, thicker again low down."""
    s = np.clip(y - POSTERIOR_Y, 0.0, None)
    table = 10.0 * np.exp(-s / 40.0)
    body = 10.0 * np.clip((-90.0 - z) / 40.0, 0.0, 1.0)
    return 5.0 + np.maximum(table, body)


def wing(p: np.ndarray) -> np.ndarray:
    """The plate cut to the outline (right side)."""
    mx, slope, half, outline = per_column(p[:, 1:], section)
    plate = (np.abs(p[:, 0] - mx) - half) / np.sqrt(1.0 + slope**2)
    return sdf.smax(plate, outline, 3.0)


def section(q: np.ndarray) -> tuple[np.ndarray, ...]:
    """What the wing is at (y, z), whatever x: middle surface x, its slope, half thickness, outline distance."""
    y, z = q[:, 0], q[:, 1]
    mx, slope = middle_x(y, z)
    return mx, slope, 0.5 * thickness(y, z), polygon(q, OUTLINE)


def per_column(q: np.ndarray, f) -> tuple[np.ndarray, ...]:
    """f of each row of q, worked out once per run of equal consecutive rows.

    The grid lists its nodes row by row along x, and the ilium, a plate facing sideways, crosses each row in a
    run of a dozen or so nodes that share (y, z): the outline, the costly part, is found a dozen times less often.
    """
    starts = np.flatnonzero(np.concatenate([[True], (q[1:] != q[:-1]).any(axis=1)]))
    counts = np.diff(np.append(starts, len(q)))
    return tuple(np.repeat(v, counts) for v in f(q[starts]))


def crest_points() -> np.ndarray:
    """The crest as 3-D points on the plate's middle surface, a little below the outline's edge."""
    y, z = CREST[:, 0], CREST[:, 1] - 3.0
    return np.column_stack([middle_x(y, z)[0], y, z])


def crest(p: np.ndarray) -> np.ndarray:
    """The rounded lip of the iliac crest, thicker than the wing below it."""
    pts = crest_points()
    radii = (8.0, 6.5, 5.0, 4.5, 4.5, 4.5, 4.5, 4.0)
    d = np.full(len(p), 1e6)
    for a, b, ra, rb in zip(pts[:-1], pts[1:], radii[:-1], radii[1:]):
        d = np.minimum(d, sdf.round_cone(p, a, b, ra, rb))
    return d


def psis() -> np.ndarray:
    """Posterior superior iliac spine (right), a point on the bone's posterior surface."""
    y, z = -50.0, -62.0
    return np.array([middle_x(np.array([y]), np.array([z]))[0][0], y, z])


def ilium(p: np.ndarray, auricle) -> np.ndarray:
    """The right ilium before the sacrum carves it; `auricle` is its auricular part (a world field)."""
    d = sdf.smin(wing(p), crest(p), 3.0)
    tubercle = sdf.ellipsoid(p, psis() + (2.0, 6.0, 0.0), (9.0, 9.0, 14.0))  # the posterior spines' bulk
    d = sdf.smin(d, tubercle, 4.0)
    return sdf.smin(d, auricle(p), 6.0)


def ilium_field(side: float, sacrum, s1_world: np.ndarray):
    """The ilium of one side (+1 right, -1 left) in world coordinates, clear of `sacrum` (a world field) by the
    sacroiliac joint space; `s1_world` places the sacrum's frame, where the joint is defined."""
    mirror = np.array([side, 1.0, 1.0])
    auricle = sdf.seen_from(sacroiliac.iliac_boss, s1_world)  # the sacrum is symmetric: mirror in world, then place
    return lambda p: sdf.carved(p, lambda q: ilium(q * mirror, auricle), [sacrum], sacroiliac.JOINT_SPACE,
                                sdf.SURFACE_BAND)


def bounds(side: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid box of one ilium (world)."""
    lo, hi = np.array([20.0, -75.0, -180.0]), np.array([150.0, 100.0, 10.0])
    if side < 0:
        lo, hi = np.array([-hi[0], lo[1], lo[2]]), np.array([-lo[0], hi[1], hi[2]])
    return lo, hi


def landmarks() -> dict[str, np.ndarray]:
    """PSIS per side and the top of the crest (left)."""
    out = {}
    for side, name in ((1.0, "right"), (-1.0, "left")):
        out[f"PSIS ({name})"] = psis() * (side, 1.0, 1.0)
    top = crest_points()[np.argmax(crest_points()[:, 2])]
    out["iliac crest"] = top * (-1.0, 1.0, 1.0) + (0.0, 0.0, 4.0)
    return out

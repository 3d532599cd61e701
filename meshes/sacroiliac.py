"""The sacroiliac joints: the ear-shaped (auricular) joint surface, its cartilage and the main posterior ligaments.

Frame: the sacrum's (S1) frame, written for the right side; the left joint is its mirror in x.  The joint is
modelled as a plane on the side of the sacrum (its normal turned JOINT_TILT downwards, as the sacrum narrows below
S2) and, in that plane, an L-shaped outline: two limbs about 4.4 cm (upper) and 5.6 cm (lower) long and 2 cm wide,
93° apart [S226] V, about 17.5 cm² in all [S221] S.  The sacrum gains a lateral mass whose face is that plane inside
the outline; the ilium gains an auricular boss that the sacrum carves back to the joint space, JOINT_SPACE, the CT
mean of adults [S228] V.  Cartilage lines both faces; the cleft between the sheets is what is left of the space.

The interosseous ligament fills the hollow behind the joint, between the limbs, where the bones do not touch; the
long posterior ligament runs from the posterior superior iliac spine down to the sacrum's side at S3–S4 [S227] S.
Orientation and the ligaments' sizes are schematic (D): no readable source gives them (medical.md §11.2).
"""

from __future__ import annotations

import numpy as np

from meshes import sdf

JOINT_SPACE = 1.7  # mm, bone to bone: CT mean 1.72 ± 0.57 mm (n=400) [S228] V
CARTILAGE = 0.6  # mm per face, leaving a cleft of about half a millimetre (D)
LIMBS = (44.0, 56.0)  # mm, upper and lower limb [S226] V
LIMB_WIDTH = 20.0  # mm [S226] V
LIMB_ANGLE = 93.0  # degrees between the limbs' axes [S226] V
UPPER_DIRECTION = 160.0  # degrees in the joint plane from anterior towards up: the upper limb runs back (D)
CORNER = (9.0, 8.0)  # the corner of the L in the joint plane (anterior, up) from ORIGIN, mm (D)
ORIGIN = np.array([41.0, -8.0, -40.0])  # a point of the joint plane (S1 frame, right side), at S2 (D)
JOINT_TILT = 25.0  # degrees the joint's normal turns downwards from lateral: the sacrum is a wedge (D)
MASS_DEPTH = 22.0  # mm of the sacrum's lateral mass behind the joint face
BOSS_DEPTH = 26.0  # mm of the ilium's auricular boss lateral to the joint face
LONG_LOW = np.array([24.0, -21.0, -66.0])  # where the long posterior ligament meets the sacrum, S3–S4 (D)
LIGAMENT_CLEARANCE = 0.3  # mm kept between a ligament and the bones it joins


def axes() -> np.ndarray:
    """Rows: the joint's normal (out of the sacrum), anterior and up within its plane (S1 frame, right side)."""
    t = np.radians(JOINT_TILT)
    normal = np.array([np.cos(t), 0.0, -np.sin(t)])
    anterior = np.array([0.0, 1.0, 0.0])
    return np.array([normal, anterior, np.cross(normal, anterior)])


def to_joint(p: np.ndarray) -> np.ndarray:
    """(depth out of the sacrum's face, anterior, up) of S1-frame points (right side)."""
    return (p - ORIGIN) @ axes().T


def limb_ends() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The corner and the far ends of the two limbs' axes in the joint plane (anterior, up), mm.  Each limb is a
    band of LIMB_WIDTH rounded at its end, so its axis stops half a width short of the limb's length."""
    corner = np.array(CORNER)
    ends = []
    for angle, length in ((UPPER_DIRECTION, LIMBS[0]), (UPPER_DIRECTION + LIMB_ANGLE, LIMBS[1])):
        a = np.radians(angle)
        ends.append(corner + (length - 0.5 * LIMB_WIDTH) * np.array([np.cos(a), np.sin(a)]))
    return corner, ends[0], ends[1]


def _segment(q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of 2-D points to the segment a-b."""
    e = b - a
    t = np.clip(((q - a) @ e) / (e @ e), 0.0, 1.0)
    return np.linalg.norm(q - a - t[:, None] * e, axis=1)


def outline(q: np.ndarray, grow: float = 0.0) -> np.ndarray:
    """Signed distance, in the joint plane, to the auricular outline grown by `grow` mm (negative inside)."""
    corner, upper, lower = limb_ends()
    limbs = np.minimum(_segment(q, corner, upper), _segment(q, corner, lower))
    return limbs - 0.5 * LIMB_WIDTH - grow


def surface_area(step: float = 0.25) -> float:
    """Area of the auricular outline, mm² (counted on a fine grid of the joint plane)."""
    corner, upper, lower = limb_ends()
    pts = np.array([corner, upper, lower])
    lo, hi = pts.min(axis=0) - LIMB_WIDTH, pts.max(axis=0) + LIMB_WIDTH
    a, b = np.meshgrid(np.arange(lo[0], hi[0], step), np.arange(lo[1], hi[1], step))
    return float((outline(np.column_stack([a.ravel(), b.ravel()])) < 0).sum() * step * step)


def _prism(p: np.ndarray, inner: float, outer: float, grow: float) -> np.ndarray:
    """The outline (grown) swept along the normal from depth `inner` to `outer` (S1 frame, right side)."""
    j = to_joint(p)
    depth = np.maximum(inner - j[:, 0], j[:, 0] - outer)
    return sdf.smax(outline(j[:, 1:], grow), depth, 2.0)


def lateral_mass(p: np.ndarray) -> np.ndarray:
    """The sacrum's auricular part (right side): its face is the joint plane inside the outline."""
    return _prism(p, -MASS_DEPTH, 0.0, 0.0)


def iliac_boss(p: np.ndarray) -> np.ndarray:
    """The ilium's auricular part (right side, S1 frame), reaching just past the sacrum's face so that carving it by
    the sacrum leaves the ilium's joint face one joint space from the sacrum's, and no lip of ilium round its rim."""
    return _prism(p, 0.5, BOSS_DEPTH, 0.0)


def cartilage(p: np.ndarray, sacrum, iliac: bool) -> np.ndarray:
    """One cartilage sheet (right side, S1 frame): on the sacrum's face (`iliac` False) or the ilium's.  `sacrum` is
    the sacrum's field: the sheet is a shell at a set distance from it, inside the outline."""
    d = sacrum(p)
    start = JOINT_SPACE - CARTILAGE - 0.02 if iliac else 0.02
    shell = np.maximum(start - d, d - start - CARTILAGE)
    j = to_joint(p)
    return np.maximum.reduce([shell, outline(j[:, 1:], -0.5), np.abs(j[:, 0]) - 6.0])


def interosseous(p: np.ndarray) -> np.ndarray:
    """The interosseous ligament (right side, S1 frame, before the bones carve it): a block in the hollow of the L,
    behind the joint, from deep on the sacrum's side out to the ilium."""
    corner, upper, lower = limb_ends()
    inside = (upper - corner) / np.linalg.norm(upper - corner) + (lower - corner) / np.linalg.norm(lower - corner)
    centre = corner + 0.5 * LIMB_WIDTH * 2.2 * inside / np.linalg.norm(inside)
    j = to_joint(p)
    flat = np.linalg.norm(j[:, 1:] - centre, axis=1) - 0.6 * LIMB_WIDTH
    depth = np.maximum(-12.0 - j[:, 0], j[:, 0] - 12.0)
    return sdf.smax(flat, depth, 3.0)


def long_posterior(p: np.ndarray, psis: np.ndarray) -> np.ndarray:
    """The long posterior sacroiliac ligament (right side, S1 frame): a flat band from the PSIS (`psis`, S1 frame)
    down to the sacrum's side at S3–S4."""
    return sdf.flat_capsule(p, psis + (0.0, -3.0, 0.0), LONG_LOW, (7.0, 2.2), (5.0, 2.0), up=(0.0, -1.0, 0.0))


def plane_bounds() -> tuple[np.ndarray, np.ndarray]:
    """Box around the cartilage in joint coordinates (depth, anterior, up)."""
    pts = np.array(limb_ends())
    lo, hi = pts.min(axis=0) - 0.5 * LIMB_WIDTH - 2.0, pts.max(axis=0) + 0.5 * LIMB_WIDTH + 2.0
    return np.array([-2.0, *lo]), np.array([JOINT_SPACE + 2.0, *hi])


def ligament_bounds(part: str, psis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Box around a ligament (S1 frame, right side): "interosseous" or "long_posterior"."""
    if part == "long_posterior":
        pts = np.array([psis, LONG_LOW])
        return pts.min(axis=0) - 10.0, pts.max(axis=0) + 10.0
    a = axes()
    corner = np.array(limb_ends())
    pts = np.array([ORIGIN + d * a[0] + q[0] * a[1] + q[1] * a[2] for q in corner for d in (-14.0, 14.0)])
    return pts.min(axis=0) - LIMB_WIDTH, pts.max(axis=0) + LIMB_WIDTH

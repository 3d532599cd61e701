"""Signed-distance primitives and blends (numpy, points as (N, 3) arrays; negative inside).

Bones are modelled as smooth unions of simple solids so that the processes grow out of the body the way
bone does, without the seams of boxes glued together.  Distances are exact for the primitives and close to
exact near the surface after blending, which is all the surface extraction and the fidelity fit need.
"""

from __future__ import annotations

import functools

import numpy as np

CULL_MARGIN = 8.0  # mm; larger than any blend radius plus the surface band, so culling never changes a surface
# mm; a field that is only meshed needs its exact value only nearer zero than this: at the ends of the grid edges a
# surface crosses |f| stays under 1.05 grid spacings (measured), and spacings are 0.7 to 1.6 mm
SURFACE_BAND = 4.0


def smoothstep(u):
    """0 below 0, 1 above 1, and between them a curve that starts and ends flat (3u² - 2u³): the one ease of
    the project, for shapes, load curves, story steps and camera turns alike.  A number gives a Python float
    (story values end up in VTK calls that refuse numpy scalars), an array an array."""
    u = np.clip(u, 0.0, 1.0)
    s = u * u * (3.0 - 2.0 * u)
    return float(s) if np.ndim(s) == 0 else s


def culled(p: np.ndarray, lo, hi, exact) -> np.ndarray:
    """Evaluate `exact` only for points near the box [lo, hi] that holds the primitive.

    A point outside the box grown by CULL_MARGIN is at least that far from the primitive, so the margin itself
    is returned there: a lower bound with the right sign, too far away to take part in any blend.  Most of a
    bone's grid lies far from most of its primitives, so this is where building gets its speed.
    """
    lo = np.asarray(lo, dtype=float) - CULL_MARGIN
    hi = np.asarray(hi, dtype=float) + CULL_MARGIN
    near = np.nonzero((p[:, 0] > lo[0]) & (p[:, 0] < hi[0]))[0]
    for axis in (1, 2):  # each test only on the points the previous ones kept: a third of the work
        c = p[near, axis]
        near = near[(c > lo[axis]) & (c < hi[axis])]
    out = np.full(len(p), CULL_MARGIN)
    if len(near):
        out[near] = exact(p[near])
    return out


def carved(p: np.ndarray, solid, cutters, clearance: float, reach: float = CULL_MARGIN) -> np.ndarray:
    """`solid` less everything within `clearance` of the `cutters` (fields taking the same points).

    The cutters are evaluated only where the solid is nearer than `reach`; elsewhere the solid's own value is
    returned, a lower bound with the right sign as in `culled`.  Carving a bone by its neighbours then costs
    little more than the bone.
    """
    d = np.array(solid(p), dtype=float)
    near = np.nonzero(d < reach)[0]
    if len(near):
        q = p[near]
        d[near] = np.maximum.reduce([d[near], *(clearance - cutter(q) for cutter in cutters)])
    return d


def smin(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Smooth union: a fillet of about `k` mm where two solids meet."""
    if k <= 0:
        return np.minimum(a, b)
    # b + (a - b) h - k h (1 - h), h = clip(0.5 + 0.5 (b - a) / k): the same operations, in place (it runs for
    # every primitive at every point, and fresh temporaries cost more than the arithmetic)
    h = b - a
    h *= 0.5
    h /= k
    h += 0.5
    np.clip(h, 0.0, 1.0, out=h)
    out = a - b
    out *= h
    out += b
    fillet = h * k
    fillet *= 1.0 - h
    out -= fillet
    return out


def smax(a: np.ndarray, b: np.ndarray, k: float) -> np.ndarray:
    """Smooth intersection (and, with -b, smooth subtraction)."""
    return -smin(-a, -b, k)


def to_local(p: np.ndarray, center, axes: np.ndarray | None = None) -> np.ndarray:
    """Points in a frame at `center` whose rows of `axes` are its unit x, y, z directions."""
    q = p - np.asarray(center, dtype=float)
    return q if axes is None else q @ np.asarray(axes, dtype=float).T


def cross(a, b) -> np.ndarray:
    """The cross product of two 3-vectors, as np.cross computes it but without its overhead: frames are
    worked out at every evaluation of every primitive, where np.cross alone took a fifth of a bone's time."""
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def frame(direction, up=(0.0, 0.0, 1.0)) -> np.ndarray:
    """Orthonormal axes whose x is `direction` and whose z is as close to `up` as possible.

    Every evaluation of a primitive asks again for the same few frames, so each is worked out once and kept
    (read-only).
    """
    return _frame(tuple(map(float, direction)), tuple(map(float, up)))


@functools.lru_cache(maxsize=1024)
def _frame(direction: tuple[float, ...], up: tuple[float, ...]) -> np.ndarray:
    x = np.asarray(direction, dtype=float)
    x = x / np.linalg.norm(x)
    y = cross(np.asarray(up, dtype=float), x)
    if np.linalg.norm(y) < 1e-9:
        y = cross((0.0, 1.0, 0.0), x)
    y /= np.linalg.norm(y)
    axes = np.stack([x, y, cross(x, y)])
    axes.flags.writeable = False
    return axes


def ellipsoid(p: np.ndarray, center, radii, axes=None) -> np.ndarray:
    """Approximate distance to an ellipsoid (Quilez's bound, good near the surface)."""
    reach = max(radii)
    return culled(p, np.subtract(center, reach), np.add(center, reach), lambda q: _ellipsoid(q, center, radii, axes))


def _ellipsoid(p: np.ndarray, center, radii, axes) -> np.ndarray:
    q = to_local(p, center, axes) / np.asarray(radii, dtype=float)
    k0 = np.linalg.norm(q, axis=1)
    k1 = np.linalg.norm(q / np.asarray(radii, dtype=float), axis=1)
    return k0 * (k0 - 1.0) / np.maximum(k1, 1e-9)


def round_cone(p: np.ndarray, a, b, ra: float, rb: float) -> np.ndarray:
    """Capsule from `a` to `b` whose radius tapers from `ra` to `rb` (linear, not exact for strong tapers)."""
    r = max(ra, rb)
    lo, hi = np.minimum(a, b) - r, np.maximum(a, b) + r
    return culled(p, lo, hi, lambda q: _round_cone(q, a, b, ra, rb))


def _round_cone(p: np.ndarray, a, b, ra: float, rb: float) -> np.ndarray:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ab = b - a
    t = np.clip((p - a) @ ab / (ab @ ab), 0.0, 1.0)
    closest = a + t[:, None] * ab
    return np.linalg.norm(p - closest, axis=1) - (ra + (rb - ra) * t)


def flat_capsule(p: np.ndarray, a, b, radii_ab, radii_cd, up=(0.0, 0.0, 1.0), power: float = 2.0) -> np.ndarray:
    """Capsule with an elliptic section (width, height) tapering from a to b: processes and pedicles.

    `power` above 2 squares the section off (a spinous process is a plate, a pedicle is round).
    """
    r = max(*radii_ab, *radii_cd)
    lo, hi = np.minimum(a, b) - r, np.maximum(a, b) + r
    return culled(p, lo, hi, lambda q: _flat_capsule(q, a, b, radii_ab, radii_cd, up, power))


def _flat_capsule(p: np.ndarray, a, b, radii_ab, radii_cd, up, power) -> np.ndarray:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    axes = frame(b - a, up)
    q = to_local(p, a, axes)
    length = np.linalg.norm(b - a)
    t = np.clip(q[:, 0] / length, 0.0, 1.0)
    w = radii_ab[0] + (radii_cd[0] - radii_ab[0]) * t
    h = radii_ab[1] + (radii_cd[1] - radii_ab[1]) * t
    dx = q[:, 0] - t * length
    section = (np.abs(q[:, 1] / w) ** power + np.abs(q[:, 2] / h) ** power) ** (2.0 / power)
    r = np.sqrt(section + (dx / np.minimum(w, h)) ** 2)
    return (r - 1.0) * np.minimum(w, h)


def seen_from(field, matrix: np.ndarray):
    """A field defined in frame A, evaluated at points given in frame B; `matrix` maps A into B."""
    inverse = np.linalg.inv(matrix)
    rotation, shift = inverse[:3, :3].T, inverse[:3, 3]
    return lambda p: field(p @ rotation + shift)

"""The dural sac and the nerve roots L1–L5 and S1.

Paths are set in each vertebra's own frame from its canal and pedicle parameters, then carried into the world,
so they follow the canal and the foramina wherever the stack puts them.  A lumbar root leaves the sac about one
level up, runs down in the lateral recess medial to its own pedicle, and exits through the foramen *below* that
pedicle ([S77] S: L5 leaves through the L5–S1 foramen); the dorsal root ganglion sits in the foramen.
"""

from __future__ import annotations

import numpy as np

from meshes import sdf
from meshes.params import LEVELS, VertebraParams

ROOT_RADIUS = 2.2  # ventral + dorsal root bundle (D)
GANGLION_RADIUS = 3.4  # dorsal root ganglion in the foramen (D)
NERVE_RADIUS = 2.8  # spinal nerve beyond the foramen (D)


def to_world(matrix: np.ndarray, points) -> np.ndarray:
    """Points of a local frame in world coordinates."""
    pts = np.asarray(points, dtype=float)
    return pts @ matrix[:3, :3].T + matrix[:3, 3]


def canal_centre(v: VertebraParams) -> np.ndarray:
    """Centre of the bony canal at mid-pedicle height, in the vertebra's frame."""
    return np.array([0.0, -0.5 * v.body_depth - 0.5 * v.canal_depth, v.pedicle_z])


def dural_path(world: dict[str, np.ndarray], vertebrae: dict[str, VertebraParams]) -> tuple[np.ndarray, np.ndarray]:
    """Centre line of the sac from above L1 to its end at S2, with half width and half depth along it."""
    pts, radii = [], []
    for level in LEVELS:
        v = vertebrae[level]
        c = canal_centre(v)
        for z in (8.0, c[2], -0.5 * (v.body_height_ant + v.body_height_post) - 2.0):
            pts.append(to_world(world[level], [c[0], c[1], z]))
            radii.append((0.33 * v.canal_width, 0.36 * v.canal_depth))
    for point, r in (((0.0, -24.0, -6.0), (8.5, 5.0)), ((0.0, -22.0, -30.0), (3.0, 2.5))):
        pts.append(to_world(world["S1"], point))
        radii.append(r)
    return np.array(pts), np.array(radii)


def dural_sac(world: dict[str, np.ndarray], vertebrae: dict[str, VertebraParams]):
    """The sac as a chain of flattened capsules through the canal centres."""
    pts, radii = dural_path(world, vertebrae)
    up = world["L3"][:3, 1]  # the sac is flattened front to back

    def field(p: np.ndarray) -> np.ndarray:
        d = np.full(len(p), 1e6)
        for i in range(len(pts) - 1):
            d = sdf.smin(d, sdf.flat_capsule(p, pts[i], pts[i + 1], radii[i], radii[i + 1], up=up), 1.5)
        return d

    return field, pts


def root_path(v: VertebraParams, side: float) -> list[tuple[tuple[float, float, float], float]]:
    """A lumbar root in its own vertebra's frame: (point, radius) from the sac to beyond the foramen."""
    back = -0.5 * v.body_depth
    medial = 0.5 * v.canal_width
    under = v.pedicle_z - 0.5 * v.pedicle_height
    return [
        ((side * 5.0, back - 0.45 * v.canal_depth, 7.0), ROOT_RADIUS),
        ((side * (medial - 3.0), back - 3.5, v.pedicle_z + 1.0), ROOT_RADIUS),
        ((side * (medial + 0.5 * v.pedicle_width), back - 3.0, under - 4.5), GANGLION_RADIUS),
        ((side * (medial + v.pedicle_width + 9.0), back + 5.0, under - 12.0), NERVE_RADIUS),
        ((side * (medial + v.pedicle_width + 22.0), back + 14.0, under - 30.0), NERVE_RADIUS),
    ]


def s1_root_path(side: float) -> list[tuple[tuple[float, float, float], float]]:
    """The S1 root in the sacrum's frame: down the sacral canal and out through the S1 foramen.

    The foramen's axis is the one meshes.sacrum cuts (x about 14 mm, falling 4 mm over 50 mm front to back).
    """
    return [
        ((side * 5.0, -24.0, 7.0), ROOT_RADIUS),
        ((side * 9.0, -20.0, -21.0), ROOT_RADIUS),
        ((side * 13.5, -14.0, -28.0), GANGLION_RADIUS),
        ((side * 14.0, 6.0, -26.5), NERVE_RADIUS),
        ((side * 17.0, 22.0, -36.0), NERVE_RADIUS),
        ((side * 21.0, 32.0, -54.0), NERVE_RADIUS),
    ]


def densify(points: np.ndarray, radii: np.ndarray, steps: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """A smooth path through the control points (Catmull–Rom), with the radii interpolated along it."""
    padded = np.vstack([2 * points[0] - points[1], points, 2 * points[-1] - points[-2]])
    t = np.linspace(0.0, 1.0, steps, endpoint=False)[:, None]
    out, rad = [], []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1:i + 3]
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
        rad.append(radii[i - 1] + (radii[i] - radii[i - 1]) * t[:, 0])
    return np.vstack([*out, points[-1:]]), np.concatenate([*rad, radii[-1:]])


def clear_of(paths: list[tuple[np.ndarray, np.ndarray, list[str]]], bones: dict, clearance: float = 0.6,
             rounds: int = 12) -> list[np.ndarray]:
    """Nudge each root's path out of the bones around it, as a real root lies in the gaps between them.

    `paths` holds (points, radii, names of the bones it passes between); `bones` maps those names to world
    fields.  Each point moves along the bones' distance gradient until the root's surface clears them by
    `clearance`; the ends stay put (the take-off from the sac and the nerve's far end).  All roots move
    together, so that each bone is asked once a round about every point near it: a call costs far more than
    its few points.
    """
    pts = [points.copy() for points, _, _ in paths]
    h = 0.25
    steps = np.vstack([np.eye(3), -np.eye(3)]) * h
    for _ in range(rounds):
        probes = [np.vstack([p, (p[:, None, :] + steps[None]).reshape(-1, 3)]) for p in pts]
        nearest = nearest_bone(probes, [near for _, _, near in paths], bones)
        moved = False
        for p, (_, radii, _), d in zip(pts, paths, nearest):
            short = (radii + clearance) - d[:len(p)]
            short[[0, -1]] = 0.0
            if (short <= 0).all():
                continue
            dp = d[len(p):].reshape(len(p), 6)
            grad = (dp[:, :3] - dp[:, 3:]) / (2 * h)
            grad /= np.maximum(np.linalg.norm(grad, axis=1, keepdims=True), 1e-9)
            p += grad * np.clip(short, 0.0, None)[:, None]
            moved = True
        if not moved:
            break
    return pts


def nearest_bone(points: list[np.ndarray], near: list[list[str]], bones: dict) -> list[np.ndarray]:
    """For each set of points, the smallest of the named bones' fields: one call per bone for all sets."""
    out = [np.full(len(p), np.inf) for p in points]
    for name, field in bones.items():
        users = [i for i, names in enumerate(near) if name in names]
        if not users:
            continue
        values = field(np.vstack([points[i] for i in users]))
        for i, v in zip(users, np.split(values, np.cumsum([len(points[i]) for i in users])[:-1])):
            np.minimum(out[i], v, out=out[i])
    return out


def root(path_world: list[tuple[np.ndarray, float]]):
    """A root as tapered capsules along its path (world coordinates)."""

    def field(p: np.ndarray) -> np.ndarray:
        d = np.full(len(p), 1e6)
        for (a, ra), (b, rb) in zip(path_world[:-1], path_world[1:]):
            d = np.minimum(d, sdf.round_cone(p, a, b, ra, rb))  # shared end radii: a plain union is smooth
        return d

    return field

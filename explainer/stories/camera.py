"""Camera presets and the camera tween as pure functions of numbers.

The window animates by advancing t in [0, 1] and asking `tween` for the camera at t, so the animation
is reproducible, testable without a screen and identical in the window and the screenshot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VIEW_ANGLE = 30.0  # degrees, vertical; a long lens flattens perspective like an atlas drawing
MARGIN = 1.12  # room around the spine so labels beside it stay in the picture

# Direction from the focal point to the eye, and the view-up (RAS: +x right, +y anterior, +z superior).
PRESETS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "anterior": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "posterior": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),
    "lateral": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "oblique": ((-0.72, 0.6, 0.26), (0.0, 0.0, 1.0)),
    "posterolateral": ((-0.62, -0.62, 0.48), (0.0, 0.0, 1.0)),  # over the prone patient's back, from the left
    "superior": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
}
VIEWS = {**PRESETS, "posterosuperior": ((-0.3, -0.8, 0.52), (0.0, 0.0, 1.0))}  # the presets and the stories' own
# shots: "posterosuperior" looks down the prone patient's back as the physician does, so a needle entering reads
DEFAULT_VIEW = "oblique"


@dataclass(frozen=True)
class Pose:
    """Where the camera is: focal point, unit direction towards the eye, distance and view-up."""

    focal: np.ndarray
    direction: np.ndarray
    distance: float
    up: np.ndarray

    @property
    def position(self) -> np.ndarray:
        return self.focal + self.distance * self.direction


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def _frame(direction, up) -> np.ndarray:
    """Rotation whose columns are the camera's right, up and backward axes (OpenGL camera space)."""
    back = _unit(direction)
    right = _unit(np.cross(up, back))
    return np.column_stack([right, np.cross(back, right), back])


def preset_pose(view: str, bounds, aspect: float, mirror: bool = False, free: tuple[float, float] = (0.0, 1.0)) -> Pose:
    """The preset `view` framing the box `bounds` (xmin, xmax, ymin, ymax, zmin, zmax) at `aspect` = w / h.

    `mirror` looks from the patient's other side (the presets look at the left): a story told about the right
    side shows the right foramen.  `free` is the span of the view's width (fractions) to frame the box in, the
    rest being under an inset: the box is centred in that span, not under the inset."""
    direction, up = VIEWS[view]
    if mirror:
        direction = (-direction[0], direction[1], direction[2])
    rot = _frame(direction, up)
    lo, hi = np.asarray(bounds[0::2], float), np.asarray(bounds[1::2], float)
    centre = (lo + hi) / 2
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    local = (corners - centre) @ rot  # coordinates along right, up, back
    half_w, half_h, half_d = np.abs(local).max(axis=0)
    half_view = max(half_h, half_w / (aspect * (free[1] - free[0]))) * MARGIN
    distance = half_view / np.tan(np.radians(VIEW_ANGLE) / 2) + half_d
    width_at_centre = 2.0 * distance * np.tan(np.radians(VIEW_ANGLE) / 2) * aspect
    shift = (0.5 - (free[0] + free[1]) / 2) * width_at_centre  # the box's centre to the middle of `free`
    return Pose(centre + rot[:, 0] * shift, rot[:, 2], float(distance), rot[:, 1])


def ease(t: float) -> float:
    """Smooth start and stop (cubic ease-in-out), so a preset change reads as one calm gesture."""
    t = min(max(t, 0.0), 1.0)
    return 4 * t**3 if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


def _quaternion(rot: np.ndarray) -> np.ndarray:
    """Unit quaternion (w, x, y, z) of a rotation matrix (Shepperd's method, stable for all angles)."""
    m = rot
    trace = np.trace(m)
    if trace > 0:
        s = 2 * np.sqrt(trace + 1)
        q = [s / 4, (m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s]
    else:
        i = int(np.argmax(np.diag(m)))
        j, k = (i + 1) % 3, (i + 2) % 3
        s = 2 * np.sqrt(1 + m[i, i] - m[j, j] - m[k, k])
        q = np.empty(4)
        q[0] = (m[k, j] - m[j, k]) / s
        q[1 + i] = s / 4
        q[1 + j] = (m[j, i] + m[i, j]) / s
        q[1 + k] = (m[k, i] + m[i, k]) / s
    return _unit(q)


def _matrix(q: np.ndarray) -> np.ndarray:
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def _slerp(q0: np.ndarray, q1: np.ndarray, s: float) -> np.ndarray:
    dot = float(np.dot(q0, q1))
    if dot < 0:  # the shorter way round
        q1, dot = -q1, -dot
    if dot > 0.9995:
        return _unit(q0 + s * (q1 - q0))
    angle = np.arccos(dot)
    return (np.sin((1 - s) * angle) * q0 + np.sin(s * angle) * q1) / np.sin(angle)


def tween(start: Pose, end: Pose, t: float) -> Pose:
    """The camera at t in [0, 1] of the move from `start` to `end`: eased, turning on the shortest arc."""
    s = ease(t)
    q = _slerp(_quaternion(_frame(start.direction, start.up)), _quaternion(_frame(end.direction, end.up)), s)
    rot = _matrix(q)
    focal = (1 - s) * np.asarray(start.focal) + s * np.asarray(end.focal)
    distance = (1 - s) * start.distance + s * end.distance
    return Pose(focal, rot[:, 2], float(distance), rot[:, 1])

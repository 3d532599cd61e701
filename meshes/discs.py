"""Intervertebral discs: the annulus fibrosus and the nucleus pulposus, as two separate closed surfaces.

A disc is built in the frame of the vertebra below it.  It takes the outline of the two endplates and fills
the space between the bones exactly: everything inside the outline, between the two endplates and outside both
bones.  So it follows the endplate dishes and the segment's wedge without being positioned by hand, and it can
never overlap the bone.  The nucleus is an ellipse that covers about 43% of the disc's axial area, set a little
back from the centre ([S43] 38–46%, V; [S44] centroid slightly posterior, V).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from meshes.params import VertebraParams
from meshes.vertebra import body_bottom, endplate_depth

Field = Callable[[np.ndarray], np.ndarray]

NUCLEUS_AREA = 0.43  # fraction of the disc's axial area [S43] V
NUCLEUS_SHIFT = 0.08  # posterior shift of the nucleus centre, fraction of disc depth [S44] V (direction)
BULGE = 0.6  # the healthy annulus stands this far proud of the endplate rims (D)
CLEARANCE = 0.15  # disc surface to bone: keeps the surfaces from touching after meshing (D)
OUTLINE_POWER = 2.4  # same squareness as the vertebral body outline
RIM_OVERLAP = 0.3  # the annulus reaches this far past the endplate plane around the rounded rim (D)
NUCLEUS_INSET = 1.2  # the nucleus stops this far inside the disc's top and bottom (D)


def outline_half_axes(lower: VertebraParams, upper: VertebraParams) -> tuple[float, float]:
    """Half width and half depth of the disc: the mean of the two endplate rims, plus the bulge."""
    a = 0.25 * (lower.body_width * (1 + lower.waist) + upper.body_width * (1 + upper.waist)) + BULGE
    b = 0.25 * (lower.body_depth + upper.body_depth) + BULGE
    return a, b


def outline_radius(p: np.ndarray, a: float, b: float, yc: float = 0.0, n: float = OUTLINE_POWER) -> np.ndarray:
    """0 at the centre of the outline, 1 on it."""
    return ((np.abs(p[:, 0]) / a) ** n + (np.abs(p[:, 1] - yc) / b) ** n) ** (1.0 / n)


def superellipse(p: np.ndarray, a: float, b: float, yc: float = 0.0, n: float = OUTLINE_POWER) -> np.ndarray:
    """Approximate distance to an axial superellipse outline (infinite along z)."""
    qx, qy = np.abs(p[:, 0]) / a + 1e-9, np.abs(p[:, 1] - yc) / b + 1e-9
    r = (qx**n + qy**n) ** (1.0 / n)
    grad = r ** (1.0 - n) * np.hypot(qx ** (n - 1) / a, qy ** (n - 1) / b)
    return (r - 1.0) / np.maximum(grad, 1e-6)


def disc(lower: VertebraParams, upper: VertebraParams, lower_bone: Field, upper_bone: Field,
         to_upper: np.ndarray) -> Field:
    """The whole disc (annulus and nucleus together) in the lower vertebra's frame.

    `upper_bone` is the upper vertebra's field in its own frame; `to_upper` maps the lower frame into it.
    """
    a, b = outline_half_axes(lower, upper)
    rot, shift = to_upper[:3, :3].T, to_upper[:3, 3]

    def field(p: np.ndarray) -> np.ndarray:
        q = p @ rot + shift
        r = outline_radius(p, a, b)
        floor = -(endplate_depth(r, lower.concavity_sup) + RIM_OVERLAP) - p[:, 2]
        ceiling = q[:, 2] - (body_bottom(upper, q[:, 1]) + endplate_depth(r, upper.concavity_inf) + RIM_OVERLAP)
        d = np.maximum(superellipse(p, a, b), np.maximum(floor, ceiling))
        return np.maximum(d, np.maximum(CLEARANCE - lower_bone(p), CLEARANCE - upper_bone(q)))

    return field


def nucleus_axes(a: float, b: float) -> tuple[float, float]:
    """Half axes of the nucleus ellipse so that it covers NUCLEUS_AREA of the disc outline."""
    n = OUTLINE_POWER
    outline_area = 4 * a * b * math.gamma(1 + 1 / n) ** 2 / math.gamma(1 + 2 / n)
    k = math.sqrt(NUCLEUS_AREA * outline_area / (math.pi * a * b))
    return k * a, k * b


def nucleus_outline(lower: VertebraParams, upper: VertebraParams) -> Field:
    """The nucleus's axial outline: an ellipse, a little posterior (infinite along z)."""
    a, b = outline_half_axes(lower, upper)
    na, nb = nucleus_axes(a, b)
    yc = -NUCLEUS_SHIFT * 2 * b
    return lambda p: superellipse(p, na, nb, yc, n=2.0)


def nucleus(whole: Field, lower: VertebraParams, upper: VertebraParams) -> Field:
    """The nucleus: its outline, held NUCLEUS_INSET inside the disc's top and bottom."""
    outline = nucleus_outline(lower, upper)
    return lambda p: np.maximum(outline(p), whole(p) + NUCLEUS_INSET)


def annulus(whole: Field, lower: VertebraParams, upper: VertebraParams) -> Field:
    """The annulus: the disc less a cavity a hair larger than the nucleus (two surfaces that never touch).

    The nucleus is worked out from the same value of the whole disc, the costly part, not from a second one.
    """
    outline = nucleus_outline(lower, upper)

    def field(p: np.ndarray) -> np.ndarray:
        d = whole(p)
        return np.maximum(d, 0.1 - np.maximum(outline(p), d + NUCLEUS_INSET))

    return field


def bounds(lower: VertebraParams, upper: VertebraParams, height: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid bounds of a disc in the lower frame."""
    a, b = outline_half_axes(lower, upper)
    return np.array([-a - 2, -b - 2, -3.0]), np.array([a + 2, b + 2, height + 3.0])

"""The ligamentum flavum of each segment: the yellow ligament that lines the back of the canal between two laminae.

It runs from the inner face of the upper lamina down to the top edge of the lower one and reaches sideways to
the facet capsules [S210].  Modelled as a shell just inside the bony canal's ellipse, FLAVUM_THICKNESS thick
(normal 3.1 mm [S211] V), over the back of the canal; its lower part follows the lower vertebra's canal and its
upper part the upper one's, blended in between.  Central stenosis thickens it towards the canal (meshes.case).
"""

from __future__ import annotations

import numpy as np

from meshes import sdf
from meshes.params import VertebraParams
from meshes.sdf import smoothstep
from meshes.vertebra import canal

FLAVUM_THICKNESS = 3.0  # mm, healthy: 3.1 mm [S211] V; the model default 3 mm (§11.1, D)
FLAVUM_FRONT = 1.0  # mm behind the canal's centre where the sheet stops: it covers the back of the canal only


def canal_y(v: VertebraParams) -> float:
    """The y of the canal's centre in a vertebra's frame (the canal ellipse of meshes.vertebra.canal)."""
    return -0.5 * v.body_depth - 0.5 * v.canal_depth


def span(lower: VertebraParams, upper: VertebraParams, to_lower: np.ndarray) -> tuple[float, float]:
    """Heights in the lower frame where the ligament starts (top edge of the lower lamina) and ends (the
    middle of the upper lamina's inner face)."""
    bottom = lower.lamina_z + 0.5 * lower.lamina_height * np.cos(np.radians(lower.lamina_tilt))
    top = to_lower @ np.array([0.0, canal_y(upper), upper.lamina_z, 1.0])
    return float(bottom), float(top[2])


def _shell(p: np.ndarray, v: VertebraParams) -> np.ndarray:
    """A FLAVUM_THICKNESS shell inside the canal ellipse of `v`, over the back of the canal."""
    wall = canal(p, v)
    shell = np.maximum(wall, -FLAVUM_THICKNESS - wall)
    return sdf.smax(shell, p[:, 1] - (canal_y(v) - FLAVUM_FRONT), 1.0)


def flavum(lower: VertebraParams, upper: VertebraParams, to_lower: np.ndarray):
    """The ligament as a field in the lower vertebra's frame; `to_lower` maps the upper frame into it."""
    bottom, top = span(lower, upper, to_lower)
    to_upper = np.linalg.inv(to_lower)

    def field(p: np.ndarray) -> np.ndarray:
        s = smoothstep((p[:, 2] - bottom) / (top - bottom))
        q = p @ to_upper[:3, :3].T + to_upper[:3, 3]
        d = (1.0 - s) * _shell(p, lower) + s * _shell(q, upper)
        return sdf.smax(d, np.maximum(bottom - p[:, 2], p[:, 2] - top), 1.0)

    return field


def bounds(lower: VertebraParams, upper: VertebraParams, to_lower: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A box (lower frame) that holds the ligament, with a margin."""
    bottom, top = span(lower, upper, to_lower)
    corners = []
    for v, matrix, z in ((lower, np.eye(4), bottom), (upper, to_lower, None)):
        for x in (-0.5, 0.5):
            for y in (0.0, -0.5):
                local = [x * v.canal_width, canal_y(v) + y * v.canal_depth, upper.lamina_z if z is None else z]
                corners.append((matrix @ np.append(local, 1.0))[:3])
    corners = np.array(corners)
    return corners.min(axis=0) - 3.0, corners.max(axis=0) + 3.0

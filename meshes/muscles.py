"""The deep and long back muscles, multifidus and erector spinae, as smooth schematic volumes.

They are shown translucent, for orientation only: multifidus fills the gutter beside the spinous processes over
the laminae; erector spinae lies further out, behind the transverse processes (content brief, healthy anatomy).
"""

from __future__ import annotations

import numpy as np

from meshes import sdf
from meshes.neural import to_world
from meshes.params import LEVELS, VertebraParams
from meshes.vertebra import lamina_midline, pedicle_root


def muscle_path(world, vertebrae: dict[str, VertebraParams], side: float, lateral: bool):
    """Centre points and radii of one muscle from the sacrum up to L1 (world coordinates)."""
    pts, radii = [], []
    s1 = (side * (34.0 if lateral else 16.0), -48.0 if lateral else -44.0, -40.0)
    pts.append(to_world(world["S1"], s1))
    radii.append(17.0 if lateral else 12.0)
    for i, level in enumerate(reversed(LEVELS)):
        v = vertebrae[level]
        if lateral:
            root = pedicle_root(v, side)
            local = (side * (abs(root[0]) + 0.6 * v.tp_length), root[1] - 22.0, root[2] - 4.0)
        else:
            mid = lamina_midline(v)
            local = (side * 14.0, mid[1] - 9.0, mid[2] - 4.0)
        pts.append(to_world(world[level], local))
        radii.append((16.0 - 1.2 * i) if lateral else (12.0 - 0.8 * i))
    top = pts[-1] + (pts[-1] - pts[-2])
    return np.array(pts + [top]), np.array(radii + [radii[-1] * 0.6])


def muscle(world, vertebrae: dict[str, VertebraParams], side: float, lateral: bool):
    """One muscle as a smooth chain of spheres, flattened where it lies on the arch."""
    pts, radii = muscle_path(world, vertebrae, side, lateral)

    def field(p: np.ndarray) -> np.ndarray:
        d = np.full(len(p), 1e6)
        for i in range(len(pts) - 1):
            d = sdf.smin(d, sdf.round_cone(p, pts[i], pts[i + 1], radii[i], radii[i + 1]), 6.0)
        return d

    return field, pts, radii

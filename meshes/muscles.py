"""The deep and long back muscles, multifidus and erector spinae, as smooth volumes sized by level.

Multifidus fills the gutter beside the spinous processes over the laminae; erector spinae lies further out, behind
the transverse processes (content brief, healthy anatomy).  Each is a chain of capsules with an elliptic section
whose area at each level follows seated MRI of healthy adults [S238] V (medical.md §11.3): multifidus 1.8 cm² at L1
to 5.7 cm² at L5, erector spinae largest mid-lumbar (13.9 cm²) and smaller above and below; the levels between the
measured ones, and the sections' shapes, are interpolated (D).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import sdf
from meshes.neural import to_world
from meshes.params import LEVELS, VertebraParams
from meshes.vertebra import lamina_midline, pedicle_root

# cross-sectional area (cm²) at each level, from the sacrum (S1) up to L1
MULTIFIDUS_CSA = {"S1": 5.4, "L5": 5.7, "L4": 4.6, "L3": 3.5, "L2": 2.6, "L1": 1.8}  # L1, L5 [S238] V; others D
ERECTOR_CSA = {"S1": 6.0, "L5": 9.5, "L4": 12.5, "L3": 13.9, "L2": 13.0, "L1": 11.5}  # L3 peak [S238] V; others D
ASPECT = {False: 1.25, True: 0.7}  # depth over width of the section: multifidus deep and narrow, erector spinae flat
SPINOUS_HALF = 4.0  # mm from the midline to the side of a spinous process, where multifidus starts
BLEND = 4.0  # mm of smooth blend between the capsules of a chain


def half_axes(csa_cm2: float, lateral: bool) -> tuple[float, float]:
    """Half width and half depth (mm) of an ellipse of area `csa_cm2` with the muscle's aspect."""
    width = np.sqrt(csa_cm2 * 100.0 / (np.pi * ASPECT[lateral]))
    return float(width), float(width * ASPECT[lateral])


def muscle_path(world, vertebrae: dict[str, VertebraParams], side: float, lateral: bool):
    """Centre points (world) and section half axes (width, depth) of one muscle from the sacrum up to L1."""
    pts, sections = [], []
    for level in ("S1", *reversed(LEVELS)):
        csa = (ERECTOR_CSA if lateral else MULTIFIDUS_CSA)[level]
        w, h = half_axes(csa, lateral)
        wm = half_axes(MULTIFIDUS_CSA[level], False)[0]
        if level == "S1":
            back = -30.0  # the sacrum's dorsal surface below S1 (its own frame)
            z = -40.0
        else:
            v = vertebrae[level]
            back, z = lamina_midline(v)[1] - 0.5 * v.lamina_thickness, lamina_midline(v)[2]
            if lateral:  # erector spinae lies behind the transverse process: not in front of its root
                back = min(back, pedicle_root(v, side)[1] - 8.0)
        x = SPINOUS_HALF + wm + (w - 2.0 if lateral else 0.0)  # erector spinae just lateral to multifidus
        pts.append(to_world(world["S1" if level == "S1" else level], (side * x, back - h, z)))
        sections.append((w, h))
    top = pts[-1] + (pts[-1] - pts[-2])
    return np.array([*pts, top]), np.array([*sections, (0.6 * sections[-1][0], 0.6 * sections[-1][1])])


def muscle(world, vertebrae: dict[str, VertebraParams], side: float, lateral: bool):
    """One muscle as a smooth chain of capsules with elliptic sections (width across, depth front to back)."""
    pts, sections = muscle_path(world, vertebrae, side, lateral)

    def field(p: np.ndarray) -> np.ndarray:
        d = np.full(len(p), 1e6)
        for i in range(len(pts) - 1):
            piece = sdf.flat_capsule(p, pts[i], pts[i + 1], tuple(sections[i]), tuple(sections[i + 1]),
                                     up=(0.0, 1.0, 0.0))
            d = sdf.smin(d, piece, BLEND)
        return d

    return field, pts, sections.max(axis=1)


def cross_section_area(mesh: pv.PolyData, origin, normal) -> float:
    """Area (mm²) of a closed surface's cut by the plane through `origin` with `normal`: the muscle's
    cross-sectional area as an axial MRI measures it."""
    cut = mesh.slice(normal=normal, origin=origin).strip()
    normal = np.asarray(normal, dtype=float) / np.linalg.norm(normal)
    u = np.cross(normal, [1.0, 0.0, 0.0] if abs(normal[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(normal, u)
    area = 0.0
    lines = cut.lines
    i = 0
    while i < len(lines):
        n = lines[i]
        loop = cut.points[lines[i + 1:i + 1 + n]] - np.asarray(origin, dtype=float)
        x, y = loop @ u, loop @ v
        area += 0.5 * (x @ np.roll(y, -1) - y @ np.roll(x, -1))
        i += n + 1
    return abs(float(area))

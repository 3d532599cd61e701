"""One lumbar vertebra as a signed-distance function, in its own frame.

Frame: origin at the centre of the superior endplate, z normal to it, +y anterior, +x right (mm).  The body
hangs below z = 0; the arch sits behind it.  The articular processes are cut by the planes of the facet joints
they share with their neighbours, so the two joint surfaces of a joint face each other across the joint space
at the published angle wherever the neighbours are placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from meshes import sdf
from meshes.params import CARTILAGE_THICKNESS, FACET_GAP, VertebraParams


@dataclass(frozen=True)
class Joint:
    """A facet joint seen from one vertebra: centre of the joint space and the normal from SAP to IAP."""

    center: np.ndarray
    normal: np.ndarray

    def moved(self, matrix: np.ndarray) -> Joint:
        """The same joint expressed in another frame (`matrix` maps this frame into that one)."""
        c = matrix[:3, :3] @ self.center + matrix[:3, 3]
        return Joint(c, matrix[:3, :3] @ self.normal)


SIDES = (1.0, -1.0)  # right, left


def endplate_depth(r: np.ndarray, depth: float) -> np.ndarray:
    """Dish of the central endplate (about 70% of its diameter [S15]) that leaves the rim raised."""
    return depth * np.clip(1.0 - (r / 0.75) ** 2, 0.0, None) ** 2


def body_bottom(v: VertebraParams, y: np.ndarray) -> np.ndarray:
    """Height of the inferior endplate plane: the body is taller in front when it is dorsally wedged."""
    mean = 0.5 * (v.body_height_ant + v.body_height_post)
    return -mean - (v.body_height_ant - v.body_height_post) / v.body_depth * y


def body(p: np.ndarray, v: VertebraParams) -> np.ndarray:
    """Vertebral body: a rounded cylinder with a concave waist, dished endplates and a raised rim."""
    half = 0.5 * max(v.body_width, v.body_depth) * (1.0 + v.waist) * 1.3
    height = max(v.body_height_ant, v.body_height_post) * 1.3
    return sdf.culled(p, (-half, -half, -height), (half, half, 2.0), lambda q: _body(q, v))


def _body(p: np.ndarray, v: VertebraParams) -> np.ndarray:
    x, y, z = p[:, 0], p[:, 1], p[:, 2]
    bottom = body_bottom(v, y)
    u = np.clip((z - 0.5 * bottom) / (-0.5 * bottom), -1.2, 1.2)
    flare = 1.0 + v.waist * u**2
    a = 0.5 * v.body_width * flare
    b = np.where(y > 0, 0.5 * v.body_depth * flare / (1.0 + v.waist), 0.5 * v.body_depth)  # straight back wall
    n = 2.4
    qx, qy = np.abs(x) / a + 1e-9, np.abs(y) / b + 1e-9
    r = (qx**n + qy**n) ** (1.0 / n)
    grad = r ** (1.0 - n) * np.hypot(qx ** (n - 1) / a, qy ** (n - 1) / b)
    d_xy = (r - 1.0) / np.maximum(grad, 1e-6)
    top = -endplate_depth(r, v.concavity_sup)
    low = bottom + endplate_depth(r, v.concavity_inf)
    d_z = np.maximum(z - top, low - z)
    return sdf.smax(d_xy, d_z, v.rim)


def wall_point(v: VertebraParams, side: float) -> np.ndarray:
    """Pedicle axis at the back of the body, where the pedicles are closest: their medial walls are
    canal_width apart measured across (the interpedicular distance), however steeply they converge."""
    a = np.radians(v.pedicle_angle)
    return np.array([side * 0.5 * (v.canal_width + v.pedicle_width / np.cos(a)), -0.5 * v.body_depth, v.pedicle_z])


def pedicle_root(v: VertebraParams, side: float) -> np.ndarray:
    """Where pedicle, lamina, transverse and articular processes meet (the 'junction')."""
    drift = v.pedicle_length * np.tan(np.radians(v.pedicle_angle))
    return wall_point(v, side) + (side * drift, -v.pedicle_length, 0.0)


def lamina_midline(v: VertebraParams) -> np.ndarray:
    """Where the two laminae meet behind the canal and the spinous process begins."""
    return np.array([0.0, -0.5 * v.body_depth - v.canal_depth - 0.5 * v.lamina_thickness, v.lamina_z])


def arch(p: np.ndarray, v: VertebraParams) -> np.ndarray:
    """Pedicles, laminae, spinous and transverse processes, with the canal kept clear."""
    mid = lamina_midline(v)
    tilt = np.radians(v.lamina_tilt)
    lamina_up = (0.0, -np.sin(tilt), np.cos(tilt))
    d = np.full(len(p), 1e6)
    for side in SIDES:
        root = pedicle_root(v, side)
        wall = wall_point(v, side)
        start = wall + (wall - root) * (4.0 / v.pedicle_length)  # begins inside the body
        ped = sdf.flat_capsule(p, start, root, (0.5 * v.pedicle_width, 0.5 * v.pedicle_height),
                               (0.5 * v.pedicle_width, 0.5 * v.pedicle_height))
        lam = sdf.flat_capsule(p, root + (0.0, -1.0, v.lamina_z - v.pedicle_z), mid,
                               (0.5 * v.lamina_thickness, 0.5 * v.lamina_height),
                               (0.5 * v.lamina_thickness, 0.5 * v.lamina_height), up=lamina_up)
        back, up = np.radians(v.tp_angle_back), np.radians(v.tp_angle_up)
        direction = np.array([side * np.cos(back) * np.cos(up), -np.sin(back), np.sin(up)])
        tp_base = root + (side * 0.25 * v.pedicle_width, 0.0, 1.0)
        tp_tip = tp_base + direction * (v.tp_length + 0.5 * v.pedicle_width)
        tp = sdf.flat_capsule(p, tp_base, tp_tip, (0.5 * v.tp_thickness, 0.5 * v.tp_height),
                              (0.4 * v.tp_thickness, 0.35 * v.tp_height))
        d = sdf.smin(d, sdf.smin(sdf.smin(ped, lam, 3.0), tp, 2.5), 2.0)
    a = np.radians(v.sp_angle)
    tip = mid + (0.0, -v.sp_length * np.cos(a), -v.sp_length * np.sin(a))
    sp = sdf.flat_capsule(p, mid, tip, (0.5 * v.sp_thickness, 0.5 * v.sp_height_base),
                          (0.55 * v.sp_thickness, 0.5 * v.sp_height), power=3.0)
    return sdf.smin(d, sp, 3.0)


def canal(p: np.ndarray, v: VertebraParams) -> np.ndarray:
    """The bony canal as an elliptic cylinder touching the back of the body: cut from the arch."""
    c = (0.0, -0.5 * v.body_depth - 0.5 * v.canal_depth)
    q = (p[:, :2] - c) / (0.5 * v.canal_width, 0.5 * v.canal_depth)
    return (np.linalg.norm(q, axis=1) - 1.0) * 0.5 * min(v.canal_width, v.canal_depth)


def joint_axes(joint: Joint) -> np.ndarray:
    """Axes of an articular surface: its normal, the joint line in the axial plane, and up."""
    return sdf.frame(joint.normal)


def articular_blob(p: np.ndarray, v: VertebraParams, joint: Joint, superior: bool) -> tuple[np.ndarray, np.ndarray]:
    """The uncut articular process, and each point's signed offset across the joint (+ towards the IAP)."""
    sign = -1.0 if superior else 1.0
    axes = joint_axes(joint)
    thickness = v.sap_thickness if superior else v.iap_thickness
    center = joint.center + sign * axes[0] * (0.5 * FACET_GAP + 0.5 * thickness)
    reach = axes[2] * max(0.5 * v.facet_height - 0.5 * v.facet_width, 0.5)
    # an upright column, flat across the joint: the articular processes are pillars, not knobs
    blob = sdf.flat_capsule(p, center + reach, center - reach, (0.5 * v.facet_width, thickness),
                            (0.5 * v.facet_width, thickness), up=axes[0])
    return blob, (p - joint.center) @ axes[0]


def articular(p: np.ndarray, v: VertebraParams, joint: Joint, superior: bool, side: float) -> np.ndarray:
    """A superior (SAP) or inferior (IAP) articular process with its bridge to the arch, ending in a flat
    joint surface.  The cut comes last, so nothing blended onto the process can reach into the joint space."""
    blob, offset = articular_blob(p, v, joint, superior)
    process = sdf.smin(blob, articular_bridge(p, v, joint, superior, side), 2.5)
    face = (offset if superior else -offset) + 0.5 * FACET_GAP  # the process stops at its side of the joint space
    return sdf.smax(process, face, 0.6)


def cartilage(p: np.ndarray, v: VertebraParams, joint: Joint, superior: bool) -> np.ndarray:
    """The cartilage layer on an articular surface: a sheet in the joint space, inside the process outline."""
    blob, offset = articular_blob(p, v, joint, superior)
    depth = (offset if superior else -offset) + 0.5 * FACET_GAP  # 0 at the bone face, growing into the joint
    sheet = np.maximum(0.05 - depth, depth - CARTILAGE_THICKNESS)
    return np.maximum(blob + 0.4, sheet)


def articular_bridge(p: np.ndarray, v: VertebraParams, joint: Joint, superior: bool, side: float) -> np.ndarray:
    """Bone joining an articular process to the arch: the SAP to the pedicle, the IAP to the lamina."""
    sign = -1.0 if superior else 1.0
    axes = joint_axes(joint)
    center = joint.center + sign * axes[0] * (0.5 * FACET_GAP + 3.0)
    if superior:
        start = pedicle_root(v, side) + (0.0, 1.0, 2.0)
    else:
        mid = lamina_midline(v)
        start = np.array([side * 0.3 * v.canal_width, mid[1] + 3.0, v.lamina_z - 0.3 * v.lamina_height])
    return sdf.flat_capsule(p, start, center, (4.0, 5.0), (3.5, 0.4 * v.facet_height))


def vertebra(p: np.ndarray, v: VertebraParams, above: dict[float, Joint], below: dict[float, Joint]) -> np.ndarray:
    """The whole vertebra; `above` and `below` are the facet joints per side (+1 right, -1 left)."""
    posterior = sdf.smax(arch(p, v), -canal(p, v), 1.0)
    d = sdf.smin(body(p, v), posterior, 2.5)
    for side in SIDES:
        for joint, superior in ((above[side], True), (below[side], False)):
            d = sdf.smin(d, articular(p, v, joint, superior, side), 2.0)
    return d


def joint_below(v: VertebraParams, side: float) -> Joint:
    """The facet joint under this vertebra, in this vertebra's frame (from the table and the fit)."""
    root = pedicle_root(v, side)
    center = np.array([side * v.facet_x, root[1] - v.facet_y, v.facet_z])
    t = np.radians(v.facet_angle)
    return Joint(center, np.array([-side * np.cos(t), -np.sin(t), 0.0]))


def key_points(v: VertebraParams, joints: list[Joint]) -> np.ndarray:
    """Points the vertebra reaches towards: with a margin they bound the grid the surface is taken on."""
    w, d = 0.5 * v.body_width * (1 + v.waist), 0.5 * v.body_depth
    low = -max(v.body_height_ant, v.body_height_post)
    pts = [(s * w, s2 * d, z) for s in SIDES for s2 in SIDES for z in (0.0, low)]
    for side in SIDES:
        root = pedicle_root(v, side)
        pts.append(root + (side * (v.tp_length + v.pedicle_width), -6.0, 6.0))
    mid = lamina_midline(v)
    a = np.radians(v.sp_angle)
    pts.append(mid + (0.0, -v.sp_length * np.cos(a), -v.sp_length * np.sin(a)))
    for j in joints:
        pts += [j.center + (0.0, 0.0, 0.5 * v.facet_height + 2.0), j.center - (0.0, 0.0, 0.5 * v.facet_height + 2.0)]
    return np.array(pts)

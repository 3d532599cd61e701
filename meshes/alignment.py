"""Where each vertebra sits: the lordotic stack on the sacrum, and the facet joints between neighbours.

Each vertebra has its own frame (see meshes.vertebra).  The frame of the upper vertebra of a segment is placed
in the lower one's frame by two numbers from the table: the segmental lordosis (angle between the two superior
endplates, [S38]) and the posterior disc height; the posterior body walls line up.  The anterior disc height
then follows.  The sacrum is tilted by the sacral slope.
"""

from __future__ import annotations

import numpy as np

from meshes.params import LEVELS, SACRAL_SLOPE, SEGMENTS_PARAMS, VERTEBRAE, VertebraParams
from meshes.vertebra import SIDES, Joint, joint_below

S1_DEPTH = 33.0  # S1 endplate depth, smaller than L5's [S24] V (qualitative; absolute mm not found: D)


def rotation_x(degrees: float) -> np.ndarray:
    """4×4 rotation about the right-left axis: positive tips the front upwards (lordosis)."""
    a = np.radians(degrees)
    m = np.eye(4)
    m[1:3, 1:3] = [[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]]
    return m


def wedge_angle(v: VertebraParams) -> float:
    """Angle between a body's endplates, positive when the front is taller."""
    return float(np.degrees(np.arctan2(v.body_height_ant - v.body_height_post, v.body_depth)))


def segment_transform(upper: VertebraParams, lower_depth: float, segment: str) -> np.ndarray:
    """The upper vertebra's frame expressed in the lower one's frame, as the table sets the segment."""
    seg = SEGMENTS_PARAMS[segment]
    return stacked(upper, lower_depth, seg.disc_height_post, seg.lordosis)


def stacked(upper: VertebraParams, lower_depth: float, disc_height_post: float, lordosis: float) -> np.ndarray:
    """The upper frame in the lower one for a given posterior disc height and segmental angle."""
    m = rotation_x(lordosis)
    corner = np.array([0.0, -0.5 * upper.body_depth, -upper.body_height_post])
    target = np.array([0.0, -0.5 * lower_depth, disc_height_post])
    m[:3, 3] = target - m[:3, :3] @ corner
    return m


def disc_wedge(upper: VertebraParams, segment: str) -> float:
    """The disc's own wedge angle: the segmental angle less the upper body's wedge."""
    return SEGMENTS_PARAMS[segment].lordosis - wedge_angle(upper)


def segment_name(upper: str) -> str:
    """'L4' -> 'L4-L5', 'L5' -> 'L5-S1'."""
    i = LEVELS.index(upper)
    return f"{upper}-{LEVELS[i + 1] if i + 1 < len(LEVELS) else 'S1'}"


def frames() -> dict[str, np.ndarray]:
    """World matrix of every level (L1..L5, S1): S1 tilted by the sacral slope, the rest stacked on it."""
    out = {"S1": rotation_x(-SACRAL_SLOPE)}
    lower_depth = S1_DEPTH
    below = "S1"
    for level in reversed(LEVELS):
        v = VERTEBRAE[level]
        out[level] = out[below] @ segment_transform(v, lower_depth, segment_name(level))
        lower_depth, below = v.body_depth, level
    return dict(reversed(out.items()))


def facet_joints(world: dict[str, np.ndarray]) -> dict[str, dict[str, dict[float, Joint]]]:
    """Per level, the facet joints 'above' and 'below' it (per side) in that level's own frame.

    The joint below a vertebra is set by its own parameters; the level under it sees the same joint moved
    into its frame.  L1 has no vertebra above in the model, so it gets a joint shaped like its own lower one.
    """
    joints: dict[str, dict[str, dict[float, Joint]]] = {lv: {} for lv in world}
    for level in LEVELS:
        v = VERTEBRAE[level]
        joints[level]["below"] = {s: joint_below(v, s) for s in SIDES}
    names = list(world)
    for upper, lower in zip(names[:-1], names[1:]):
        to_lower = np.linalg.inv(world[lower]) @ world[upper]
        joints[lower]["above"] = {s: j.moved(to_lower) for s, j in joints[upper]["below"].items()}
    t12 = segment_transform(VERTEBRAE["L1"], VERTEBRAE["L1"].body_depth, "L1-L2")
    joints["L1"]["above"] = {s: j.moved(t12) for s, j in joints["L1"]["below"].items()}
    return joints

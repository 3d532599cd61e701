"""The sacrum: S1 in detail (body, alae, pedicles, superior articular processes), S2–S5 schematic, and the lateral
masses that carry the sacroiliac joints (meshes.sacroiliac).

Frame: origin at the centre of the S1 superior endplate, z normal to it, +y anterior (the same convention as a
lumbar vertebra's frame).  The sacral segments run down the -z axis and curve forward towards the coccyx.
"""

from __future__ import annotations

import numpy as np

from meshes import sacroiliac, sdf
from meshes.params import VertebraParams
from meshes.vertebra import SIDES, Joint, articular, body

# S1 body: narrower in depth than L5, wider in front than behind [S24] V (qualitative); mm values D.
S1_BODY = VertebraParams(
    body_width=46.0, body_depth=33.0, body_height_ant=26.0, body_height_post=24.0,
    pedicle_width=12.0, pedicle_height=14.0, pedicle_angle=25.0,  # S1 pedicle 10–15 mm [S25] S
    canal_width=30.0, canal_depth=14.0, tp_length=0.0, sp_length=0.0, sp_height=0.0, facet_angle=47.3,
    waist=0.05, sap_thickness=8.0, facet_width=15.0, facet_height=16.0,
)
# The sacral plate, sampled from the top (u = 0, at the S1 endplate) to the apex (u = 1): half width, centre of
# its depth and half depth (mm).  Schematic, D: sized to the dry-bone height and width of [S27] S.
SACRAL_HEIGHT = 104.0  # S1 endplate to the apex, dry bone 98–107 mm [S27] S
PLATE_U = (0.0, 0.12, 0.35, 0.6, 1.0)
PLATE_HALF_WIDTH = (52.0, 51.0, 42.0, 25.0, 8.0)  # alae span about 104 mm [S27] S
PLATE_CENTRE_Y = (-14.0, -15.0, -11.0, -5.0, 8.0)  # the lower sacrum curves forward (sacral kyphosis)
PLATE_HALF_DEPTH = (20.0, 19.0, 14.0, 9.0, 5.0)
ALA_SLOPE = 0.2  # the top of each ala falls away laterally from the S1 body


def plate(p: np.ndarray) -> np.ndarray:
    """Alae, lateral masses and fused S2–S5 as one curved, tapering plate."""
    x, y, z = p[:, 0], p[:, 1], p[:, 2]
    u = np.clip(-z / SACRAL_HEIGHT, 0.0, 1.0)
    w = np.interp(u, PLATE_U, PLATE_HALF_WIDTH)
    t = np.interp(u, PLATE_U, PLATE_HALF_DEPTH)
    yc = np.interp(u, PLATE_U, PLATE_CENTRE_Y)
    r = (np.abs(x / w) ** 3 + np.abs((y - yc) / t) ** 3) ** (1.0 / 3.0)
    d_xy = (r - 1.0) * t
    d_z = np.maximum(z - (-6.0 - ALA_SLOPE * np.abs(x)), -SACRAL_HEIGHT - z)
    return sdf.smax(d_xy, d_z, 5.0)


def median_crest(p: np.ndarray) -> np.ndarray:
    """The ridge of fused spinous tubercles down the back of the sacrum."""
    ends = []
    for z in (-8.0, -72.0):
        u = -z / SACRAL_HEIGHT
        ends.append((0.0, np.interp(u, PLATE_U, PLATE_CENTRE_Y) - np.interp(u, PLATE_U, PLATE_HALF_DEPTH), z))
    return sdf.flat_capsule(p, ends[0], ends[1], (3.0, 4.0), (2.5, 3.0), up=(0.0, 1.0, 0.0))


def sacral_canal(p: np.ndarray) -> np.ndarray:
    """The sacral canal, broad at S1 and narrowing downwards: cut from the posterior bone."""
    return sdf.flat_capsule(p, (0.0, -24.0, 10.0), (0.0, -14.0, -88.0), (15.0, 7.0), (4.0, 2.5),
                            up=(0.0, 1.0, 0.0))


def foramina(p: np.ndarray) -> np.ndarray:
    """Sacral foramina S1–S4, through which the sacral roots leave."""
    d = np.full(len(p), 1e6)
    for z, radius in zip((-26.0, -50.0, -70.0, -86.0), (5.0, 4.2, 3.5, 3.0)):
        y = np.interp(-z / SACRAL_HEIGHT, PLATE_U, PLATE_CENTRE_Y)
        for side in SIDES:
            x = side * (15.0 + 0.04 * z)
            d = np.minimum(d, sdf.round_cone(p, (x, y + 25.0, z), (x, y - 25.0, z - 4.0), radius, radius))
    return d


def s1_pedicle(p: np.ndarray, side: float) -> np.ndarray:
    """Short, stout S1 pedicle joining the body to the SAP and the dorsal wall."""
    x = side * (0.5 * S1_BODY.canal_width + 0.5 * S1_BODY.pedicle_width)
    return sdf.flat_capsule(p, (x, -12.0, -8.0), (x * 1.1, -30.0, -9.0), (6.0, 7.0), (6.0, 7.0))


def sacrum(p: np.ndarray, above: dict[float, Joint]) -> np.ndarray:
    """Whole sacrum; `above` holds the L5–S1 facet joints per side in the S1 frame."""
    d = sdf.smin(body(p, S1_BODY), plate(p), 6.0)
    for side in SIDES:
        d = sdf.smin(d, sacroiliac.lateral_mass(p * (side, 1.0, 1.0)), 4.0)
        d = sdf.smin(d, s1_pedicle(p, side), 4.0)
        d = sdf.smin(d, articular(p, S1_BODY, above[side], True, side), 4.0)
    d = sdf.smin(d, median_crest(p), 3.0)
    d = sdf.smax(d, -sacral_canal(p), 1.5)
    return sdf.smax(d, -foramina(p), 1.0)


def key_points(above: dict[float, Joint]) -> np.ndarray:
    """Bounds of the sacrum's grid."""
    pts = [(s * PLATE_HALF_WIDTH[0], y, z) for s in SIDES for y in (-50.0, 25.0) for z in (5.0, -SACRAL_HEIGHT)]
    return np.array(pts + [j.center for j in above.values()])


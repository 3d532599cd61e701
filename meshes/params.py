"""Anatomical parameters per level: the single table the geometry is computed from.

Units mm and degrees.  Sources are the tags of ../shared/reference/medical.md (§1–2), with its labels:
V verified, S secondary, D derived.  "fit" marks a shape parameter that the published tables do not give
(lamina tilt, process placement, rounding); those were tuned until the built L2–L5 matched the mean CT shape
of 87 adults (shared/reference, measured with shared/tools/fidelity.py).  A published figure that the fit moved
says so in its comment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

LEVELS = ("L1", "L2", "L3", "L4", "L5")
SEGMENTS = ("L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")
SIDES = ("left", "right")  # the one vocabulary of sides, as the app, the files and the command line spell them
SIDE_SIGN = {"right": 1.0, "left": -1.0}  # +x is the patient's right (RAS)


@dataclass(frozen=True)
class VertebraParams:
    """One lumbar vertebra in its own frame: origin at the centre of the superior endplate, z normal to it."""

    body_width: float  # mid-body, mediolateral
    body_depth: float  # superior endplate, anteroposterior
    body_height_ant: float
    body_height_post: float
    pedicle_width: float
    pedicle_height: float
    pedicle_angle: float  # transverse (medial convergence)
    canal_width: float  # interpedicular distance
    canal_depth: float  # bony AP canal, mid-pedicle
    tp_length: float  # transverse process, from its base
    sp_length: float  # spinous process, lamina junction to tip
    sp_height: float  # spinous process height at its tip
    facet_angle: float  # axial angle of the joint below this vertebra to the mid-sagittal plane
    # shape parameters that the tables do not give ("fit")
    waist: float = 0.10  # how much narrower the body is at mid-height than at the rims (fraction)
    rim: float = 2.0  # rounding of the endplate rim
    concavity_sup: float = 0.7  # superior endplate depth [S15] V
    concavity_inf: float = 1.5  # inferior endplate depth [S15] V
    pedicle_z: float = -9.0  # pedicle axis below the superior endplate
    pedicle_length: float = 9.0  # posterior body wall to the pedicle-lamina junction
    lamina_thickness: float = 6.0
    lamina_height: float = 20.0
    lamina_tilt: float = 25.0  # lower edge of the lamina further back than its upper edge
    lamina_z: float = -14.0
    sp_angle: float = 12.0  # spinous process slopes down from horizontal
    sp_thickness: float = 7.0
    tp_angle_back: float = 10.0
    tp_angle_up: float = 5.0
    tp_thickness: float = 5.5
    tp_height: float = 10.0
    facet_x: float = 12.0  # joint centre below this vertebra, from the midline
    facet_y: float = 8.0  # ... behind the pedicle-lamina junction
    facet_z: float = -34.0  # ... below the superior endplate
    facet_width: float = 15.0  # articular surface, along the joint line (Panjabi 1993 range 9.6–16.3 [S21] V)
    facet_height: float = 17.0  # articular surface, craniocaudal (Panjabi 1993 range 10.2–18.4 [S21] V)
    sap_thickness: float = 7.0
    iap_thickness: float = 7.0
    sp_height_base: float = 16.0  # spinous process height where it leaves the laminae


@dataclass(frozen=True)
class SegmentParams:
    """The motion segment below a vertebra: disc and alignment."""

    disc_height_post: float  # [S31]–[S34] V via the §2.4 defaults (D)
    lordosis: float  # superior endplate of the upper vertebra to that of the lower, standing [S38] V


# Dimensions: medical.md §2.4 (D, interpolated from [S1]–[S10]) and the tags beside each value.  Values marked
# "fit" were tuned against the mean CT shape; where a fit moved a published figure the comment gives both.
VERTEBRAE: dict[str, VertebraParams] = {
    "L1": VertebraParams(
        body_width=36.0,  # §2.4 D [S2]
        body_depth=32.0,  # §2.4 D [S1]
        body_height_ant=25.0,  # §2.4 D [S1][S3]
        body_height_post=27.0,  # §2.4 D [S1][S3]
        pedicle_width=7.5,  # §2.4 D [S4]
        pedicle_height=15.5,  # §2.4 D [S1][S6]
        pedicle_angle=10.0,  # §2.4 [S7] V (L4, L5), U rule [S8] (L1–L3)
        canal_width=22.0,  # §2.4 D [S2][S4][S1]
        canal_depth=17.0,  # §2.4 D [S1][S5]
        tp_length=10.0,  # §2.4 [S10] S
        sp_length=32.0,
        sp_height=22.0,
        facet_angle=28.0,  # §1.2 [S17][S18] V
        waist=0.1,
        rim=2.0,
        concavity_sup=0.7,  # [S15] V
        concavity_inf=1.5,  # [S15] V
        pedicle_z=-9.0,
        pedicle_length=9.0,
        lamina_thickness=6.0,
        lamina_height=20.0,
        lamina_tilt=25.0,
        lamina_z=-14.0,
        sp_angle=12.0,
        sp_thickness=7.0,
        tp_angle_back=10.0,
        tp_angle_up=5.0,
        tp_thickness=5.5,
        tp_height=10.0,
        facet_x=13.5,  # fit
        facet_y=14.3,  # fit
        facet_z=-32.5,  # fit
        facet_width=15.0,  # Panjabi 1993 range 9.6–16.3 [S21] V
        facet_height=17.0,  # Panjabi 1993 range 10.2–18.4 [S21] V
        sap_thickness=7.0,
        iap_thickness=7.0,
        sp_height_base=16.0,
    ),
    "L2": VertebraParams(
        body_width=38.5,  # §2.4 D [S2]
        body_depth=33.0,  # §2.4 D [S1]
        body_height_ant=26.5,  # §2.4 D [S1][S3]
        body_height_post=27.5,  # §2.4 D [S1][S3]
        pedicle_width=8.5,  # §2.4 D [S4]
        pedicle_height=15.0,  # §2.4 D [S1][S6]
        pedicle_angle=12.0,  # §2.4 [S7] V (L4, L5), U rule [S8] (L1–L3)
        canal_width=23.0,  # §2.4 D [S2][S4][S1]
        canal_depth=16.0,  # §2.4 D [S1][S5]
        tp_length=15.1,  # §2.4 [S10] S: 15; fit 15.1
        sp_length=32.0,  # fit
        sp_height=20.6,  # fit
        facet_angle=30.4,  # §1.2 [S17][S18] V
        waist=0.2,  # fit
        rim=0.5,  # fit
        concavity_sup=0.7,  # [S15] V
        concavity_inf=1.5,  # [S15] V
        pedicle_z=-9.8,  # fit
        pedicle_length=11.9,  # fit
        lamina_thickness=3.9,  # fit
        lamina_height=16.5,  # fit
        lamina_tilt=-21.7,  # fit
        lamina_z=-13.0,  # fit
        sp_angle=27.4,  # fit
        sp_thickness=5.9,  # fit
        tp_angle_back=19.5,  # fit
        tp_angle_up=-3.2,  # fit
        tp_thickness=5.9,  # fit
        tp_height=10.7,  # fit
        facet_x=15.0,  # fit
        facet_y=5.1,  # fit
        facet_z=-32.3,  # fit
        facet_width=11.4,  # Panjabi 1993 range 9.6–16.3 [S21] V: 15; fit 11.4
        facet_height=16.7,  # Panjabi 1993 range 10.2–18.4 [S21] V: 17; fit 16.7
        sap_thickness=4.4,  # fit
        iap_thickness=6.2,  # fit
        sp_height_base=11.9,  # fit
    ),
    "L3": VertebraParams(
        body_width=41.0,  # §2.4 D [S2]
        body_depth=34.0,  # §2.4 D [S1]
        body_height_ant=27.0,  # §2.4 D [S1][S3]
        body_height_post=27.0,  # §2.4 D [S1][S3]
        pedicle_width=9.5,  # §2.4 D [S4]
        pedicle_height=14.5,  # §2.4 D [S1][S6]
        pedicle_angle=13.0,  # §2.4 [S7] V (L4, L5), U rule [S8] (L1–L3)
        canal_width=24.0,  # §2.4 D [S2][S4][S1]
        canal_depth=15.0,  # §2.4 D [S1][S5]
        tp_length=18.7,  # §2.4 [S10] S: 19; fit 18.7
        sp_length=32.6,  # fit
        sp_height=22.0,  # fit
        facet_angle=38.7,  # §1.2 [S17][S18] V
        waist=0.2,  # fit
        rim=0.7,  # fit
        concavity_sup=0.7,  # [S15] V
        concavity_inf=1.5,  # [S15] V
        pedicle_z=-10.1,  # fit
        pedicle_length=9.0,
        lamina_thickness=4.5,  # fit
        lamina_height=15.2,  # fit
        lamina_tilt=-24.1,  # fit
        lamina_z=-12.9,  # fit
        sp_angle=26.2,  # fit
        sp_thickness=6.3,  # fit
        tp_angle_back=20.6,  # fit
        tp_angle_up=-1.2,  # fit
        tp_thickness=6.5,  # fit
        tp_height=12.4,  # fit
        facet_x=16.2,  # fit
        facet_y=6.5,  # fit
        facet_z=-31.1,  # fit
        facet_width=12.1,  # Panjabi 1993 range 9.6–16.3 [S21] V: 15; fit 12.1
        facet_height=18.6,  # Panjabi 1993 range 10.2–18.4 [S21] V: 17; fit 18.6
        sap_thickness=3.0,  # fit
        iap_thickness=6.9,  # fit
        sp_height_base=12.7,  # fit
    ),
    "L4": VertebraParams(
        body_width=43.5,  # §2.4 D [S2]
        body_depth=35.0,  # §2.4 D [S1]
        body_height_ant=27.5,  # §2.4 D [S1][S3]
        body_height_post=26.5,  # §2.4 D [S1][S3]
        pedicle_width=11.0,  # §2.4 D [S4]
        pedicle_height=14.0,  # §2.4 D [S1][S6]
        pedicle_angle=14.5,  # §2.4 [S7] V (L4, L5), U rule [S8] (L1–L3)
        canal_width=25.5,  # §2.4 D [S2][S4][S1]
        canal_depth=15.5,  # §2.4 D [S1][S5]
        tp_length=13.6,  # §2.4 [S10] S: 15; fit 13.6
        sp_length=30.4,  # fit
        sp_height=19.8,  # fit
        facet_angle=47.0,  # §1.2 [S17][S18] V
        waist=0.2,  # fit
        rim=1.2,  # fit
        concavity_sup=0.7,  # [S15] V
        concavity_inf=1.5,  # [S15] V
        pedicle_z=-10.1,  # fit
        pedicle_length=8.1,  # fit
        lamina_thickness=3.3,  # fit
        lamina_height=13.4,  # fit
        lamina_tilt=-13.3,  # fit
        lamina_z=-12.3,  # fit
        sp_angle=24.9,  # fit
        sp_thickness=6.5,  # fit
        tp_angle_back=13.6,  # fit
        tp_angle_up=1.4,  # fit
        tp_thickness=5.6,  # fit
        tp_height=10.5,  # fit
        facet_x=18.4,  # fit
        facet_y=6.0,  # fit
        facet_z=-28.0,  # fit
        facet_width=11.9,  # Panjabi 1993 range 9.6–16.3 [S21] V: 15; fit 11.9
        facet_height=18.3,  # Panjabi 1993 range 10.2–18.4 [S21] V: 17; fit 18.3
        sap_thickness=3.0,  # fit
        iap_thickness=7.4,  # fit
        sp_height_base=11.6,  # fit
    ),
    "L5": VertebraParams(
        body_width=46.0,  # §2.4 D [S2]
        body_depth=35.7,  # §2.4 D [S1]
        body_height_ant=30.3,  # §2.4 D [S1][S3]
        body_height_post=26.3,  # §2.4 D [S1][S3]
        pedicle_width=12.5,  # §2.4 D [S4]
        pedicle_height=13.0,  # §2.4 D [S1][S6]
        pedicle_angle=20.7,  # §2.4 [S7] V (L4, L5), U rule [S8] (L1–L3)
        canal_width=27.5,  # §2.4 D [S2][S4][S1]
        canal_depth=15.6,  # §2.4 D [S1][S5]
        tp_length=10.0,  # §2.4 [S10] S: 15; fit 10
        sp_length=23.4,  # fit
        sp_height=15.3,  # fit
        facet_angle=47.3,  # §1.2 [S17][S18] V
        waist=0.2,  # fit
        rim=5.4,  # fit
        concavity_sup=0.7,  # [S15] V
        concavity_inf=1.5,  # [S15] V
        pedicle_z=-11.3,  # fit
        pedicle_length=2.7,  # fit
        lamina_thickness=6.2,  # fit
        lamina_height=11.8,  # fit
        lamina_tilt=-5.3,  # fit
        lamina_z=-14.4,  # fit
        sp_angle=30.2,  # fit
        sp_thickness=6.6,  # fit
        tp_angle_back=12.4,  # fit
        tp_angle_up=-2.0,  # fit
        tp_thickness=22.7,  # fit
        tp_height=12.5,  # fit
        facet_x=23.2,  # fit
        facet_y=10.4,  # fit
        facet_z=-27.4,  # fit
        facet_width=13.0,  # Panjabi 1993 range 9.6–16.3 [S21] V: 15; fit 13
        facet_height=15.1,  # Panjabi 1993 range 10.2–18.4 [S21] V: 17; fit 15.1
        sap_thickness=3.0,  # fit
        iap_thickness=6.0,  # fit
        sp_height_base=10.6,  # fit
    ),
}


# Disc posterior heights: medical.md §2.4 (D, within [S31]–[S34]).  Segmental lordosis: [S38] Table 2, V.
# The anterior disc height follows from the posterior height and the lordosis (§2.4's own check recommends
# tuning it, e.g. about 15 mm at L5–S1, to reach the measured angles).
SEGMENTS_PARAMS: dict[str, SegmentParams] = {
    "L1-L2": SegmentParams(disc_height_post=5.5, lordosis=1.2),
    "L2-L3": SegmentParams(disc_height_post=6.0, lordosis=5.9),
    "L3-L4": SegmentParams(disc_height_post=6.5, lordosis=9.1),
    "L4-L5": SegmentParams(disc_height_post=7.5, lordosis=12.7),
    "L5-S1": SegmentParams(disc_height_post=6.5, lordosis=21.6),
}

SACRAL_SLOPE = 40.0  # degrees; midpoint of the 24–55° normal range [S28] (D)
FACET_GAP = 3.0  # bone-to-bone facet joint space, normal 2–4 mm (Weishaupt grade 0) [S58][S59] V
CARTILAGE_THICKNESS = 1.0  # per side, leaving about 1 mm between the cartilage faces (D)


def table_key() -> str:
    """A text that changes whenever any parameter does: the geometry cache is keyed by it."""
    rows = [repr(sorted(asdict(p).items())) for p in VERTEBRAE.values()]
    rows += [repr(s) for s in SEGMENTS_PARAMS.values()]
    return "|".join(rows + [repr((SACRAL_SLOPE, FACET_GAP, CARTILAGE_THICKNESS))])

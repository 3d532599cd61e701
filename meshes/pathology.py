"""A degenerating motion segment, applied to the healthy surfaces without rebuilding them.

Everything here is derived from a few numbers (`Pathology`) and the healthy geometry: the vertebrae above a
narrowing disc settle as one rigid column (the segment is re-stacked with the lower disc heights); the disc's
points follow its two endplates, bulge and herniate; cartilage sheets thin towards their bone; spurs grow out
of the endplate rims and facet margins along the surface normals.  Per-vertex weights are computed once, so a
new position costs a few vectorised multiply-adds: the scene writes the results into its existing point arrays.
"""

from __future__ import annotations

import numpy as np

from meshes import alignment
from meshes.params import FACET_GAP, LEVELS, VERTEBRAE
from meshes.sacrum import S1_BODY
from meshes.sdf import smoothstep
from meshes.spine import Spine, placed_frames
from meshes.state import Pathology
from meshes.surface import signed_distance
from meshes.vertebra import body_bottom


def bump(x: np.ndarray, centre: float, half_width: float) -> np.ndarray:
    """1 at `centre`, falling smoothly to 0 at `half_width` away."""
    return smoothstep(1.0 - np.abs(x - centre) / half_width)


def to_frame(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """World points in the frame whose world matrix is `matrix`."""
    inverse = np.linalg.inv(matrix)
    return points @ inverse[:3, :3].T + inverse[:3, 3]


class SegmentRig:
    """Precomputed weights for one segment (e.g. 'L4-L5') and side; `pose(p)` gives the new geometry."""

    def __init__(self, spine: Spine, segment: str, side: str):
        self.spine, self.segment, self.side = spine, segment, 1.0 if side == "right" else -1.0
        self.upper, lower = segment.split("-")
        self.lower_bone = "sacrum" if lower == "S1" else lower
        self.world = placed_frames()
        self.joints = alignment.facet_joints(self.world)  # every level's joints, in each level's own frame
        self.w_lower = self.world[lower]
        self.v_upper = VERTEBRAE[self.upper]
        self.lower_params = S1_BODY if lower == "S1" else VERTEBRAE[lower]
        self.rel = np.linalg.inv(self.w_lower) @ self.world[self.upper]
        seg = alignment.SEGMENTS_PARAMS[segment]
        self.height_post = seg.disc_height_post
        wedge = np.radians(alignment.disc_wedge(self.v_upper, segment))
        self.height_ant = seg.disc_height_post + self.v_upper.body_depth * np.tan(wedge)
        self.riders = self._riders()
        self.weights = {}
        self._back = np.linalg.inv(self.rel) @ np.linalg.inv(self.w_lower)  # settle's fixed right-hand factor
        self._settled: tuple[Pathology, np.ndarray] | None = None  # the last settle: one per scrub step, not four

    def _riders(self) -> list[str]:
        """Structures carried by the column above the disc: they move rigidly as it settles."""
        above = LEVELS[:LEVELS.index(self.upper) + 1]
        segs = [alignment.segment_name(lv) for lv in above[:-1]]

        def rides(n: str) -> bool:
            return (n in above or any(n.endswith(f"_{g}") or f"_{g}_" in n for g in segs)
                    or (n.startswith(f"cartilage_{self.segment}_") and n.endswith("_inferior"))
                    or (n.startswith("root_") and n.split("_")[1] in above))

        return [n for n in self.spine.structures if rides(n)]

    def settle(self, p: Pathology) -> np.ndarray:
        """World transform that carries the column above from its healthy place to its settled one."""
        if self._settled is not None and self._settled[0] == p:
            return self._settled[1]
        delta = self.column(p.disc_height_post, p.disc_height_ant)
        delta.flags.writeable = False  # shared by every caller of this step
        self._settled = (p, delta)
        return delta

    def column(self, post: float, ant: float, slip: float = 0.0, flexion: float = 0.0) -> np.ndarray:
        """World transform of the column above for disc heights `post` and `ant` (fractions of healthy), its
        upper vertebra slipped `slip` of the lower endplate's depth forward (negative: back) and tipped forward
        `flexion` degrees (negative: back, extension) about the disc's centre of rotation.  A healthy segment
        gives the identity exactly, so that a healthy level moves nothing, not even by rounding."""
        if post == 1.0 and ant == 1.0 and slip == 0.0 and flexion == 0.0:
            return np.eye(4)
        post, ant = self.height_post * post, self.height_ant * ant
        wedge = np.degrees(np.arctan2(ant - post, self.v_upper.body_depth))
        angle = wedge + alignment.wedge_angle(self.v_upper)
        settled = alignment.stacked(self.v_upper, self.lower_params.body_depth, post, angle)
        settled[1, 3] += slip * self.lower_params.body_depth  # along the lower endplate (its frame's y)
        if flexion:
            settled = self._tipped(flexion, 0.5 * post) @ settled
        return self.w_lower @ settled @ self._back

    def _tipped(self, flexion: float, height: float) -> np.ndarray:
        """Rotation (lower frame) tipping the upper vertebra forward by `flexion` degrees about a transverse
        axis through the disc's centre of rotation: PIVOT of its depth from the back, `height` up."""
        pivot = np.array([0.0, (PIVOT - 0.5) * self.lower_params.body_depth, height])
        turn = alignment.rotation_x(-flexion)  # a positive turn tilts the upper body backwards: extension
        turn[:3, 3] = pivot - turn[:3, :3] @ pivot
        return turn

    def disc_weights(self, points: np.ndarray) -> dict[str, np.ndarray]:
        """Per point of a disc surface: height fraction t (0 lower endplate, 1 upper), outward direction (local
        `radial`, world `outward`), how much of the outer wall it is, and how close it lies to the posterolateral
        herniation site on the rig's side."""
        local = to_frame(self.w_lower, points)
        up = to_frame(self.w_lower @ self.rel, points)
        below_upper = body_bottom(self.v_upper, up[:, 1]) - up[:, 2]
        t = np.clip(local[:, 2] / np.maximum(local[:, 2] + below_upper, 1e-6), 0.0, 1.0)
        radial = local.copy()
        radial[:, 2] = 0.0
        length = np.linalg.norm(radial, axis=1, keepdims=True)
        radial /= np.maximum(length, 1e-6)
        a = 0.5 * self.lower_params.body_width
        b = 0.5 * self.lower_params.body_depth
        r = np.hypot(local[:, 0] / a, local[:, 1] / b)
        outer = np.clip((r - 0.75) / 0.2, 0.0, 1.0)
        radial_world = radial @ self.w_lower[:3, :3].T
        middle = 4.0 * t * (1.0 - t)  # bulges are widest half-way between the endplates
        w = {"t": t[:, None], "centre": points.mean(axis=0),  # products precomputed: scrubbing is per frame
             "bulge": radial_world * (outer * middle)[:, None], "radial": radial, "outward": radial_world,
             "outer": outer, "middle": middle}
        return {**w, **self.herniation_weights(w, (self.side,), POSTEROLATERAL)}

    @staticmethod
    def herniation_weights(w: dict[str, np.ndarray], sides, angle: float) -> dict[str, np.ndarray]:
        """Where a herniation pushes the disc wall (`hernia`) and the nucleus (`core`): towards the sites
        `angle` degrees from straight back on each of `sides` (+1 right, -1 left, 0 midline)."""
        towards = np.zeros(len(w["radial"]))
        a = np.radians(angle)
        for side in sides:
            site = np.array([side * np.sin(a), -np.cos(a), 0.0]) if side else np.array([0.0, -1.0, 0.0])
            towards = np.maximum(towards, np.clip(w["radial"] @ site, 0.0, 1.0) ** 6)
        return {"hernia": w["outward"] * (towards * w["outer"] * w["middle"])[:, None],
                "core": w["outward"] * (0.6 * towards * w["middle"])[:, None]}

    def disc_points(self, base: np.ndarray, w: dict[str, np.ndarray], p: Pathology,
                    delta: np.ndarray, nucleus: bool) -> np.ndarray:
        """A disc surface that follows its settled endplates, bulges and herniates."""
        step = (delta[:3, :3] - np.eye(3)).T
        out = base + w["t"] * (base @ step + delta[:3, 3])
        if nucleus:  # a drying nucleus also shrinks in area (FE convention 100 → 40% [S54], D)
            if p.hydration != 1.0:
                centre = w["centre"] + 0.5 * (w["centre"] @ step + delta[:3, 3])
                out = centre + (out - centre) * (0.7 + 0.3 * p.hydration)
            return out + p.herniation * w["core"]
        return out + p.bulge * w["bulge"] + p.herniation * w["hernia"]

    def cartilage_weights(self, name: str, points: np.ndarray) -> dict[str, np.ndarray]:
        """How far each cartilage point stands off its bone face, and the joint normal (world)."""
        level = self.upper if name.endswith("_inferior") else ("S1" if self.lower_bone == "sacrum" else self.lower_bone)
        side = 1.0 if "_right_" in name else -1.0
        where = "below" if name.endswith("_inferior") else "above"
        joint = self.joints[level][where][side].moved(self.world[level])
        n = joint.normal / np.linalg.norm(joint.normal)
        offset = (points - joint.center) @ n
        face = 0.5 * FACET_GAP if name.endswith("_inferior") else -0.5 * FACET_GAP
        return {"depth": offset - face, "normal": n}

    def cartilage_points(self, base: np.ndarray, w: dict[str, np.ndarray], p: Pathology) -> np.ndarray:
        """The sheet pressed towards its bone: thinner cartilage, wider joint gap between the sheets."""
        return base - np.outer(w["depth"] * (1.0 - p.cartilage), w["normal"])

    def spur_weights(self, bone: str, points: np.ndarray, normals: np.ndarray) -> dict[str, np.ndarray]:
        """Where spurs grow on a bone: the endplate rim facing this disc, and the margins of its facet."""
        if bone == self.upper:
            local = to_frame(self.world[self.upper], points)
            height = local[:, 2] - body_bottom(self.v_upper, local[:, 1])
            v = self.v_upper
        else:
            local = to_frame(self.w_lower, points)
            height, v = -local[:, 2], self.lower_params
        r = np.hypot(local[:, 0] / (0.5 * v.body_width * (1 + v.waist)), local[:, 1] / (0.5 * v.body_depth))
        rim = bump(height, 0.0, 4.0) * bump(r, 0.97, 0.3)
        rim *= 0.5 + 0.5 * np.clip(local[:, 1] / (0.5 * v.body_depth) + 0.6, 0.0, 1.0)  # mostly front and sides [S67]
        return {"endplate": rim, "facet": self.facet_margin(bone, points), "normals": normals}

    def facet_margin(self, bone: str, points: np.ndarray) -> np.ndarray:
        """Weight of the ring around each articular surface of this joint, on both sides (facet spurs)."""
        level, where = (self.upper, "below") if bone == self.upper else (
            "S1" if bone == "sacrum" else bone, "above")
        v = self.v_upper if bone == self.upper else self.lower_params
        out = np.zeros(len(points))
        for joint in self.joints[level][where].values():
            j = joint.moved(self.world[level])
            n = j.normal / np.linalg.norm(j.normal)
            rel = points - j.center
            across = rel @ n
            in_plane = np.linalg.norm(rel - np.outer(across, n), axis=1) / (0.5 * v.facet_height)
            out = np.maximum(out, bump(np.abs(across), 0.5 * FACET_GAP, 3.0) * bump(in_plane, 1.0, 0.35))
        return out

    def spur_points(self, base: np.ndarray, w: dict[str, np.ndarray], p: Pathology) -> np.ndarray:
        grow = p.endplate_spur * w["endplate"] + p.facet_spur * w["facet"]
        return base + w["normals"] * grow[:, None]

    def foramen_height(self, p: Pathology) -> float:
        """Height of the foramen on the chosen side (mm): from the underside of the upper pedicle to the top
        of the lower one, at mid-pedicle, after the column has settled.  Measured from the geometry's own
        frames, so it falls exactly as the disc narrows (vertical narrowing, Lee 2010 [S69])."""
        top = self._pedicle_edge(self.v_upper, self.world[self.upper], -1.0)
        top = self.settle(p) @ np.append(top, 1.0)
        bottom = self._pedicle_edge(self.lower_params, self.w_lower, 1.0)
        return float(np.linalg.norm(top[:3] - bottom))

    def _pedicle_edge(self, v, matrix: np.ndarray, up: float) -> np.ndarray:
        """World point on a pedicle's upper (up = 1) or lower (-1) edge, half-way along it."""
        x = self.side * (0.5 * v.canal_width + 0.5 * v.pedicle_width)
        local = np.array([x, -0.5 * v.body_depth - 0.5 * v.pedicle_length, v.pedicle_z + up * 0.5 * v.pedicle_height])
        return matrix[:3, :3] @ local + matrix[:3, 3]

    def root_gaps(self) -> dict[str, float]:
        """Healthy clearance (mm) of the two roots at risk on the chosen side, measured once on the meshes.

        The exiting root (the upper level's, in the foramen) against the disc and the lower vertebra; the
        traversing root (the lower level's, in the lateral recess) against the disc [S77][S82]."""
        if not hasattr(self, "_gaps"):
            side = "right" if self.side > 0 else "left"
            lower = "S1" if self.lower_bone == "sacrum" else self.lower_bone
            s = self.spine.structures
            disc = s[f"disc_{self.segment}"].mesh
            exiting, traversing = f"root_{self.upper}_{side}", f"root_{lower}_{side}"
            self._gaps = {
                exiting: min(clearance(s[exiting].mesh.points, disc), clearance(s[exiting].mesh.points,
                                                                                  s[self.lower_bone].mesh)),
                traversing: clearance(s[traversing].mesh.points, disc),
            }
        return self._gaps

    def root_compression(self, p: Pathology) -> dict[str, float]:
        """How far (mm) each root at risk is pressed; 0 = free.  Which root follows the anatomy [S77][S82].

        Traversing root (the lower level's): this model's herniation is posterolateral, so it and part of the
        bulge reach across the root's measured clearance.  Exiting root (the upper level's, in the foramen):
        pressed only once the foramen closes past its fat (`p.foraminal` beyond FORAMEN_FAT: Lee grade 3, the
        root itself deformed [S68]); narrowing and spurs alone take the fat (Lee 1–2) and leave the root free.
        Model values, for illustration: not measurements."""
        (exiting, _), (traversing, gap_in) = self.root_gaps().items()
        reach_in = p.herniation + TRAVERSING_BULGE * p.bulge
        return {exiting: max(0.0, p.foraminal - FORAMEN_FAT), traversing: max(0.0, reach_in - gap_in)}

    def root_roles(self) -> dict[str, str]:
        """Root name -> "exiting" or "traversing", for the two roots at risk."""
        return dict(zip(self.root_gaps(), ("exiting", "traversing")))


PIVOT = 1 / 3  # share of the disc's depth from its back at which the segment turns in flexion and extension (D)
POSTEROLATERAL = 40.0  # degrees from straight back: where the degeneration story's herniation points [S77][S80]
TRAVERSING_BULGE = 0.5  # share of the annular bulge that reaches the lateral recess beside the herniation
FORAMEN_FAT = 3.0  # mm of foraminal closure taken by the fat around the exiting root before the root is pressed


def clearance(points: np.ndarray, surface) -> float:
    """Smallest distance (mm) from any of `points` to a closed surface (negative if inside it)."""
    return float(signed_distance(points, surface).min())


FORAMEN_SLAB = 3.0  # mm either side of the foramen's centre within which its front and back walls are looked for
OUTLINE_POINTS = 48
FORAMEN_REACH = (0.5, 0.3)  # share of the bulge, and of a spur's size, that reaches into the foramen (posterolateral)
TEARDROP = (0.85, 0.25)  # width scale at mid-height and its change towards the top: wider above, where the root runs


class Foramen:
    """The neural foramen on the rig's side: its walls found once on the healthy meshes, then moved by `p`.

    Roof and floor are the pedicles (they move with the settling column); the front wall is the back of the disc
    (pushed back by bulge and rim spurs); the back wall is the superior articular process (pushed forward by facet
    spurs).  The outline is an inverted teardrop through those four walls, as the foramen looks from the side."""

    def __init__(self, rig: SegmentRig):
        self.rig = rig
        self.forward = rig.w_lower[:3, 1]  # anterior, in the lower vertebra's tilt
        self.bottom = rig._pedicle_edge(rig.lower_params, rig.w_lower, 1.0)
        self.top = rig._pedicle_edge(rig.v_upper, rig.world[rig.upper], -1.0)  # healthy: it rides the settling
        centre = 0.5 * (self.top + self.bottom)
        s = rig.spine.structures
        self.exit = np.array([rig.side * (0.5 * rig.v_upper.pedicle_width + 1.5), 0.0, 0.0])  # drawn at the exit
        self.front = self._wall(s[f"disc_{rig.segment}"].mesh.points, centre, +1.0, 8.0)
        self.back = self._wall(s[rig.lower_bone].mesh.points, centre, -1.0, -5.0)

    def _wall(self, points: np.ndarray, centre: np.ndarray, sign: float, fallback: float) -> float:
        """Signed distance along `forward` from the centre to the nearest wall on that side (mm)."""
        rel = points - centre
        up = self.rig.w_lower[:3, 2]
        beside = (np.abs(rel[:, 0]) < FORAMEN_SLAB) & (np.abs(rel @ up) < FORAMEN_SLAB)
        near = beside & (sign * (rel @ self.forward) > 0)
        if not near.any():
            return fallback
        along = rel[near] @ self.forward
        return float(along.min() if sign > 0 else along.max())

    def walls(self, p: Pathology, delta: np.ndarray | None = None, closure: float = 0.0,
              ) -> tuple[np.ndarray, np.ndarray, float, float]:
        """Roof point, floor point, front and back offsets (mm along `forward`) at state `p`; `delta` moves the
        roof instead of the rig's settling (a slipped vertebra), `closure` brings the back wall forward (the
        transverse narrowing of ligamentum flavum and facet hypertrophy [S69])."""
        top = (self.rig.settle(p) if delta is None else delta) @ np.append(self.top, 1.0)
        front = self.front - FORAMEN_REACH[0] * p.bulge - FORAMEN_REACH[1] * p.endplate_spur
        back = self.back + FORAMEN_REACH[1] * p.facet_spur + closure
        return top[:3], self.bottom, front, min(back, front - 1.0)

    def measure(self, p: Pathology, delta: np.ndarray | None = None, closure: float = 0.0,
                ) -> tuple[np.ndarray, float, float]:
        """(outline, height mm, area mm²) at state `p`, from one look at the walls: what a scrub step needs."""
        top, bottom, front, back = self.walls(p, delta, closure)
        height = float(np.linalg.norm(top - bottom))
        return self._outline(top, bottom, front, back), height, TEARDROP[0] * np.pi * 0.25 * (front - back) * height

    def outline(self, p: Pathology) -> np.ndarray:
        """OUTLINE_POINTS world points around the foramen (closed loop, the first point not repeated)."""
        return self.measure(p)[0]

    def area(self, p: Pathology) -> float:
        """Area inside the outline (mm²): TEARDROP[0]·π·a·b for half-width a and half-height b."""
        return float(self.measure(p)[2])

    def _outline(self, top, bottom, front: float, back: float) -> np.ndarray:
        t = np.linspace(0.0, 2.0 * np.pi, OUTLINE_POINTS, endpoint=False)
        centre = 0.5 * (top + bottom) + self.forward * 0.5 * (front + back) + self.exit
        across = (TEARDROP[0] + TEARDROP[1] * np.sin(t)) * np.cos(t) * 0.5 * (front - back)
        return centre + np.outer(across, self.forward) + np.outer(np.sin(t), 0.5 * (top - bottom))


ALARM_SPREAD = 8.0  # mm along a root over which the alarm colour fades from its closest point to the pressing tissue


def alarm_weights(rig: SegmentRig, root: str, points: np.ndarray) -> np.ndarray:
    """Per point of a root at risk: 1 where it comes closest to what presses on it, fading to 0 ALARM_SPREAD away.

    The exiting root is pressed by the disc and the lower vertebra (foramen), the traversing root by the disc."""
    s = rig.spine.structures
    pressing = [s[f"disc_{rig.segment}"].mesh]
    if root.split("_")[1] == rig.upper:
        pressing.append(s[rig.lower_bone].mesh)
    d = np.min([signed_distance(points, m) for m in pressing], axis=0)
    return np.clip(1.0 - (d - d.min()) / ALARM_SPREAD, 0.0, 1.0).astype(np.float32)

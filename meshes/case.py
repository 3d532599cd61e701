"""A patient's case on the healthy surfaces: every lumbar level posed at once from its own state (LevelState).

Built on the one-segment rig (meshes.pathology): each segment's settling and slip is a transform of the column
above it, and those compose up the column, so a vertebra's world transform is the product of the transforms of
the segments below it.  Discs follow their two endplates, bulge and herniate where the finding points; cartilage
thins, spurs grow, the ligamentum flavum thickens towards the canal and the dural sac is squeezed at each level
(from the front, from behind and, by overgrown facets, at its back corners) until the area measured on its
cross-section is the level's target; each foramen closes to its target area.  A level may also bend: the column
above tips forward (flexion) or back (extension), the ligament buckles in as it shortens or thins as it stretches,
and the back of the disc bulges as it closes, so the canal and the foramina open in flexion and close in extension.
Weights are computed once per surface; a pose costs vectorised multiply-adds (numpy only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from meshes.ligaments import FLAVUM_THICKNESS
from meshes.params import LEVELS, SEGMENTS, SIDES
from meshes.pathology import TEARDROP, Foramen, SegmentRig, bump, to_frame
from meshes.spine import Spine
from meshes.state import LevelState, Pathology
from meshes.vertebra import body_bottom, canal

HEALTHY = LevelState()
BONES = (*LEVELS, "sacrum")
SQUEEZE_SPAN = 9.0  # mm above and below mid-disc over which the sac's squeeze fades out (D)
FLAVUM_SPAN = 12.0  # mm above and below mid-disc over which the ligament's thickening fades out (D)
FLAVUM_MAX = 4.0  # mm the ligament may thicken: 3 → 7 mm, beyond [S220]'s 4.4 ± 1.0 by 2.5 SD (D)
SQUEEZE_MAX = 0.85  # share of the sac's half depth a push may take: the sac never turns inside out
SAC_REACH = 7.0  # mm either side of a herniation's site over which it dents the front of the sac (D)
REACH_AS_TRAVERSING = {"central": 0.5, "paracentral": 1.0, "subarticular": 1.0}  # share of a herniation's size
REACH_AS_EXITING = {"foraminal": 1.0, "extraforaminal": 1.0}  # that reaches each root [S77][S82] (D)
BEND_DEGREES = 5.0  # a level's full flexion (bend +1) or extension (-1): a schematic share of its motion (D)
REAR_BULGE = 0.8  # mm the back of the disc bulges per mm it closes as the segment extends (D)
RECESS_ANGLE = (50.0, 45.0)  # degrees from straight back where overgrown facets press the sac most, and the
# spread either side (the lateral recesses, under the superior articular processes [S210]) (D)


def moved(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Points carried by a world transform (returned as they are by the identity: a healthy pose is exact)."""
    if np.array_equal(matrix, np.eye(4)):
        return points
    return points @ matrix[:3, :3].T + matrix[:3, 3]


def narrowed(area, low: float, high: float, target: float, steps: int = 30) -> float:
    """The push between `low` and `high` (mm) at which `area(push)`, falling as the push grows, is `target`
    (`low` when even it leaves less, `high` when even it leaves more): by halving."""
    if area(low) <= target:
        return low
    for _ in range(steps):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if area(mid) > target else (low, mid)
    return high


def shoelace(xy: np.ndarray) -> float:
    """Area (mm²) inside a closed polygon given point by point."""
    x, y = xy[:, 0], xy[:, 1]
    return float(0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


@dataclass
class CasePose:
    """What a case looks like: `points[name]` the new points of each changed surface (one array per mesh, fine
    then coarse; only `rows` of it for bones), in the world unless `rider[name]` names the vertebra whose
    `transforms` entry places them; `canal` (mm²) and `foramina` ((left, right) mm²) measured per segment;
    `pressed` root name -> mm; `roles` root name -> "exiting" | "traversing" | "named"."""

    transforms: dict[str, np.ndarray]
    points: dict[str, list[np.ndarray]]
    canal: dict[str, float]
    foramina: dict[str, tuple[float, float]]
    pressed: dict[str, float]
    roles: dict[str, str]


class CaseRig:
    """Weights for all five segments of `spine`, computed once; `pose(states)` gives the case's geometry."""

    def __init__(self, spine: Spine):
        self.spine = spine
        self.rigs = {seg: {side: SegmentRig(spine, seg, side) for side in SIDES} for seg in SEGMENTS}
        self.world = self.rigs[SEGMENTS[0]]["left"].world
        self.foramina = {seg: {side: Foramen(r) for side, r in sides.items()} for seg, sides in self.rigs.items()}
        self.healthy_foramen = {seg: tuple(self.foramina[seg][side].measure(Pathology())[2] for side in SIDES)
                                for seg in SEGMENTS}
        self.base, self.weights, self.rows, self.rider = {}, {}, {}, {}
        for seg in SEGMENTS:
            self._discs(seg)
            self._sheets(seg)
        for bone in BONES:
            self._bone(bone)
        self._soft("dural_sac")
        for seg in SEGMENTS:
            self._soft(f"flavum_{seg}")
        self.sections = {seg: self._section(seg) for seg in SEGMENTS}
        self.flavum_ends = {seg: self._ends(seg) for seg in SEGMENTS}
        self._hernias: dict[tuple, dict] = {}

    # --- weights, once -------------------------------------------------------------------------------------

    def _meshes(self, name: str):
        s = self.spine.structures[name]
        return (s.mesh, s.coarse)

    def _take(self, name: str) -> list[np.ndarray]:
        self.base[name] = [np.array(m.points, dtype=float) for m in self._meshes(name)]
        return self.base[name]

    def _discs(self, seg: str) -> None:
        rig = self.rigs[seg]["left"]
        for name in (f"disc_{seg}", f"nucleus_{seg}"):
            if name in self.spine.structures:
                self.weights[name] = [rig.disc_weights(b) for b in self._take(name)]
                for w in self.weights[name]:  # the back of the wall: where extension bulges it
                    w["rear"] = w["bulge"] * np.clip(-w["radial"][:, 1], 0.0, 1.0)[:, None]

    def _sheets(self, seg: str) -> None:
        rig = self.rigs[seg]["left"]
        for name in self.spine.structures:
            if name.startswith(f"cartilage_{seg}_"):
                self.weights[name] = [rig.cartilage_weights(name, b) for b in self._take(name)]
                self.rider[name] = rig.upper if name.endswith("_inferior") else rig.lower_bone

    def _bone(self, bone: str) -> None:
        """Spur weights of a bone from each segment it bounds, on the rows any of them touches; the facet
        margins split by side (x in the bone's own frame)."""
        segs = [seg for seg in SEGMENTS if bone in (self.rigs[seg]["left"].upper, self.rigs[seg]["left"].lower_bone)]
        frame = self.world["S1" if bone == "sacrum" else bone]
        self.base[bone], self.weights[bone], self.rows[bone] = [], [], []
        for mesh in self._meshes(bone):
            points, normals = np.array(mesh.points, dtype=float), mesh.point_data["Normals"]
            per = {seg: self.rigs[seg]["left"].spur_weights(bone, points, normals) for seg in segs}
            rows = np.flatnonzero(sum(w["endplate"] + w["facet"] for w in per.values()))
            right = to_frame(frame, points[rows])[:, 0] > 0.0
            self.rows[bone].append(rows)
            self.base[bone].append(points[rows])
            self.weights[bone].append({"normals": np.asarray(normals)[rows], "segments": {
                seg: (w["endplate"][rows], w["facet"][rows] * ~right, w["facet"][rows] * right)
                for seg, w in per.items()}})
        self.rider[bone] = bone

    def _column_coordinates(self, points: np.ndarray) -> np.ndarray:
        """Where each point sits up the column: 0 on the sacrum, 1 on L5 … 5 on L1, fractions in a disc space
        (0 at its lower endplate, 1 at its upper one): the weights that blend the bones' transforms."""
        s = np.zeros(len(points))
        for seg in SEGMENTS:
            rig = self.rigs[seg]["left"]
            low = to_frame(rig.w_lower, points)[:, 2]
            up = to_frame(self.world[rig.upper], points)
            above = up[:, 2] - body_bottom(rig.v_upper, up[:, 1])
            s += np.clip(low / np.maximum(low - above, 1e-6), 0.0, 1.0)
        return s

    def _soft(self, name: str) -> None:
        """A soft structure spanning several bones (the sac, a ligament): column blend, and per segment the
        squeeze or thickening weights in that segment's lower frame."""
        w = []
        for base in self._take(name):
            s = self._column_coordinates(base)
            low = np.minimum(np.floor(s), len(BONES) - 2)
            blend = np.zeros((len(base), len(BONES)))  # per point, the weight of each bone (sacrum first)
            rows = np.arange(len(base))
            blend[rows, low.astype(int)] = 1.0 - (s - low)
            blend[rows, low.astype(int) + 1] = s - low
            entry = {"blend": blend, "levels": {}}
            for seg in SEGMENTS if name == "dural_sac" else [name.removeprefix("flavum_")]:
                entry["levels"][seg] = self._level_weights(name, seg, base)
            w.append(entry)
        self.weights[name] = w

    def _level_weights(self, name: str, seg: str, points: np.ndarray) -> dict[str, np.ndarray]:
        rig = self.rigs[seg]["left"]
        local = to_frame(rig.w_lower, points)
        mid = 0.5 * rig.height_post
        if name == "dural_sac":
            return {"x": local[:, 0], "y": local[:, 1], "along": bump(local[:, 2], mid, SQUEEZE_SPAN)}
        v = rig.lower_params
        cy = -0.5 * v.body_depth - 0.5 * v.canal_depth
        inward = -np.column_stack([local[:, 0] / (0.5 * v.canal_width) ** 2,
                                   (local[:, 1] - cy) / (0.5 * v.canal_depth) ** 2, np.zeros(len(local))])
        inward /= np.maximum(np.linalg.norm(inward, axis=1, keepdims=True), 1e-9)
        inner = np.clip(-canal(local, v) / FLAVUM_THICKNESS, 0.0, 1.0)
        grow = inner * bump(local[:, 2], mid, FLAVUM_SPAN)
        return {"thicken": (inward @ rig.w_lower[:3, :3].T) * grow[:, None]}

    def _section(self, seg: str) -> dict:
        """The sac's cross-section at mid-disc (lower frame, ordered round its centre), the gap in front of it
        to the back of the disc, and the disc's half axes: measured once on the healthy meshes."""
        rig = self.rigs[seg]["left"]
        origin = rig.w_lower @ np.array([0.0, 0.0, 0.5 * rig.height_post, 1.0])
        cut = self.spine.structures["dural_sac"].mesh.slice(normal=rig.w_lower[:3, 2], origin=origin[:3])
        xy = to_frame(rig.w_lower, np.asarray(cut.points))[:, :2]
        centre = xy.mean(axis=0)
        xy = xy[np.argsort(np.arctan2(xy[:, 1] - centre[1], xy[:, 0] - centre[0]))]
        disc = to_frame(rig.w_lower, self.spine.structures[f"disc_{seg}"].mesh.points)
        middle = np.abs(disc[:, 0]) < 3.0
        front, back = xy[:, 1].max() - centre[1], centre[1] - xy[:, 1].min()
        return {"xy": xy, "cy": centre[1], "front": front, "back": back, "area": shoelace(xy),
                "gap": max(float(disc[middle, 1].min()) - xy[:, 1].max(), 0.0),
                "disc": (0.5 * rig.lower_params.body_width, 0.5 * rig.lower_params.body_depth)}

    def _ends(self, seg: str) -> tuple[np.ndarray, np.ndarray]:
        """The ligamentum flavum's two ends on the midline (world, healthy): its top rides the upper vertebra."""
        points = self.base[f"flavum_{seg}"][0]
        local = to_frame(self.rigs[seg]["left"].w_lower, points)
        middle = np.flatnonzero(np.abs(local[:, 0]) < 3.0)
        order = middle[np.argsort(local[middle, 2])]
        return points[order[-1]], points[order[0]]

    # --- a pose ----------------------------------------------------------------------------------------------

    def transforms(self, states: dict[str, LevelState]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(per segment: the column's transform above it, in the healthy world; per bone: its world transform,
        the product of the segment transforms below it)."""
        deltas, bones, total = {}, {"sacrum": np.eye(4)}, np.eye(4)
        for seg in reversed(SEGMENTS):
            s = states.get(seg, HEALTHY)
            deltas[seg] = self.rigs[seg]["left"].column(s.disc_height_post, s.disc_height_ant, s.listhesis,
                                                        BEND_DEGREES * s.bend)
            total = deltas[seg] if np.array_equal(total, np.eye(4)) else total @ deltas[seg]
            bones[seg.split("-")[0]] = total
        return deltas, bones

    def pose(self, states: dict[str, LevelState]) -> CasePose:
        """The whole case: `states` maps segment ('L4-L5') to its state; missing segments are healthy."""
        deltas, bones = self.transforms(states)
        out = CasePose(bones, {}, {}, {}, {}, {})
        bends = {seg: self.bent(seg, states.get(seg, HEALTHY)) for seg in SEGMENTS}
        for seg in SEGMENTS:
            s = states.get(seg, HEALTHY)
            self._pose_discs(seg, s, deltas[seg], bones, out, bends[seg][1])
            for name, w in self.weights.items():
                if name.startswith(f"cartilage_{seg}_"):
                    p = s.side("right" if "_right_" in name else "left")
                    rig = self.rigs[seg]["left"]
                    out.points[name] = [rig.cartilage_points(b, wi, p) for b, wi in zip(self.base[name], w)]
            out.foramina[seg] = self._foramina(seg, s, deltas[seg], *bends[seg])
            self._press(seg, s, out)
        for bone in BONES:
            out.points[bone] = [self._spurs(base, w, states) for base, w in zip(self.base[bone], self.weights[bone])]
        pushes = {seg: (states.get(seg, HEALTHY), *self._canal(seg, states.get(seg, HEALTHY), out, *bends[seg]),
                        bends[seg][1]) for seg in SEGMENTS}
        out.points["dural_sac"] = self._soft_points("dural_sac", bones, pushes)
        for seg in SEGMENTS:
            out.points[f"flavum_{seg}"] = self._soft_points(f"flavum_{seg}", bones, pushes)
        return out

    def bent(self, seg: str, s: LevelState) -> tuple[float, float]:
        """(mm the ligamentum flavum thickens towards the canal, mm the back of the disc bulges) from the level's
        bend alone, measured between the straight and the bent column: the ligament keeps its volume, so as its
        two ends come together it buckles in and as they part it thins (flexion reduces its buckling [S209]);
        the back of the disc bulges as it closes (REAR_BULGE, D).  Both negative in flexion; (0, 0) unbent."""
        if not s.bend:
            return 0.0, 0.0
        rig = self.rigs[seg]["left"]
        straight = rig.column(s.disc_height_post, s.disc_height_ant, s.listhesis)
        tipped = rig.column(s.disc_height_post, s.disc_height_ant, s.listhesis, BEND_DEGREES * s.bend)
        top, bottom = self.flavum_ends[seg]
        corner = self.world[rig.upper] @ np.array([0.0, -0.5 * rig.v_upper.body_depth,
                                                   body_bottom(rig.v_upper, -0.5 * rig.v_upper.body_depth), 1.0])

        def length(matrix: np.ndarray) -> float:
            return float(np.linalg.norm((matrix @ np.append(top, 1.0))[:3] - bottom))

        def back_height(matrix: np.ndarray) -> float:
            return float(to_frame(rig.w_lower, (matrix @ corner)[None, :3])[0, 2])

        fold = (FLAVUM_THICKNESS + s.flavum) * (length(straight) / length(tipped) - 1.0)
        return fold, REAR_BULGE * (back_height(straight) - back_height(tipped))

    def _pose_discs(self, seg: str, s: LevelState, delta, bones, out: CasePose, rear: float = 0.0) -> None:
        rig = self.rigs[seg]["left"]
        below = bones[rig.lower_bone]
        p = s.side("left")
        for name in (f"disc_{seg}", f"nucleus_{seg}"):
            if name not in self.weights:
                continue
            nucleus = name.startswith("nucleus_")
            points = []
            for i, (base, w) in enumerate(zip(self.base[name], self.weights[name])):
                w = {**w, **self._hernia(name, i, s)}
                new = rig.disc_points(base, w, p, delta, nucleus)
                points.append(moved(below, new if nucleus or not rear else new + rear * w["rear"]))
            out.points[name] = points

    def _hernia(self, name: str, i: int, s: LevelState) -> dict[str, np.ndarray]:
        """The herniation weights for this level's direction (cached: a case has a handful of directions)."""
        key = (name, i, s.herniation_sides, s.herniation_angle)
        if key not in self._hernias:
            self._hernias[key] = SegmentRig.herniation_weights(self.weights[name][i], s.herniation_sides or (0.0,),
                                                               s.herniation_angle)
        return self._hernias[key]

    def _spurs(self, base: np.ndarray, w: dict, states: dict[str, LevelState]) -> np.ndarray:
        grow = np.zeros(len(base))
        for seg, (endplate, left, right) in w["segments"].items():
            s = states.get(seg, HEALTHY)
            if s.endplate_spur or any(s.facet_spur):
                grow += s.endplate_spur * endplate + s.facet_spur[0] * left + s.facet_spur[1] * right
        return base + w["normals"] * grow[:, None]

    def _foramina(self, seg: str, s: LevelState, delta: np.ndarray, fold: float = 0.0,
                  rear: float = 0.0) -> tuple[float, float]:
        """Each side's foramen closed (transversely) until its area is the state's share of healthy; then a bend
        moves its roof with the column, its front with the back of the disc and its back with the ligament."""
        areas = []
        for i, side in enumerate(SIDES):
            foramen, p = self.foramina[seg][side], s.side(side)
            p = replace(p, bulge=p.bulge + rear) if rear else p
            top, bottom, front, back = foramen.walls(p, delta)
            height = float(np.linalg.norm(top - bottom))
            scale = TEARDROP[0] * np.pi * 0.25 * height
            target = s.foramen_open[i] * self.healthy_foramen[seg][i]
            closure = min(max((front - back) - target / scale, 0.0), front - back - 1.0)
            areas.append(float(foramen.measure(p, delta, (closure if s.foramen_open[i] < 1.0 else 0.0) + fold)[2]))
        return areas[0], areas[1]

    def _press(self, seg: str, s: LevelState, out: CasePose) -> None:
        """How far each root at risk is pressed: the traversing root by a herniation that reaches the lateral
        recess, the exiting root by one in the foramen or by a foramen closed past its fat [S68][S77][S82]."""
        for i, side in enumerate(SIDES):
            rig = self.rigs[seg][side]
            p = Pathology(bulge=s.bulge, herniation=s.traversing[i], foraminal=s.foraminal[i])
            (exiting, out_mm), (traversing, in_mm) = rig.root_compression(p).items()
            for root, mm, role in ((exiting, out_mm + s.exiting[i], "exiting"), (traversing, in_mm, "traversing")):
                if mm > out.pressed.get(root, 0.0):
                    out.pressed[root], out.roles[root] = mm, role
        for root, side, mm in s.named_roots:
            for name in (f"root_{root}_{x}" for x in (SIDES if side == "both" else (side,))):
                if name in self.spine.structures and mm > out.pressed.get(name, 0.0):
                    out.pressed[name], out.roles[name] = mm, out.roles.get(name, "named")

    def _front(self, seg: str, s: LevelState, x: np.ndarray, rear: float = 0.0) -> np.ndarray:
        """How far the disc pushes the front of the sac back at each x (mm, lower frame): its bulge (and the
        bulge of a bend, `rear`) and any herniation whose site lies in front of the sac, beyond the measured
        epidural gap."""
        sec = self.sections[seg]
        reach = np.full(len(x), float(s.bulge + rear))
        if s.herniation and s.herniation_angle < 60.0:
            a = np.radians(s.herniation_angle)
            r = 1.0 / np.hypot(np.sin(a) / sec["disc"][0], np.cos(a) / sec["disc"][1])  # the disc's outline there
            for side in s.herniation_sides or (0.0,):
                reach += s.herniation * bump(x, side * r * np.sin(a), SAC_REACH)
        return np.maximum(reach - sec["gap"], 0.0)

    def _squeezed(self, seg: str, x, y, front, back: float, recess: float = 0.0) -> np.ndarray:
        """The sac's (dx, dy) after its front is pushed back by `front` (per point), its back forward by `back`
        and its back corners in, towards its centre, by `recess` (the narrowed lateral recesses: a trefoil)."""
        sec = self.sections[seg]
        rel = y - sec["cy"]
        front = np.minimum(front, SQUEEZE_MAX * sec["front"])
        shrink = np.where(rel > 0.0, front / sec["front"], min(back, SQUEEZE_MAX * sec["back"]) / sec["back"])
        out = np.column_stack([np.zeros(len(rel)), -rel * shrink])
        if recess:
            radius = np.maximum(np.hypot(x, rel), 1e-6)
            angle = np.degrees(np.arctan2(np.abs(x), -rel))  # 0 straight back, 90 at the side
            push = np.minimum(recess * bump(angle, *RECESS_ANGLE), SQUEEZE_MAX * radius)
            out -= np.column_stack([x, rel]) * (push / radius)[:, None]
        return out

    def _area(self, seg: str, front: np.ndarray, back: float, recess: float = 0.0) -> float:
        sec = self.sections[seg]
        xy = sec["xy"] + self._squeezed(seg, sec["xy"][:, 0], sec["xy"][:, 1], front, back, recess)
        return shoelace(xy)

    def _canal(self, seg: str, s: LevelState, out: CasePose, fold: float = 0.0,
               rear: float = 0.0) -> tuple[float, float]:
        """(extra front push, back push) on the sac at this level, measured to the state's target area: the
        ligamentum flavum thickens first (at least as far as the facets make it, at most FLAVUM_MAX), and what
        it cannot close the front takes (disc, osteophytes, epidural tissue).  A bend then adds its fold to the
        back and its bulge to the front: the target holds for the level standing straight."""
        sec = self.sections[seg]
        front = self._front(seg, s, sec["xy"][:, 0])
        back, extra = s.flavum, 0.0
        if s.canal_area is not None:
            back = narrowed(lambda b: self._area(seg, front, b, s.recess), s.flavum, FLAVUM_MAX, s.canal_area)
            extra = narrowed(lambda e: self._area(seg, front + e, back, s.recess), 0.0, SQUEEZE_MAX * sec["front"],
                             s.canal_area)
        back += fold
        out.canal[seg] = self._area(seg, self._front(seg, s, sec["xy"][:, 0], rear) + extra, back, s.recess)
        return extra, back

    def _soft_points(self, name: str, bones, pushes) -> list[np.ndarray]:
        """The sac or a ligament: squeezed or thickened per level, then carried by the blend of its bones."""
        order = [bones[b] for b in reversed(BONES)]  # sacrum first, as the blend weights
        out = []
        for base, w in zip(self.base[name], self.weights[name]):
            points = base.copy()
            for seg, lw in w["levels"].items():
                s, extra, back, rear = pushes[seg]
                if "thicken" in lw:
                    if back:
                        points += back * lw["thicken"]
                    continue
                front = self._front(seg, s, lw["x"], rear) + extra
                if back or s.recess or front.any():
                    shift = self._squeezed(seg, lw["x"], lw["y"], front, back, s.recess) * lw["along"][:, None]
                    points += shift @ self.rigs[seg]["left"].w_lower[:3, :2].T
            shift = np.zeros_like(points)
            for k, matrix in enumerate(order):
                if not np.array_equal(matrix, np.eye(4)):
                    shift += w["blend"][:, k:k + 1] * (points @ (matrix[:3, :3] - np.eye(3)).T + matrix[:3, 3])
            out.append(points + shift)
        return out

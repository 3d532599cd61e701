"""The assembled healthy spine: every structure as a named, grouped, closed surface in mm, RAS axes.

`build_spine()` is what the app calls: it returns the cached surfaces when the parameters and the code are
unchanged, and otherwise computes them (see meshes.cache).  `compute_spine()` always computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from meshes import alignment, discs, muscles, neural, pelvis, sacrum, sdf, surface
from meshes import vertebra as vt
from meshes.params import LEVELS, VERTEBRAE, VertebraParams

GROUPS = ("bones", "discs", "cartilage", "nerves", "muscles", "pelvis")
SIDE_NAMES = {1.0: "right", -1.0: "left"}
BONE_CLEARANCE = 0.3  # mm kept between neighbouring bones where their shapes would otherwise meet
BONE_SPACING = 1.0  # mm grid for bone surfaces: finer adds triangles, not fidelity (checked with fidelity.py)
COARSE_KEEP = {"bones": 0.06, "discs": 0.06, "cartilage": 0.06, "nerves": 0.05, "muscles": 0.1,
               "pelvis": 0.05}  # moving frames


@dataclass(frozen=True)
class Structure:
    """One closed surface of the model: `name` is file-safe, `label` is what a person reads.

    `coarse` is a light copy of `mesh` for frames drawn while the view moves (see surface.coarse_copy).
    """

    name: str
    label: str
    group: str
    mesh: pv.PolyData
    coarse: pv.PolyData


@dataclass
class Spine:
    """All structures in draw order, and named anchor points for labels (mm, RAS)."""

    structures: dict[str, Structure]
    landmarks: dict[str, np.ndarray] = field(default_factory=dict)

    def group(self, group: str) -> list[Structure]:
        return [s for s in self.structures.values() if s.group == group]


def placed_frames() -> dict[str, np.ndarray]:
    """World matrices of L1..S1, shifted so the model's middle sits at the origin (the camera's pivot)."""
    world = alignment.frames()
    top = world["L1"][:3, 3]
    apex = neural.to_world(world["S1"], [0.0, 8.0, -sacrum.SACRAL_HEIGHT])
    shift = np.eye(4)
    shift[:3, 3] = -0.5 * (top + apex)
    return {level: shift @ m for level, m in world.items()}


class Builder:
    """Computes the surfaces of one spine from the parameter table: frames first, then each structure."""

    def __init__(self) -> None:
        self.world = placed_frames()
        self.joints = alignment.facet_joints(self.world)
        self.params: dict[str, VertebraParams] = {**VERTEBRAE, "S1": sacrum.S1_BODY}
        self.structures: dict[str, Structure] = {}

    def own_field(self, level: str):
        """The bone of one level as a field in its own frame, as its parameters shape it."""
        j = self.joints[level]
        if level == "S1":
            return lambda p: sacrum.sacrum(p, j["above"])
        return lambda p: vt.vertebra(p, VERTEBRAE[level], j["above"], j["below"])

    def bone_field(self, level: str):
        """The bone of one level, less anything its neighbours occupy (plus a clearance).

        Neighbouring processes can reach into each other where the blended shapes are generous; carving each
        bone by its neighbours guarantees that bones never interpenetrate, whatever the parameters.
        """
        order = [*LEVELS, "S1"]
        i = order.index(level)
        own = self.own_field(level)
        others = [sdf.seen_from(self.own_field(n), np.linalg.inv(self.world[level]) @ self.world[n])
                  for n in order[max(i - 1, 0):i + 2] if n != level]
        return lambda p: np.maximum.reduce([own(p)] + [BONE_CLEARANCE - other(p) for other in others])

    def world_bone(self, level: str):
        """A bone's field evaluated at world coordinates."""
        return sdf.seen_from(self.bone_field(level), self.world[level])

    def add(self, name, label, group, field_, lo, hi, spacing, matrix=None) -> None:
        mesh = surface.extract(field_, lo, hi, spacing)
        if matrix is not None:
            mesh = mesh.transform(matrix, inplace=False)
        self.structures[name] = Structure(name, label, group, surface.finish(mesh),
                                          surface.coarse_copy(mesh, COARSE_KEEP[group]))

    def bones(self) -> None:
        for level in LEVELS:
            j = self.joints[level]
            kp = vt.key_points(VERTEBRAE[level], [*j["above"].values(), *j["below"].values()])
            self.add(level, f"{level} vertebra", "bones", self.bone_field(level), kp.min(0) - 6, kp.max(0) + 6,
                     BONE_SPACING, self.world[level])
        kp = sacrum.key_points(self.joints["S1"]["above"])
        self.add("sacrum", "Sacrum", "bones", self.bone_field("S1"), kp.min(0) - 6, kp.max(0) + 6, 1.2,
                 self.world["S1"])

    def pelvis(self) -> None:
        """The two iliac bones, carved by the sacrum with a joint space (see meshes.pelvis)."""
        sac = self.world_bone("S1")
        for side, side_name in SIDE_NAMES.items():
            lo, hi = pelvis.bounds(side)
            self.add(f"ilium_{side_name}", f"Ilium ({side_name})", "pelvis", pelvis.ilium_field(side, sac), lo, hi, 1.2)

    def discs(self) -> None:
        levels = [*LEVELS, "S1"]
        for upper, lower in zip(levels[:-1], levels[1:]):
            seg = alignment.segment_name(upper)
            to_upper = np.linalg.inv(self.world[upper]) @ self.world[lower]
            whole = discs.disc(self.params[lower], self.params[upper], self.own_field(lower),
                               self.own_field(upper), to_upper)
            core = discs.nucleus(whole, self.params[lower], self.params[upper])
            lo, hi = discs.bounds(self.params[lower], self.params[upper], 20.0)
            pretty = seg.replace("-", "–")
            self.add(f"disc_{seg}", f"{pretty} disc: annulus fibrosus", "discs", discs.annulus(whole, core),
                     lo, hi, 1.0, self.world[lower])
            self.add(f"nucleus_{seg}", f"{pretty} disc: nucleus pulposus", "discs", core, lo, hi, 1.0,
                     self.world[lower])

    def cartilage(self) -> None:
        levels = [*LEVELS, "S1"]
        for upper, lower in zip(levels[:-1], levels[1:]):
            seg = alignment.segment_name(upper)
            for side, side_name in SIDE_NAMES.items():
                for level, where, superior in ((upper, "below", False), (lower, "above", True)):
                    joint = self.joints[level][where][side]
                    part = "superior" if superior else "inferior"
                    self.add(f"cartilage_{seg}_{side_name}_{part}",
                             f"{seg.replace('-', '–')} facet joint ({side_name}): cartilage of the {part} process",
                             "cartilage", self.cartilage_field(level, joint, superior, (upper, lower)),
                             joint.center - 13.0, joint.center + 13.0, 0.7, self.world[level])

    def cartilage_field(self, level: str, joint, superior: bool, pair: tuple[str, str]):
        """A cartilage sheet in `level`'s frame, kept clear of both bones of its joint."""
        v = self.params[level]
        bones = [sdf.seen_from(self.bone_field(n), np.linalg.inv(self.world[level]) @ self.world[n]) for n in pair]
        return lambda p: np.maximum.reduce([vt.cartilage(p, v, joint, superior)] + [0.1 - b(p) for b in bones])

    def nerves(self) -> None:
        sac, pts = neural.dural_sac(self.world, VERTEBRAE)
        self.add("dural_sac", "Dural sac (thecal sac)", "nerves", sac, pts.min(0) - 12, pts.max(0) + 12, 1.2)
        for level in [*LEVELS, "S1"]:
            for side, side_name in SIDE_NAMES.items():
                local = neural.s1_root_path(side) if level == "S1" else neural.root_path(VERTEBRAE[level], side)
                points = neural.to_world(self.world[level], [p for p, _ in local])
                points, radii = neural.densify(points, np.array([r for _, r in local]))
                points = neural.clear_of(points, radii, self.nearby_bones(level))
                path = list(zip(points, radii))
                ends = points
                self.add(f"root_{level}_{side_name}", f"{level} nerve root ({side_name})", "nerves",
                         neural.root(path), ends.min(0) - 5, ends.max(0) + 5, 1.0)

    def nearby_bones(self, level: str) -> list:
        """World fields of the bones a root of `level` passes between."""
        order = [*LEVELS, "S1"]
        i = order.index(level)
        return [self.world_bone(n) for n in order[max(i - 1, 0):i + 2]]

    def muscles(self) -> None:
        for lateral, name, label in ((False, "multifidus", "Multifidus"), (True, "erector_spinae", "Erector spinae")):
            for side, side_name in SIDE_NAMES.items():
                f, pts, radii = muscles.muscle(self.world, VERTEBRAE, side, lateral)
                r = radii.max() + 4
                self.add(f"{name}_{side_name}", f"{label} ({side_name})", "muscles", f, pts.min(0) - r,
                         pts.max(0) + r, 1.6)

    def landmarks(self) -> dict[str, np.ndarray]:
        """Anchor points for the labels: the levels, and one example of each main part."""
        out = {}
        for level in LEVELS:
            v = VERTEBRAE[level]
            out[level] = neural.to_world(self.world[level], [0.5 * v.body_width, 0.2 * v.body_depth,
                                                             -0.5 * v.body_height_post])
        out["S1"] = neural.to_world(self.world["S1"], [0.5 * sacrum.S1_BODY.body_width, 5.0, -12.0])
        v3 = VERTEBRAE["L3"]
        a = np.radians(v3.sp_angle)
        mid = vt.lamina_midline(v3)
        out["spinous process"] = neural.to_world(self.world["L3"], mid + (0, -v3.sp_length * np.cos(a),
                                                                          -v3.sp_length * np.sin(a)))
        root = vt.pedicle_root(v3, 1.0)
        out["transverse process"] = neural.to_world(self.world["L3"], root + (v3.tp_length + v3.pedicle_width, -3, 2))
        v4 = VERTEBRAE["L4"]
        out["pedicle"] = neural.to_world(self.world["L4"], 0.5 * (vt.pedicle_root(v4, -1.0) + (-0.5 * v4.canal_width,
                                                                  -0.5 * v4.body_depth, v4.pedicle_z)))
        out["facet joint"] = neural.to_world(self.world["L4"], self.joints["L4"]["below"][1.0].center)
        out["intervertebral disc"] = self.structures["disc_L3-L4"].mesh.points[
            np.argmax(self.structures["disc_L3-L4"].mesh.points @ self.world["L3"][:3, 1])]
        out["nerve root"] = neural.to_world(self.world["L4"], neural.root_path(v4, -1.0)[3][0])
        out["sacrum"] = neural.to_world(self.world["S1"], [-20.0, 0.0, -60.0])
        out.update(pelvis.landmarks())
        return out


def compute_spine() -> Spine:
    """Compute every structure from the parameter table (seconds; the app uses the cached copy)."""
    b = Builder()
    b.bones()
    b.discs()
    b.cartilage()
    b.nerves()
    b.muscles()
    b.pelvis()
    return Spine(b.structures, b.landmarks())


def build_spine(use_cache: bool = True) -> Spine:
    """The healthy spine, from the on-disk cache when it matches the current parameters and code."""
    from meshes import cache

    return cache.load_or_build(compute_spine) if use_cache else compute_spine()

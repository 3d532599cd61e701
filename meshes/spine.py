"""The assembled healthy spine: every structure as a named, grouped, closed surface in mm, RAS axes.

`build_spine()` is what the app calls: it returns the cached surfaces when the parameters and the code are
unchanged, and otherwise computes them (see meshes.cache).  `compute_spine()` always computes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from meshes import alignment, discs, ligaments, muscles, neural, pelvis, sacroiliac, sacrum, sdf, surface
from meshes import vertebra as vt
from meshes.params import LEVELS, VERTEBRAE, VertebraParams

GROUPS = ("bones", "discs", "cartilage", "ligaments", "nerves", "muscles", "pelvis")
SIDE_NAMES = {1.0: "right", -1.0: "left"}
BONE_CLEARANCE = 0.3  # mm kept between neighbouring bones where their shapes would otherwise meet
BONE_SPACING = 1.0  # mm grid for bone surfaces: finer adds triangles, not fidelity (checked with fidelity.py)
HEAVY = {"ilium": 0, "sacroiliac": 1, "roots": 2, "bone": 3}  # jobs started first, heaviest first (see run_jobs)
COARSE_KEEP = {"bones": 0.06, "discs": 0.06, "cartilage": 0.06, "ligaments": 0.1, "nerves": 0.05, "muscles": 0.1,
               "pelvis": 0.05}  # moving frames
SHEET_SPACING = 0.3  # mm grid for the sacroiliac cartilage, a 0.6 mm sheet
SHEET_KEEP = 0.3  # of a sheet's triangles kept in its still-frame mesh


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
    """Computes the surfaces of one spine from the parameter table: frames first, then each structure.

    The work is cut into jobs (see `jobs`), each a method returning finished structures, so that they can run
    in separate processes: a Builder costs a fraction of a millisecond to make, so each job makes its own.
    """

    def __init__(self) -> None:
        self.world = placed_frames()
        self.joints = alignment.facet_joints(self.world)
        self.params: dict[str, VertebraParams] = {**VERTEBRAE, "S1": sacrum.S1_BODY}

    def jobs(self) -> list[tuple[str, tuple]]:
        """Every job as (method, arguments), in draw order."""
        levels = [*LEVELS, "S1"]
        return [*(("bone", (level,)) for level in levels),
                *(("disc", (upper,)) for upper in levels[:-1]),
                *(("cartilage", (upper,)) for upper in levels[:-1]),
                *(("flavum", (upper,)) for upper in levels[:-1]),
                ("dural_sac", ()),
                ("roots", ()),
                *(("muscle", (lateral, side)) for lateral in (False, True) for side in SIDE_NAMES),
                *(("ilium", (side,)) for side in SIDE_NAMES),
                *(("sacroiliac", (side,)) for side in SIDE_NAMES)]

    def own_field(self, level: str):
        """The bone of one level as a field in its own frame, as its parameters shape it."""
        j = self.joints[level]
        if level == "S1":
            return lambda p: sacrum.sacrum(p, j["above"])
        return lambda p: vt.vertebra(p, VERTEBRAE[level], j["above"], j["below"])

    def bone_field(self, level: str, reach: float = sdf.CULL_MARGIN):
        """The bone of one level, less anything its neighbours occupy (plus a clearance).

        Neighbouring processes can reach into each other where the blended shapes are generous; carving each
        bone by its neighbours guarantees that bones never interpenetrate, whatever the parameters.  The
        neighbours are asked only within `reach` of the bone (see sdf.carved).
        """
        order = [*LEVELS, "S1"]
        i = order.index(level)
        own = self.own_field(level)
        others = [sdf.seen_from(self.own_field(n), np.linalg.inv(self.world[level]) @ self.world[n])
                  for n in order[max(i - 1, 0):i + 2] if n != level]
        return lambda p: sdf.carved(p, own, others, BONE_CLEARANCE, reach)

    def world_bone(self, level: str):
        """A bone's field evaluated at world coordinates."""
        return sdf.seen_from(self.bone_field(level), self.world[level])

    def structure(self, name, label, group, field_, lo, hi, spacing, matrix=None) -> Structure:
        """One surface, finished and with its light copy, placed by `matrix` when it was built in a local frame."""
        mesh = surface.extract(field_, lo, hi, spacing)
        if matrix is not None:
            mesh = mesh.transform(matrix, inplace=False)
        return Structure(name, label, group, surface.finish(mesh), surface.coarse_copy(mesh, COARSE_KEEP[group]))

    def bone(self, level: str) -> list[Structure]:
        """A vertebra, or the sacrum for S1: only meshed, so its neighbours are asked only within SURFACE_BAND."""
        if level == "S1":
            kp = sacrum.key_points(self.joints["S1"]["above"])
            return [self.structure("sacrum", "Sacrum", "bones", self.bone_field("S1", sdf.SURFACE_BAND), kp.min(0) - 6,
                                   kp.max(0) + 6, 1.2, self.world["S1"])]
        j = self.joints[level]
        kp = vt.key_points(VERTEBRAE[level], [*j["above"].values(), *j["below"].values()])
        return [self.structure(level, f"{level} vertebra", "bones", self.bone_field(level, sdf.SURFACE_BAND),
                               kp.min(0) - 6, kp.max(0) + 6, BONE_SPACING, self.world[level])]

    def ilium(self, side: float) -> list[Structure]:
        """An iliac bone, carved by the sacrum with a joint space (see meshes.pelvis)."""
        lo, hi = pelvis.bounds(side)
        name = SIDE_NAMES[side]
        return [self.structure(f"ilium_{name}", f"Ilium ({name})", "pelvis",
                               self.ilium_field(side), lo, hi, 1.2)]

    def ilium_field(self, side: float):
        """An iliac bone as a world field, carved by the sacrum with the sacroiliac joint space."""
        return pelvis.ilium_field(side, self.world_bone("S1"), self.world["S1"])

    def sacroiliac(self, side: float) -> list[Structure]:
        """A sacroiliac joint: cartilage on the sacrum's and the ilium's face, the interosseous and the long
        posterior ligaments (meshes.sacroiliac), shown with the pelvis."""
        name = SIDE_NAMES[side]
        mirror = np.diag([side, 1.0, 1.0, 1.0])
        sacrum_field = self.bone_field("S1", sdf.SURFACE_BAND)  # the sacrum is symmetric: either side's points
        joint = np.eye(4)  # joint coordinates (depth, anterior, up) -> the sacrum's frame, right side
        joint[:3, :3], joint[:3, 3] = sacroiliac.axes().T, sacroiliac.ORIGIN
        lo, hi = sacroiliac.plane_bounds()
        out = [self.sheet(f"si_cartilage_{name}_{face}", f"Sacroiliac joint ({name}): cartilage of the {face}",
                          lambda j, iliac=iliac: sacroiliac.cartilage(j @ joint[:3, :3].T + joint[:3, 3],
                                                                      sacrum_field, iliac),
                          lo, hi, self.world["S1"] @ mirror @ joint)
               for face, iliac in (("sacrum", False), ("ilium", True))]
        ilium = sdf.seen_from(self.ilium_field(side), np.linalg.inv(self.world["S1"]))
        bones = [lambda p: sacrum_field(p * (side, 1.0, 1.0)), lambda p: ilium(p * (side, 1.0, 1.0))]
        psis = (np.linalg.inv(self.world["S1"]) @ np.append(pelvis.psis(), 1.0))[:3]
        for part, label, shape in (("interosseous", "interosseous", sacroiliac.interosseous),
                                   ("long_posterior", "long posterior",
                                    lambda p: sacroiliac.long_posterior(p, psis))):
            lo, hi = sacroiliac.ligament_bounds(part, psis)
            out.append(self.structure(
                f"si_ligament_{name}_{part}", f"Sacroiliac joint ({name}): {label} ligament", "pelvis",
                lambda p, f=shape: sdf.carved(p, f, bones, sacroiliac.LIGAMENT_CLEARANCE, sdf.SURFACE_BAND),
                lo, hi, 0.8, self.world["S1"] @ mirror))
        return out

    def sheet(self, name: str, label: str, field_, lo, hi, matrix) -> Structure:
        """A thin sheet of the pelvis group, meshed finely and then thinned: a flat sheet keeps its shape with a
        third of the triangles that the fine grid gives it."""
        mesh = surface.extract(field_, lo, hi, SHEET_SPACING).transform(matrix, inplace=False)
        return Structure(name, label, "pelvis", surface.coarse_copy(mesh, SHEET_KEEP),
                         surface.coarse_copy(mesh, COARSE_KEEP["pelvis"]))

    def disc(self, upper: str) -> list[Structure]:
        """The annulus and the nucleus of the disc under `upper`."""
        levels = [*LEVELS, "S1"]
        lower = levels[levels.index(upper) + 1]
        seg = alignment.segment_name(upper)
        to_upper = np.linalg.inv(self.world[upper]) @ self.world[lower]
        whole = discs.disc(self.params[lower], self.params[upper], self.own_field(lower), self.own_field(upper),
                           to_upper)
        pair = self.params[lower], self.params[upper]
        lo, hi = discs.bounds(*pair, 20.0)
        pretty = seg.replace("-", "–")
        return [self.structure(f"disc_{seg}", f"{pretty} disc: annulus fibrosus", "discs",
                               discs.annulus(whole, *pair), lo, hi, 1.0, self.world[lower]),
                self.structure(f"nucleus_{seg}", f"{pretty} disc: nucleus pulposus", "discs",
                               discs.nucleus(whole, *pair), lo, hi, 1.0, self.world[lower])]

    def cartilage(self, upper: str) -> list[Structure]:
        """The four cartilage layers of the facet joints under `upper`."""
        levels = [*LEVELS, "S1"]
        lower = levels[levels.index(upper) + 1]
        seg = alignment.segment_name(upper)
        out = []
        for side, side_name in SIDE_NAMES.items():
            for level, where, superior in ((upper, "below", False), (lower, "above", True)):
                joint = self.joints[level][where][side]
                part = "superior" if superior else "inferior"
                out.append(self.structure(
                    f"cartilage_{seg}_{side_name}_{part}",
                    f"{seg.replace('-', '–')} facet joint ({side_name}): cartilage of the {part} process",
                    "cartilage", self.cartilage_field(level, joint, superior, (upper, lower)),
                    joint.center - 13.0, joint.center + 13.0, 0.7, self.world[level]))
        return out

    def cartilage_field(self, level: str, joint, superior: bool, pair: tuple[str, str]):
        """A cartilage sheet in `level`'s frame, kept clear of both bones of its joint.

        The bones are asked only near the sheet, and their neighbours only near them: the sheet is much thinner
        than sdf.SURFACE_BAND, so neither cut-off can reach its surface.
        """
        v = self.params[level]
        bones = [sdf.seen_from(self.bone_field(n, sdf.SURFACE_BAND), np.linalg.inv(self.world[level]) @ self.world[n])
                 for n in pair]
        return lambda p: sdf.carved(p, lambda q: vt.cartilage(q, v, joint, superior), bones, 0.1, sdf.SURFACE_BAND)

    def flavum(self, upper: str) -> list[Structure]:
        """The ligamentum flavum under `upper` (meshes.ligaments), kept clear of its two laminae."""
        levels = [*LEVELS, "S1"]
        lower = levels[levels.index(upper) + 1]
        seg = alignment.segment_name(upper)
        to_lower = np.linalg.inv(self.world[lower]) @ self.world[upper]
        pair = self.params[lower], self.params[upper]
        bones = [sdf.seen_from(self.bone_field(n, sdf.SURFACE_BAND), np.linalg.inv(self.world[lower]) @ self.world[n])
                 for n in (upper, lower)]
        field = ligaments.flavum(*pair, to_lower)
        lo, hi = ligaments.bounds(*pair, to_lower)
        return [self.structure(f"flavum_{seg}", f"{seg.replace('-', '–')} ligamentum flavum", "ligaments",
                               lambda p: sdf.carved(p, field, bones, 0.2, sdf.SURFACE_BAND), lo, hi, 0.8,
                               self.world[lower])]

    def dural_sac(self) -> list[Structure]:
        sac, pts = neural.dural_sac(self.world, VERTEBRAE)
        return [self.structure("dural_sac", "Dural sac (thecal sac)", "nerves", sac, pts.min(0) - 12, pts.max(0) + 12,
                               1.2)]

    def roots(self) -> list[Structure]:
        """The nerve roots L1–S1 on both sides, their paths nudged together clear of the bones around them."""
        levels = [*LEVELS, "S1"]
        paths, names = [], []
        for i, level in enumerate(levels):
            for side, side_name in SIDE_NAMES.items():
                local = neural.s1_root_path(side) if level == "S1" else neural.root_path(VERTEBRAE[level], side)
                points = neural.to_world(self.world[level], [p for p, _ in local])
                points, radii = neural.densify(points, np.array([r for _, r in local]))
                paths.append((points, radii, levels[max(i - 1, 0):i + 2]))  # the bones it passes between
                names.append((level, side_name))
        cleared = neural.clear_of(paths, {level: self.world_bone(level) for level in levels})
        return [self.structure(f"root_{level}_{side_name}", f"{level} nerve root ({side_name})", "nerves",
                               neural.root(list(zip(points, radii))), points.min(0) - 5, points.max(0) + 5, 1.0)
                for (level, side_name), points, (_, radii, _) in zip(names, cleared, paths)]

    def muscle(self, lateral: bool, side: float) -> list[Structure]:
        """Erector spinae (`lateral`) or multifidus on one side."""
        name, label = ("erector_spinae", "Erector spinae") if lateral else ("multifidus", "Multifidus")
        f, pts, radii = muscles.muscle(self.world, VERTEBRAE, side, lateral)
        r = radii.max() + 4
        return [self.structure(f"{name}_{SIDE_NAMES[side]}", f"{label} ({SIDE_NAMES[side]})", "muscles", f,
                               pts.min(0) - r, pts.max(0) + r, 1.6)]

    def landmarks(self, structures: dict[str, Structure]) -> dict[str, np.ndarray]:
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
        disc = structures["disc_L3-L4"].mesh.points
        out["intervertebral disc"] = disc[np.argmax(disc @ self.world["L3"][:3, 1])]
        out["nerve root"] = neural.to_world(self.world["L4"], neural.root_path(v4, -1.0)[3][0])
        out["sacrum"] = neural.to_world(self.world["S1"], [-20.0, 0.0, -60.0])
        out.update(pelvis.landmarks())
        return out


PARENT_CHECK_S = 0.5  # how often a build worker checks that the app that started it is still there


def run_job(job: tuple[str, tuple]) -> list[Structure]:
    """One job, in whichever process runs it."""
    method, args = job
    return getattr(Builder(), method)(*args)


def workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


Progress = Callable[[int, int], None]  # (jobs done, jobs in all): how a first start shows it is working


def run_jobs(jobs: list[tuple[str, tuple]], progress: Progress | None = None,
             ) -> dict[tuple[str, tuple], list[Structure]]:
    """Every job's structures, computed on every core; `progress` is told as each one comes back.

    The heaviest jobs start first, so that the processes finish together.  Forked workers start in
    milliseconds and only compute (numpy and VTK filters, no drawing), leaving with os._exit.
    """
    order = sorted(jobs, key=lambda job: HEAVY.get(job[0], len(HEAVY)))
    n = min(workers(), len(order))
    if n < 2:
        return _collect(order, map(run_job, order), progress)
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_leave_with,
                             initargs=(os.getpid(),)) as pool:
        return _collect(order, pool.map(run_job, order), progress)


def _leave_with(parent: int) -> None:
    """In each worker: end when the app that forked it ends (closed or killed during a first start).  Forked
    workers hold each other's ends of the job pipes, so without this they would wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _collect(order, results, progress: Progress | None) -> dict[tuple[str, tuple], list[Structure]]:
    done = {}
    for job, result in zip(order, results):
        done[job] = result
        if progress is not None:
            progress(len(done), len(order))
    return done


def compute_spine(progress: Progress | None = None) -> Spine:
    """Compute every structure from the parameter table (seconds; the app uses the cached copy)."""
    b = Builder()
    jobs = b.jobs()
    done = run_jobs(jobs, progress)
    structures = {s.name: s for job in jobs for s in done[job]}
    return Spine(structures, b.landmarks(structures))


def build_spine(use_cache: bool = True, progress: Progress | None = None) -> Spine:
    """The healthy spine, from the on-disk cache when it matches the current parameters and code; while it
    is computed, `progress(done, total)` is told as each part comes back."""
    from meshes import cache

    def compute() -> Spine:
        return compute_spine(progress)

    return cache.load_or_build(compute) if use_cache else compute()

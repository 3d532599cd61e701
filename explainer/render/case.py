"""The scene following a patient's case: every lumbar level posed at once from its findings, in place.

Qt-free.  The findings of each level become numbers (explainer.stories.findings.geometry), the case rig
(meshes.case) turns them into new points and one transform per vertebra, and this layer writes those into the
point arrays the actors already draw and into one vtkMatrix4x4 per vertebra, set once as the user matrix of the
vertebra and everything riding on it.  The nuclei take their T2 signal, the pressed roots the alarm colour and
the spurs a tint; a readout gives the canal and foramen areas measured on the posed model.  Nothing is created
or added per case or step.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonMath import vtkMatrix4x4

from explainer.render.degeneration import (
    MODEL_NOTE,
    NUCLEUS_DRY,
    NUCLEUS_WET,
    PRESSED_SHOWN,
    SPUR_ARRAY,
    SPUR_FULL,
    point_scalars,
    segment_bounds,
)
from explainer.render.layers import Layer, Shot
from explainer.render.materials import ALARM, BONE, NERVE, SPUR, ramp_table
from explainer.render.overlay import overlay_text
from explainer.render.pins import PinMarks, callout
from explainer.render.scene import Scene
from explainer.stories.case import step_structures, topics
from explainer.stories.case_text import spoken
from explainer.stories.findings.geometry import level_state
from meshes.case import BONES, CasePose, CaseRig
from meshes.params import LEVELS, SEGMENTS, SIDES
from meshes.state import LevelState

ALARM_FULL = 3.0  # mm of root compression drawn in the full alarm colour; a root just touched is half-way there
OVERVIEW = "lateral"  # the whole spine from the side: heights, slips and bulges read at once
LEVEL_VIEW = "posterolateral"  # a level from behind and the finding's side: the canal, the roots and the foramen
MARK_COLOUR = (0.16, 0.42, 0.62)  # the findings' marks: a calm blue callout, apart from the alarm and the heat map
MARK_BEHIND = 105.0  # mm behind the disc's centre, past the spinous processes, where its mark starts (the overview
# looks from the side: the marks read in the free space behind the spine)
MARK_POINTS = 17
MARK_WORDS = 3  # findings per line of a mark: a level with many stays narrow enough to fit beside the spine
SHORT = {"desiccation": "dry", "height_loss": "narrower", "bulge": "bulge", "herniation": "herniation",
         "facets": "facet wear", "spurs": "spurs", "listhesis": "slip", "canal": "canal narrowed",
         "foramen": "exit narrowed", "roots": "root touched"}


def _mix(a, b, share: float) -> tuple[float, float, float]:
    return tuple(float(x + share * (y - x)) for x, y in zip(a, b))


class PosedLayer(Layer):
    """What the layers that pose the spine from level states (meshes.case) share: the case rig, one matrix per
    vertebra set as the user matrix of it and all that rides on it while attached, numpy views onto the drawn
    point arrays, the spur tint and the nuclei's and pressed roots' colours."""

    def _rig_up(self, scene: Scene) -> None:
        """Everything a pose is written into, made once."""
        self.scene = scene
        self.rig = CaseRig(scene.spine)
        self.matrices = {bone: vtkMatrix4x4() for bone in LEVELS}  # the sacrum never moves
        self.riders = {bone: [bone, f"root_{bone}_left", f"root_{bone}_right",
                              *(n for n, b in self.rig.rider.items() if b == bone and n != bone)] for bone in LEVELS}
        # numpy views onto the very arrays the actors draw: writing into them is the whole update
        self.arrays = {n: [vtk_to_numpy(m.GetPoints().GetData()) for m in self._meshes(n)] for n in self.rig.base}
        self.spur_table = ramp_table(BONE.color, SPUR)
        self.spurs = {bone: [point_scalars(a, SPUR_ARRAY, self.spur_table) for a in self._actors(bone)]
                      for bone in BONES}
        self.tinted: set[str] = set()
        self.readout = overlay_text(19, (0.98, 0.97), justify="right", vertical="top", line_spacing=1.25)
        self.readout.SetVisibility(False)  # the measured figures, top right: read from the geometry, never painted
        scene.renderer.AddViewProp(self.readout)

    def _meshes(self, name: str):
        s = self.scene.spine.structures[name]
        return (s.mesh, s.coarse)

    def _actors(self, name: str):
        return (self.scene.actors[name], self.scene.coarse_actors[name])

    def _take(self, on: bool) -> None:
        """Ride the vertebrae's matrices and show the spur tint (on), or give the spine back healthy and plain."""
        for bone, names in self.riders.items():
            for name in names:
                for actor in self._actors(name):
                    actor.SetUserMatrix(self.matrices[bone] if on else None)
        for bone in BONES:
            self.scene.set_mapped(bone, on)
        if on:
            return
        self._write(self.rig.pose({}))
        for name in self.tinted:
            self.scene.set_tint(name, None)
        self.tinted = set()

    def _write(self, pose: CasePose, names=None) -> None:
        """New coordinates into the drawn arrays (only the rows that move, for bones; only `names` if given) and
        the vertebrae's transforms into their matrices."""
        for name, points in pose.points.items():
            if names is not None and name not in names:
                continue
            rows = self.rig.rows.get(name)
            for i, (mesh, array, new) in enumerate(zip(self._meshes(name), self.arrays[name], points)):
                if rows is None:
                    array[:] = new
                else:
                    array[rows[i]] = new
                mesh.GetPoints().Modified()
        for bone, matrix in self.matrices.items():
            m = pose.transforms[bone]
            for i in range(4):
                for j in range(4):
                    matrix.SetElement(i, j, float(m[i, j]))
            matrix.Modified()

    def _colour(self, states: dict[str, LevelState], pose: CasePose, bones=BONES) -> None:
        """Nuclei by their water (T2), pressed roots towards the alarm colour, spurs (on `bones`) by how far
        they grew."""
        tints = {}
        for seg in SEGMENTS:
            water = states.get(seg, LevelState()).hydration
            tints[f"nucleus_{seg}"] = _mix(NUCLEUS_DRY, NUCLEUS_WET, water)
        for root, mm in pose.pressed.items():
            if mm > PRESSED_SHOWN:
                tints[root] = _mix(NERVE.color, ALARM, 0.5 + 0.5 * min(mm / ALARM_FULL, 1.0))
        for name in self.tinted - set(tints):
            self.scene.set_tint(name, None)
        for name, colour in tints.items():
            if name in self.scene.actors and self.scene.tints.get(name) != colour:
                self.scene.set_tint(name, colour)
        self.tinted = {n for n in tints if n in self.scene.actors}
        for bone in bones:
            for array, rows, base, new in zip(self.spurs[bone], self.rig.rows[bone], self.rig.base[bone],
                                              pose.points[bone]):
                values = vtk_to_numpy(array)
                values[rows] = np.linalg.norm(new - base, axis=1) / SPUR_FULL
                array.Modified()


class CaseView(PosedLayer):
    """The case layer: keeps `scene` posed as `model.case`'s findings while attached (explainer.render.layers);
    detached, the spine is healthy and plain again."""

    def __init__(self, scene: Scene, model):
        self._rig_up(scene)
        self.model = model
        self.active = False
        self.marks = {seg: callout(MARK_COLOUR, MARK_POINTS) for seg in SEGMENTS}  # one per level, words per case
        self.shown_marks: set[str] = set()
        self.pins = PinMarks(scene.renderer)
        for mark in self.marks.values():
            mark.SetVisibility(False)
            scene.renderer.AddViewProp(mark)
        self.states: dict[str, LevelState] | None = None  # what is posed now (None: healthy, detached)
        self.pose: CasePose | None = None
        self._leave = model.subscribe(self.update)

    def set_active(self, on: bool) -> None:
        self.active = on
        self.readout.SetVisibility(on)
        self.pins.set_visible(on)
        if not on:
            for mark in self.marks.values():
                mark.SetVisibility(False)
        self.scene.keep_clear("readout", self.readout if on else None)
        self._take(on)
        if on:
            self.update(self.model)
            return
        self.states = None
        self.scene.set_lit("story", ())

    def states_of(self, model) -> dict[str, LevelState]:
        """The posing numbers of every level the case names (T12-L1 lies above the model and is left out)."""
        levels = model.case.findings.levels
        return {seg: level_state(levels[seg]) for seg in SEGMENTS if seg in levels}

    def update(self, model) -> None:
        """Pose the case (while attached; only when its findings changed: a step only moves the camera)."""
        if not self.active:
            return
        step = model.current_step
        for seg, mark in self.marks.items():  # the overview marks every level; a finding's step only its own
            mark.SetVisibility(seg in self.shown_marks and step.level in (None, seg))
        self.pins.show(model.case.pins)
        lit = step_structures(model.case.findings, step)
        self.scene.set_lit("story", [n for n in lit if n in self.scene.actors])
        states = self.states_of(model)
        if states == self.states:
            self._measure(self.pose, step.level)
            return
        self.states = states
        pose = self.pose = self.rig.pose(states)
        self._write(pose)
        self._colour(states, pose)
        self._measure(pose, step.level)
        self._mark(model, pose)

    def _mark(self, model, pose: CasePose) -> None:
        """Each level with findings marked in front of its disc with their short names (the overview's map)."""
        levels = model.case.findings.levels
        self.shown_marks = {seg for seg in SEGMENTS if seg in levels and topics(levels[seg])}
        for seg, mark in self.marks.items():
            shown = topics(levels[seg]) if seg in levels else ()
            mark.SetVisibility(bool(shown) and model.current_step.level in (None, seg))
            if shown:
                words = [SHORT[t] for t in shown]
                lines = [" · ".join(words[i:i + MARK_WORDS]) for i in range(0, len(words), MARK_WORDS)]
                mark.SetInput("\n".join([spoken(seg), *lines]))
                centre = pose.points[f"disc_{seg}"][0].mean(axis=0)
                mark.SetPosition(*(centre - [0.0, MARK_BEHIND, 0.0]))

    apply = update

    def _measure(self, pose: CasePose, shown: str | None) -> None:
        """The readout: the sac's and the foramina's areas measured on the posed model, at the step's level (the
        overview: every level with a finding), then the roots pressed and which of their roles presses them."""
        lines = ["Your findings, level by level"]
        changed = [s for s in SEGMENTS if s in self.states and self.states[s] != LevelState()]
        for seg in [shown] if shown in SEGMENTS else changed:
            left, right = pose.foramina[seg]
            lines.append(f"{seg.replace('-', '–')}  canal {pose.canal[seg]:.0f} mm²,"
                         f" foramen L {left:.0f} / R {right:.0f} mm²")
        for root, mm in sorted(pose.pressed.items()):
            if mm > PRESSED_SHOWN:
                _, level, side = root.split("_")
                lines.append(f"{level} root ({side}) pressed {mm:.1f} mm ({pose.roles[root]})")
        lines.append(MODEL_NOTE)
        text = "\n".join(lines)
        if text != self.readout.GetInput():
            self.readout.SetInput(text)

    def shot(self, model) -> Shot | None:
        """The whole spine from the side for the overview; a level's step frames that level from behind, on the
        finding's side."""
        level = model.current_step.level
        if level not in SEGMENTS:
            return Shot(("case", model.current_step.id), OVERVIEW)
        side = model.side if model.side in SIDES else "left"
        return Shot(("case", model.current_step.id, level, side), LEVEL_VIEW, segment_bounds(self.scene.spine, level),
                    side == "right")

    def set_depth(self, depth: str) -> None:
        """The scene shows the same at both depths (the words differ)."""

    def close(self) -> None:
        """Stop following the model, put the healthy geometry back and take the readout away."""
        self.set_active(False)
        self._leave()
        self.pins.close()
        for prop in (self.readout, *self.marks.values()):
            self.scene.renderer.RemoveViewProp(prop)

"""The back muscles story's layer: multifidus and erector spinae shown solid, fat coming into them as the story's
Goutallier grade rises, and their measured cross-sections beside the model.  Qt-free.

The fat is a point array on each muscle (fine and coarse), made once: every point has a fixed weight, streaks that
run along the fibres, more low in the back and in multifidus's deep part (where fat shows first); a point turns to
the fat colour once the grade's share of fat passes its weight.  A step only rewrites those arrays' values.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy

from explainer.render.degeneration import point_scalars
from explainer.render.materials import FAT, MUSCLE, ramp_table
from explainer.render.scene import Scene
from explainer.render.steps import StepView
from explainer.stories.muscles import MusclesModel, fat_fraction
from meshes.muscles import cross_section_area

FAT_ARRAY = "fat"
EDGE = 0.12  # how soft a streak's edge is, in weight
MODEL_NOTE = "Model values, illustrative"
MEASURED = ("L4", "L5", "S1")  # the segments whose multifidus cross-section the readout gives


def fat_weights(points: np.ndarray, lateral: bool) -> np.ndarray:
    """Per point, how late fat reaches it (0 first, 1 last): streaks along the fibres (up the back), lower in
    the back first, multifidus before erector spinae."""
    x, y, z = points[:, 0], points[:, 1], points[:, 2]
    # marbling, not stripes: waves of unrelated lengths across the muscle, each drifting slowly along its fibres
    waves = (np.sin(1.3 * x + 0.5 * np.sin(0.05 * z)) + 0.8 * np.sin(2.1 * x + 1.1 * y + 0.9 * np.sin(0.031 * z))
             + 0.6 * np.sin(0.6 * y - 0.9 * x + 0.07 * z) + 0.5 * np.sin(0.13 * z + 1.7 * x - 0.4 * y))
    streaks = 0.5 + 0.5 * waves / 2.9
    height = (z - z.min()) / max(float(np.ptp(z)), 1e-6)
    w = 0.55 * streaks + 0.35 * height + (0.1 if lateral else 0.0)
    return np.clip(w, 0.0, 1.0).astype(np.float32)


def segment_plane(spine_frames: dict, upper: str, lower: str) -> tuple[np.ndarray, np.ndarray]:
    """Origin and normal of the axial plane half-way between two levels' frames (as an MRI cut across the disc)."""
    a, b = spine_frames[upper], spine_frames[lower]
    return 0.5 * (a[:3, 3] + b[:3, 3]), a[:3, 2] + b[:3, 2]


class MusclesView(StepView):
    """The muscles story's layer (explainer.render.layers)."""

    group = "muscles"

    def __init__(self, scene: Scene, model: MusclesModel):
        super().__init__(scene, model)
        self.names = [s.name for s in scene.spine.group("muscles")]
        self.table = ramp_table(MUSCLE.color, FAT)
        self.fat = []  # (vtk array, numpy view on it, weight per point)
        for name in self.names:
            lateral = name.startswith("erector")
            for actor, mesh in ((scene.actors[name], scene.spine.structures[name].mesh),
                                (scene.coarse_actors[name], scene.spine.structures[name].coarse)):
                array = point_scalars(actor, FAT_ARRAY, self.table)
                self.fat.append((array, vtk_to_numpy(array), fat_weights(np.asarray(mesh.points), lateral)))
        self.csa = self._measure()

    def _measure(self) -> dict[str, float]:
        """Multifidus's cross-section (cm², left side) across the L4–L5 and L5–S1 discs, from the meshes."""
        from meshes.spine import placed_frames

        frames = placed_frames()
        mesh = self.scene.spine.structures["multifidus_left"].mesh
        return {f"{a}–{b}": cross_section_area(mesh, *segment_plane(frames, a, b)) / 100.0
                for a, b in zip(MEASURED[:-1], MEASURED[1:])}

    def take(self, on: bool) -> None:
        for name in self.names:
            self.scene.set_solid(name, on)
            self.scene.set_mapped(name, on)

    def pose(self, model: MusclesModel) -> None:
        share = fat_fraction(model.grade())
        for array, values, weight in self.fat:
            values[:] = np.clip((share - weight) / EDGE + 0.5, 0.0, 1.0) if share > 0 else 0.0
            array.Modified()

    def readout_text(self, model: MusclesModel) -> str:
        lines = [f"Goutallier grade {model.grade_label()} (fat shown yellow)"]
        lines += [f"Multifidus at {level}: {area:.1f} cm²" for level, area in self.csa.items()]
        lines += ["  (published at L5: 5.7 ± 1.4 cm²)", MODEL_NOTE]
        return "\n".join(lines)

    def focus(self, model: MusclesModel) -> tuple[float, ...]:
        """The lower lumbar spine with its muscles: L4 to the sacrum."""
        s = self.scene.spine.structures
        boxes = np.array([s[n].mesh.bounds for n in ("L4", "L5", *self.names)])
        low = s["sacrum"].mesh.bounds[4]
        lo, hi = boxes[:, 0::2].min(axis=0) - 10.0, boxes[:, 1::2].max(axis=0) + 10.0
        lo[2], hi[2] = max(lo[2], low), s["L4"].mesh.bounds[5] + 10.0
        return tuple(np.ravel(np.column_stack([lo, hi])))

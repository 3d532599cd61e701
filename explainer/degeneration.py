"""The 3D scene following the degeneration story: a view of the StoryModel, updated in place.

Qt-free.  When the model changes, the chosen segment's geometry is brought to the new position by writing
new coordinates into the point arrays the actors already draw, by one shared matrix for the column above the
disc, and by a colour for the drying nucleus.  Nothing is created, rebuilt or added per position.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonMath import vtkMatrix4x4

from explainer.scene import Scene
from explainer.story import StoryModel
from meshes.pathology import Pathology, SegmentRig

NUCLEUS_WET = (0.80, 0.90, 1.00)  # bright, as a hydrated nucleus on a T2-weighted MRI (Pfirrmann I)
NUCLEUS_DRY = (0.22, 0.24, 0.30)  # dark grey-black (Pfirrmann V)


class DegenerationView:
    """Keeps `scene` in step with `model` for the model's segment and side."""

    def __init__(self, scene: Scene, model: StoryModel):
        self.scene, self.model = scene, model
        self.settle = vtkMatrix4x4()  # one matrix shared by every actor riding on the column above
        self._rig_for(model.level, model.side)
        self._leave = model.subscribe(self.update)
        self.update(model)

    def _meshes(self, name: str):
        s = self.scene.spine.structures[name]
        return (s.mesh, s.coarse)

    def _rig_for(self, segment: str, side: str) -> None:
        """Weights for one segment, computed once (milliseconds) when the segment or side changes."""
        self.rig = SegmentRig(self.scene.spine, segment, side)
        self.segment, self.side = segment, side
        names = self.scene.spine.structures
        self.discs = [n for n in (f"disc_{segment}", f"nucleus_{segment}") if n in names]
        self.sheets = [n for n in names if n.startswith(f"cartilage_{segment}_")]
        self.bones = [self.rig.upper, self.rig.lower_bone]
        moving = self.discs + self.sheets + self.bones
        # numpy views onto the very arrays the actors draw: writing into them is the whole update
        self.arrays = {n: [vtk_to_numpy(m.GetPoints().GetData()) for m in self._meshes(n)] for n in moving}
        self.rows = {n: [slice(None), slice(None)] for n in moving}
        self.base = {n: [a.copy() for a in self.arrays[n]] for n in moving}
        self.weights = {}
        for n in self.discs:
            self.weights[n] = [self.rig.disc_weights(b) for b in self.base[n]]
        for n in self.sheets:
            self.weights[n] = [self.rig.cartilage_weights(n, b) for b in self.base[n]]
        for n in self.bones:  # spurs touch only the rims and facet margins: keep just those rows
            weights = [self.rig.spur_weights(n, b, m.point_data["Normals"])
                       for b, m in zip(self.base[n], self._meshes(n))]
            self.rows[n] = [np.flatnonzero(w["endplate"] + w["facet"]) for w in weights]
            self.base[n] = [b[r] for b, r in zip(self.base[n], self.rows[n])]
            self.weights[n] = [{k: v[r] for k, v in w.items()} for w, r in zip(weights, self.rows[n])]
        for n in self.rig.riders:
            for actor in (self.scene.actors[n], self.scene.coarse_actors[n]):
                actor.SetUserMatrix(self.settle)

    def close(self) -> None:
        """Stop following the model and put the healthy geometry back."""
        self._leave()
        self._pose(Pathology())

    def update(self, model: StoryModel) -> None:
        if (model.level, model.side) != (self.segment, self.side):
            self._pose(Pathology())
            for n in self.rig.riders:
                for actor in (self.scene.actors[n], self.scene.coarse_actors[n]):
                    actor.SetUserMatrix(None)
            self._rig_for(model.level, model.side)
        self._pose(model.pathology())

    def _pose(self, p: Pathology) -> None:
        delta = self.rig.settle(p)
        for i in range(4):
            for j in range(4):
                self.settle.SetElement(i, j, delta[i, j])
        for n in self.discs:
            nucleus = n.startswith("nucleus_")
            self._write(n, lambda b, w, k=nucleus: self.rig.disc_points(b, w, p, delta, k))
        for n in self.sheets:
            self._write(n, lambda b, w: self.rig.cartilage_points(b, w, p))
        for n in self.bones:
            self._write(n, lambda b, w: self.rig.spur_points(b, w, p))
        nucleus = f"nucleus_{self.segment}"
        if nucleus in self.scene.actors:
            colour = np.add(NUCLEUS_DRY, np.multiply(p.hydration, np.subtract(NUCLEUS_WET, NUCLEUS_DRY)))
            self.scene.actors[nucleus].GetProperty().SetColor(*colour)

    def _write(self, name: str, move) -> None:
        """New coordinates into the arrays the actors draw (fine and coarse), then mark them modified."""
        for mesh, array, rows, base, w in zip(self._meshes(name), self.arrays[name], self.rows[name],
                                              self.base[name], self.weights[name]):
            array[rows] = move(base, w)
            mesh.GetPoints().Modified()

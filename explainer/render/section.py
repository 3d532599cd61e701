"""An axial cross-section through the story's disc, as an inset: the foramen and canal narrowing seen head-on.

Like an axial MRI cut, seen from the feet (the patient's right on the image's left, the front at the top).  Each
structure of the segment is cut by one plane with a vtkCutter and filled with vtkContourTriangulator; the cutters
read the very meshes the 3D view draws, so when the story moves their points, the next frame cuts the new shape.
Structures riding on the settling column are cut by the plane carried back into their healthy coordinates and
drawn with the same settle matrix as in 3D.  Nothing is added per frame; when the inset is off, nothing is cut.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPlane
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersCore import vtkCutter, vtkPolyDataConnectivityFilter
from vtkmodules.vtkFiltersGeneral import vtkContourTriangulator
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkRenderer

from explainer.render.materials import material_for
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene

VIEWPORT = (0.70, 0.03, 0.985, 0.50)  # bottom right of the 3D view, clear of the readout and the legend
HALF_SIZE = 48.0  # mm from the disc centre to the inset's top and bottom edges
BACKGROUND = (0.03, 0.03, 0.05)
LIFT = {"nucleus_": 0.4, "root_": 0.4, "disc_": 0.2}  # mm towards the eye: over what they lie in or on


CLIPPING = (150.0, 250.0)  # mm from the inset's camera, 200 mm below the cut: the flat cuts lie mid-way


class AxialSection:
    """The inset renderer and one cutter per structure of the chosen segment; hidden until `set_visible(True)`."""

    def __init__(self, scene: Scene):
        self.scene = scene
        self.renderer = vtkRenderer()
        self.renderer.SetViewport(*VIEWPORT)
        self.renderer.SetBackground(*BACKGROUND)
        self.renderer.InteractiveOff()
        camera = self.renderer.GetActiveCamera()
        camera.ParallelProjectionOn()
        camera.SetParallelScale(HALF_SIZE)
        self.plane, self.riding_plane = vtkPlane(), vtkPlane()  # world, and carried into the riders' coordinates
        self.title = overlay_text(16, (0.03, 0.92), shadow=False)
        for text, where, justify in (("R", (0.03, 0.48), "left"), ("L", (0.97, 0.48), "right"),
                                     ("front", (0.5, 0.86), "centered"), ("back", (0.5, 0.03), "centered")):
            self.renderer.AddViewProp(overlay_text(14, where, justify=justify, shadow=False, text=text))
        self.note = overlay_text(14, (0.03, 0.03), shadow=False, line_spacing=1.15)
        for text in (self.title, self.note):
            self.renderer.AddViewProp(text)
        self.cuts: dict[str, vtkActor] = {}
        self.visible = False

    def follow(self, segment: str, names: list[str], riders: set[str], settle: vtkMatrix4x4,
               centre: np.ndarray, normal: np.ndarray) -> None:
        """Cut `names` (the segment's structures) through `centre` across `normal`; riders use `settle`."""
        for actor in self.cuts.values():
            self.renderer.RemoveActor(actor)
        self.cuts = {n: self._cut(n, n in riders, settle) for n in names}
        self.centre, self.normal = np.asarray(centre, float), np.asarray(normal, float)
        self.title.SetInput(f"{segment.replace('-', '–')} disc, axial cut (as on MRI)")
        self.move(np.eye(4))

    def set_note(self, note: str) -> None:
        """Words at the inset's bottom left (a figure measured on the cut: the sac's area)."""
        if note != self.note.GetInput():
            self.note.SetInput(note)

    def _cut(self, name: str, rides: bool, settle: vtkMatrix4x4) -> vtkActor:
        """One structure's cut, filled, in its material colour or in the tint the 3D view maps onto it."""
        cutter = vtkCutter()
        cutter.SetInputData(self.scene.spine.structures[name].mesh)
        cutter.SetCutFunction(self.riding_plane if rides else self.plane)
        fill = vtkContourTriangulator()
        if name.startswith("disc_"):  # the annulus: its outer ring only, the nucleus is drawn in the middle
            outer = vtkPolyDataConnectivityFilter()
            outer.SetInputConnection(cutter.GetOutputPort())
            outer.SetExtractionModeToLargestRegion()
            fill.SetInputConnection(outer.GetOutputPort())
        else:
            fill.SetInputConnection(cutter.GetOutputPort())
        mapper = vtkPolyDataMapper()
        mapper.SetInputConnection(fill.GetOutputPort())
        shown = self.scene.actors[name].GetMapper()
        mapper.SetScalarVisibility(shown.GetScalarVisibility())  # the alarm, spur and load tints cut through too
        if shown.GetScalarVisibility():
            mapper.SetLookupTable(shown.GetLookupTable())
            mapper.UseLookupTableScalarRangeOn()
            mapper.SetScalarModeToUsePointFieldData()
            mapper.SelectColorArray(shown.GetArrayName())
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(*material_for(self.scene.spine.structures[name]).color)
        actor.GetProperty().SetLighting(False)
        if rides:
            actor.SetUserMatrix(settle)
        self.renderer.AddActor(actor)
        return actor

    def move(self, delta: np.ndarray) -> None:
        """The column above has moved by `delta`: the cut stays half-way between the two endplates, turned half
        as far as the column turned (a bending segment)."""
        centre = 0.5 * (self.centre + delta[:3, :3] @ self.centre + delta[:3, 3])
        normal = self.normal + delta[:3, :3] @ self.normal
        normal /= np.linalg.norm(normal)
        self.plane.SetOrigin(*centre)
        self.plane.SetNormal(*normal)
        inverse = np.linalg.inv(delta)
        self.riding_plane.SetOrigin(*(inverse[:3, :3] @ centre + inverse[:3, 3]))
        self.riding_plane.SetNormal(*(inverse[:3, :3] @ normal))
        for name, actor in self.cuts.items():
            lift = next((mm for prefix, mm in LIFT.items() if name.startswith(prefix)), 0.0)
            actor.SetPosition(*(-lift * normal))
            if name.startswith("nucleus_"):  # the drying nucleus: the 3D view's T2 colour
                actor.GetProperty().SetColor(self.scene.actors[name].GetProperty().GetColor())
        camera = self.renderer.GetActiveCamera()
        camera.SetFocalPoint(*centre)
        camera.SetPosition(*(centre - 200.0 * normal))  # from the feet, as axial images are read
        camera.SetViewUp(0.0, 1.0, 0.0)
        camera.SetClippingRange(*CLIPPING)  # fixed: resetting it would measure the cuts, running the cutters

    def set_visible(self, on: bool) -> None:
        """Show or hide the inset: a hidden inset leaves the render window, so nothing is cut for it."""
        window = self.scene.renderer.GetRenderWindow()
        if on != self.visible and window is not None:
            (window.AddRenderer if on else window.RemoveRenderer)(self.renderer)
        self.visible = on and window is not None
        self.scene.keep_clear("section", VIEWPORT if self.visible else None)

    def close(self) -> None:
        self.set_visible(False)

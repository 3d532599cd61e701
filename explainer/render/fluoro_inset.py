"""The fluoroscopy inset: what the physician sees on the C-arm's monitor, drawn from the C-arm's position.

A second renderer in a corner of the 3D view shows one image whose pixels are written in place from
`meshes.fluoro.Radiograph` (bones by projection, the needle and contrast drawn on top); text gives the C-arm's
angle, and for students the oblique view can name the parts of the "Scotty dog".  The image is only recomputed
when what it shows has changed.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import VTK_UNSIGNED_CHAR
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkImageActor, vtkRenderer

from explainer.render.overlay import overlay_text
from meshes.fluoro import Radiograph, project

VIEWPORT = (0.70, 0.50, 0.985, 0.975)  # top right of the 3D view
SIZE = 256  # pixels of the simulated detector
FIELD = (150.0, 150.0)  # mm of the patient the detector sees
INSET_TEXT = (0.95, 0.95, 0.85)  # warm white on the grey X-ray
MARKER = (1.0, 0.82, 0.25)  # the Scotty dog's numbers and key: amber, readable on grey
SCOTTY = {  # the parts of the dog on an oblique view, and the structure each one is [S94][S95]
    "transverse process": "nose: transverse process",
    "pedicle": "eye: pedicle",
    "superior articular process": "ear: superior articular process",
    "pars interarticularis": "neck: pars interarticularis",
    "inferior articular process": "front leg: inferior articular process",
    "lamina": "body: lamina",
}


def monitor() -> tuple[vtkRenderer, vtkImageData, np.ndarray]:
    """A monitor in the inset's corner: its renderer, showing one SIZE² grey image whose pixels (the array, rows
    upwards) are written in place."""
    renderer = vtkRenderer()
    renderer.SetViewport(*VIEWPORT)
    renderer.SetBackground(0.0, 0.0, 0.0)
    renderer.InteractiveOff()
    image = vtkImageData()
    image.SetDimensions(SIZE, SIZE, 1)
    image.AllocateScalars(VTK_UNSIGNED_CHAR, 1)
    pixels = vtk_to_numpy(image.GetPointData().GetScalars()).reshape(SIZE, SIZE)
    actor = vtkImageActor()
    actor.GetMapper().SetInputData(image)
    actor.SetPickable(False)
    renderer.AddViewProp(actor)
    camera = renderer.GetActiveCamera()
    camera.ParallelProjectionOn()
    middle = (SIZE - 1) / 2.0
    camera.SetFocalPoint(middle, middle, 0.0)
    camera.SetPosition(middle, middle, 500.0)
    camera.SetParallelScale(SIZE / 2.0)
    return renderer, image, pixels


def angle_caption(rotation: float, tilt: float) -> str:
    """How the C-arm's position is named in spine procedures: AP (the tube under the table, the beam up through
    the prone patient), an oblique towards a side, or lateral; then the tilt."""
    turn = abs(rotation)
    side = "right" if rotation > 0 else "left"
    if turn < 2.0:
        where = "AP"
    elif turn > 88.0:
        where = f"lateral (from the {side})"
    else:
        where = f"{turn:.0f}° {side} oblique"
    if abs(tilt) >= 1.0:
        where += f", {abs(tilt):.0f}° {'cranial' if tilt > 0 else 'caudal'} tilt"
    return f"C-arm: {where}"


class FluoroInset:
    """The monitor's image and its captions, in their own renderer; hidden until `set_visible(True)`."""

    def __init__(self, landmarks: dict[str, np.ndarray] | None = None):
        self.renderer, self.image, self.pixels = monitor()
        self.caption = overlay_text(15, colour=INSET_TEXT)
        self.caption.SetPosition(0.03, 0.03)
        title = overlay_text(14, colour=(0.7, 0.85, 1.0))
        title.SetInput("Fluoroscopy (schematic)")
        title.SetPosition(0.03, 0.92)
        self.labels = {key: overlay_text(15, colour=MARKER) for key in SCOTTY}  # numbers on the image, named in the key
        for number, label in enumerate(self.labels.values(), start=1):
            label.SetInput(str(number))
            label.GetTextProperty().SetBold(True)
            label.GetTextProperty().SetJustificationToCentered()
            label.GetTextProperty().SetVerticalJustificationToCentered()
        self.key = overlay_text(12, colour=MARKER)
        self.key.SetInput("Scotty dog\n" + "\n".join(f"{i} {SCOTTY[k]}" for i, k in enumerate(SCOTTY, start=1)))
        self.key.SetPosition(0.03, 0.12)
        self.key.GetTextProperty().SetBackgroundColor(0.0, 0.0, 0.0)  # a dark card: readable over bone
        self.key.GetTextProperty().SetBackgroundOpacity(0.6)
        for prop in (*self.labels.values(), self.key):
            prop.SetVisibility(False)
        for prop in (self.caption, title, self.key, *self.labels.values()):
            self.renderer.AddViewProp(prop)
        self.landmarks = landmarks or {}
        self.show_labels = False
        self.visible = False
        self._shown: tuple | None = None
        self._angles: tuple[float, float] | None = None
        self.drawn: Radiograph | None = None

    def show(self, xray: Radiograph, rotation: float, tilt: float, centre: np.ndarray, needle=None,
             contrast=None, draft: Radiograph | None = None) -> None:
        """The monitor showing `xray` at C-arm `rotation` and `tilt` (meshes.fluoro's convention), centred on
        `centre`, with `needle` = (entry, tip) and `contrast` = (points, radius mm) drawn when given.

        Given a `draft` (the film is playing or being scrubbed) and a C-arm turning (the angle differs from the
        last frame's), the cheaper draft is drawn, as the 3D view draws its coarse set in motion; the next frame
        at a resting angle, or without a draft, draws `xray` again."""
        turning = draft is not None and (rotation, tilt) != self._angles
        self._angles = (rotation, tilt)
        if turning:
            xray = draft
        self.drawn = xray  # the model this frame is drawn from
        key = (id(xray), round(rotation, 2), round(tilt, 2), tuple(np.round(centre, 1)),
               None if needle is None else tuple(np.round(np.ravel(needle), 2)),
               None if contrast is None else (round(float(contrast[1]), 2), len(contrast[0])))
        if key == self._shown:
            return
        self._shown = key
        frame = xray.image(rotation, tilt, SIZE, FIELD, centre, needle=needle, contrast=contrast)
        self.pixels[:] = frame[::-1]  # image rows run downwards, VTK's upwards
        self.image.Modified()
        self.caption.SetInput(angle_caption(rotation, tilt))
        self._place_labels(rotation, tilt, centre)

    def _place_labels(self, rotation: float, tilt: float, centre: np.ndarray) -> None:
        """Name the Scotty dog's parts where they project, on an oblique view, for students."""
        oblique = self.show_labels and bool(self.landmarks) and 20.0 <= abs(rotation) <= 60.0  # a spine's dog
        self.key.SetVisibility(oblique)
        for key, label in self.labels.items():
            point = self.landmarks.get(key)
            label.SetVisibility(oblique and point is not None)
            if oblique and point is not None:
                col, row = project(np.reshape(point, (1, 3)), rotation, tilt, SIZE, FIELD, centre)[0]
                label.SetPosition(*self._to_viewport(col, row))

    def _to_viewport(self, col: float, row: float) -> tuple[float, float]:
        """Image pixel -> normalized viewport point of this inset (the image fills its height, centred)."""
        width, height = self.renderer.GetSize()
        width, height = max(width, 1), max(height, 1)
        side = min(width, height)
        x = 0.5 + (col + 0.5 - SIZE / 2) / SIZE * side / width
        y = 0.5 - (row + 0.5 - SIZE / 2) / SIZE * side / height
        return x, y

    def set_labels(self, on: bool) -> None:
        self.show_labels = on
        self._shown = None

    def set_visible(self, on: bool, window) -> None:
        """Show or hide the inset in `window`: a hidden inset is out of the render window and costs nothing."""
        if window is not None and on != self.visible:
            (window.AddRenderer if on else window.RemoveRenderer)(self.renderer)
            self.visible = on

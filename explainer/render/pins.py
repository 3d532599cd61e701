"""The case's pins in 3D: a numbered marker where the user clicked, with its note beside it.

A pin is added or removed only when the user drops or deletes one (never per frame); `show(pins)` makes the
markers match the case's list, reusing the actors of pins that stay.
"""

from __future__ import annotations

from vtkmodules.vtkFiltersSources import vtkSphereSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkBillboardTextActor3D, vtkPolyDataMapper

PIN_COLOUR = (0.95, 0.33, 0.55)  # a magenta apart from bone, disc, nerve, alarm and the heat map
PIN_RADIUS = 2.2  # mm
PIN_TEXT_POINTS = 20
NOTE_CHARACTERS = 40  # a note longer than this is cut in the 3D label (the panel shows it whole)


def _marker(point) -> vtkActor:
    sphere = vtkSphereSource()
    sphere.SetCenter(*point)
    sphere.SetRadius(PIN_RADIUS)
    sphere.SetThetaResolution(20)
    sphere.SetPhiResolution(14)
    mapper = vtkPolyDataMapper()
    mapper.SetInputConnection(sphere.GetOutputPort())
    actor = vtkActor()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*PIN_COLOUR)
    actor.GetProperty().SetAmbient(0.35)
    actor.SetPickable(False)
    return actor


def label_text(number: int, note: str) -> str:
    """"1  pain here": the number, then the note cut to NOTE_CHARACTERS."""
    note = " ".join(note.split())
    if len(note) > NOTE_CHARACTERS:
        note = note[:NOTE_CHARACTERS - 1] + "…"
    return f"{number}  {note}".rstrip()


def callout(colour, points: int = PIN_TEXT_POINTS) -> vtkBillboardTextActor3D:
    """White bold text on a `colour` box that faces the camera, beside a 3D point (a pin's note, a level's mark)."""
    label = vtkBillboardTextActor3D()
    label.SetDisplayOffset(10, 6)
    style = label.GetTextProperty()
    style.SetFontSize(points)
    style.SetColor(1.0, 1.0, 1.0)
    style.SetBackgroundColor(*colour)
    style.SetBackgroundOpacity(0.85)
    style.SetBold(True)
    label.SetPickable(False)
    return label


def _label(point, text: str) -> vtkBillboardTextActor3D:
    label = callout(PIN_COLOUR)
    label.SetInput(text)
    label.SetPosition(*point)
    return label


class PinMarks:
    """The markers of a list of pins (explainer.stories.case.Pin) on `renderer`."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.shown: dict[tuple, tuple[vtkActor, vtkBillboardTextActor3D]] = {}
        self.visible = True

    def show(self, pins) -> None:
        """Markers for exactly these pins: new ones added, gone ones removed, the rest kept."""
        wanted = {(p.number, tuple(p.point), p.note): p for p in pins}
        for key in [k for k in self.shown if k not in wanted]:
            for prop in self.shown.pop(key):
                self.renderer.RemoveViewProp(prop)
        for key, pin in wanted.items():
            if key not in self.shown:
                props = (_marker(pin.point), _label(pin.point, label_text(pin.number, pin.note)))
                for prop in props:
                    prop.SetVisibility(self.visible)
                    self.renderer.AddViewProp(prop)
                self.shown[key] = props

    def set_visible(self, on: bool) -> None:
        self.visible = on
        for props in self.shown.values():
            for prop in props:
                prop.SetVisibility(on)

    def close(self) -> None:
        self.show(())

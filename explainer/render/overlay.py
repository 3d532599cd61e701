"""Text drawn over the 3D view or an inset (captions, readouts, keys): made one way, so that all of it reads
alike and none of it can be picked."""

from __future__ import annotations

from vtkmodules.vtkRenderingCore import vtkTextActor

TEXT = (0.92, 0.94, 0.97)  # near-white: readable on the slate background and on the dark insets


def overlay_text(size: int, position: tuple[float, float] = (0.0, 0.0), colour=TEXT, justify: str = "left",
                 vertical: str = "bottom", line_spacing: float = 1.0, shadow: bool = True,
                 text: str = "") -> vtkTextActor:
    """A text actor at `position` (fractions of its viewport), `size` points, aligned by `justify`
    (left/centered/right) and `vertical` (bottom/centered/top)."""
    actor = vtkTextActor()
    actor.SetInput(text)
    style = actor.GetTextProperty()
    style.SetFontSize(size)
    style.SetColor(*colour)
    style.SetShadow(shadow)
    style.SetLineSpacing(line_spacing)
    getattr(style, f"SetJustificationTo{justify.capitalize()}")()
    getattr(style, f"SetVerticalJustificationTo{vertical.capitalize()}")()
    actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
    actor.SetPosition(*position)
    actor.SetPickable(False)
    return actor

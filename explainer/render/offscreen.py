"""The offscreen renderer: the window's 3D view drawn by the same Scene and story layers, without a window.

`OffscreenView` is the one way to draw it: a PNG (`screenshot`) is one of its frames, a video (render/video.py)
is many, so a screenshot at story time t and a video's frame at t are the same picture.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOImage import vtkPNGWriter
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter

from explainer.files import atomic_path, write_vtk
from explainer.render.layers import TURN_S, Shot, make_layer, shot_pose
from explainer.render.scene import Scene, require_opengl
from explainer.stories.camera import DEFAULT_VIEW, Pose
from meshes import build_spine


class OffscreenView:
    """The 3D view at `size` pixels in an offscreen render window, with a `story`'s layer (a registered name)
    attached to its `model` exactly as the window attaches it, insets, highlights and the reading `depth`
    included; `section` shows a layer's cross-section if it has one.  `view` (a preset) fixes the camera's
    direction, framing the story's shot; `moving` draws the scene's light set, as the window does while playing.
    A context manager: leaving it lets the render window go."""

    def __init__(self, size: tuple[int, int], story: str | None = None, model=None, depth: str = "patient",
                 section: bool = False, view: str | None = None, moving: bool = False):
        self.scene = Scene(build_spine())
        self.scene.set_moving(moving)
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
            os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")  # headless: skip X11
        self.window = vtkRenderWindow()
        self.window.SetOffScreenRendering(True)
        self.window.SetSize(*size)
        self.scene.attach(self.window)
        self.model, self.view = model, view
        self.layer = None
        self._stop_shots: dict[float, Shot | None] = {}
        try:
            require_opengl(self.window)
            if story is not None:
                self.layer = make_layer(story, self.scene, model)
                self.layer.attach()
                self.layer.set_depth(depth)
                if section and hasattr(self.layer, "section"):
                    self.layer.section.set_visible(True)
        except BaseException:
            self.window.Finalize()
            raise

    def __enter__(self) -> OffscreenView:
        return self

    def __exit__(self, *_) -> None:
        self.window.Finalize()

    def draw(self, position: float | None = None) -> None:
        """Bring the story to `position` (default: where its model is), turn the camera there and render."""
        if self.model is not None and position is not None:
            self.model.set_position(position)
        self.scene.set_pose(self.pose())
        self.window.Render()

    def pose(self) -> Pose:
        """The camera now: preset `view` if given (framing the story's shot), else the story's shot at its
        position, mid-turn too, as the window plays it; the whole spine from the default view without a story."""
        shot = self.shot()
        if shot is None:
            return self.scene.preset_pose(self.view or DEFAULT_VIEW)
        if self.view is not None:
            return self.scene.preset_pose(self.view, shot.bounds, shot.mirror)
        return shot_pose(self.scene, shot, self.model.position)

    def shot(self) -> Shot | None:
        """The layer's shot at the model's position.  Between two stops, where a layer leaves the camera be (the
        window keeps whatever it showed), a picture has no camera before it: it shows the shot of the stop before,
        turning into that of the stop after over the last TURN_S of the way, so each stop is reached in its own
        shot, as a step in the window lands there."""
        if self.layer is None:
            return None
        shot = self.layer.shot(self.model)
        if shot is not None:
            return shot
        position = self.model.position
        stops = sorted({0.0, *self.model.stops, self.model.last})
        start = max(s for s in stops if s <= position)
        end = next((s for s in stops if s > position), None)
        before = self._shot_at(start)
        ahead = None if end is None else self._shot_at(end)
        if ahead is None or before is None:
            return before or ahead
        return replace(ahead, since=max(end - TURN_S, start), previous=before)

    def _shot_at(self, stop: float) -> Shot | None:
        """The layer's shot at story position `stop` (asked once: the model is taken there and back)."""
        if stop not in self._stop_shots:
            position = self.model.position
            self.model.set_position(stop)
            self._stop_shots[stop] = self.layer.shot(self.model)
            self.model.set_position(position)
        return self._stop_shots[stop]

    def image(self):
        """What was last drawn, as a vtkImageData of RGB rows from the bottom (read, not drawn again)."""
        grab = vtkWindowToImageFilter()
        grab.SetInput(self.window)
        grab.ReadFrontBufferOff()
        grab.ShouldRerenderOff()
        grab.Update()
        return grab.GetOutput()


def rgb(image) -> np.ndarray:
    """A drawn picture (a vtkImageData, rows from the bottom) as RGB rows from the top, as images are stored."""
    width, height, _ = image.GetDimensions()
    return vtk_to_numpy(image.GetPointData().GetScalars()).reshape(height, width, -1)[::-1, :, :3]


def write_screenshot(out: Path, view: str | None, size: tuple[int, int], story: str | None = None, model=None,
                     depth: str = "patient", section: bool = False) -> None:
    """Render the spine from preset `view` at `size` pixels, as the still window shows it, to `out` (a PNG,
    written atomically); with a `story` and its `model`, at the model's position (see OffscreenView)."""
    with OffscreenView(size, story, model, depth, section, view) as shown:
        shown.draw()
        writer = vtkPNGWriter()
        writer.SetInputData(shown.image())
        with atomic_path(out) as tmp:
            write_vtk(writer, tmp)

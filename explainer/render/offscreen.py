"""The offscreen renderer: the window's 3D view drawn by the same Scene and story layers, written as a PNG
(`screenshot`); a video frame will go the same way."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vtkmodules.vtkIOImage import vtkPNGWriter
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter

from explainer.files import atomic_path, write_vtk
from explainer.render.layers import make_layer, shot_pose
from explainer.render.scene import Scene, require_opengl
from explainer.stories.camera import DEFAULT_VIEW
from meshes import build_spine


def write_screenshot(out: Path, view: str | None, size: tuple[int, int], story: str | None = None, model=None,
                     depth: str = "patient", section: bool = False) -> None:
    """Render the spine from preset `view` at `size` pixels, as the still window shows it, to `out`.

    With a `story` (a registered name) and its `model`, the story's layer is attached exactly as the window
    attaches it, at the model's position (unless `view` is given, seen from the layer's shot for that point),
    insets, highlights and the reading `depth` included; `section` shows a layer's cross-section if it has one."""
    scene = Scene(build_spine())
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")  # headless: skip X11
    render_window = vtkRenderWindow()
    render_window.SetOffScreenRendering(True)
    render_window.SetSize(*size)
    scene.attach(render_window)
    try:
        require_opengl(render_window)
        shot = _attach_story(scene, story, model, depth, section)
        scene.set_pose(_pose(scene, view, shot, model.position if model else 0.0))
        render_window.Render()
        _write_png(render_window, out)
    finally:
        render_window.Finalize()


def _pose(scene: Scene, view: str | None, shot, position: float):
    """The camera: preset `view` if given (framing the story's shot), else the shot at `position`, mid-turn
    too, as the window plays it."""
    if shot is None:
        return scene.preset_pose(view or DEFAULT_VIEW)
    if view is not None:
        return scene.preset_pose(view, shot.bounds, shot.mirror)
    return shot_pose(scene, shot, position)


def _attach_story(scene: Scene, story: str | None, model, depth: str, section: bool):
    """Attach `story`'s layer at `model`'s position, as the window does; the layer's shot there (None without
    a story, or where the story leaves the camera be)."""
    if story is None:
        return None
    layer = make_layer(story, scene, model)
    layer.attach()
    layer.set_depth(depth)
    if section and hasattr(layer, "section"):
        layer.section.set_visible(True)
    return layer.shot(model)


def _write_png(render_window: vtkRenderWindow, out: Path) -> None:
    """What the window drew, as a PNG written atomically."""
    grab = vtkWindowToImageFilter()
    grab.SetInput(render_window)
    grab.ReadFrontBufferOff()
    grab.Update()
    writer = vtkPNGWriter()
    writer.SetInputConnection(grab.GetOutputPort())
    with atomic_path(out) as tmp:
        write_vtk(writer, tmp)

"""`screenshot`: the window's 3D view, drawn offscreen by the same Scene, written as a PNG."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vtkmodules.vtkIOImage import vtkPNGWriter
from vtkmodules.vtkRenderingCore import vtkRenderWindow, vtkWindowToImageFilter

from explainer.camera import DEFAULT_VIEW
from explainer.degeneration import DegenerationView
from explainer.files import atomic_path, write_vtk
from explainer.procedure import ProcedureModel
from explainer.scene import Scene, require_opengl
from explainer.story import StoryModel
from meshes import build_spine


def write_screenshot(out: Path, view: str | None, size: tuple[int, int],
                     story: StoryModel | ProcedureModel | None = None, section: bool = False,
                     student: bool = False) -> None:
    """Render the spine from preset `view` at `size` pixels, as the still window shows it, to `out`.

    With a `story`, the scene is first brought to the story's position (and, unless `view` is given, seen
    from the view that stage or moment is best shown from), the injection's fluoroscopy inset included."""
    scene = Scene(build_spine())
    follower, shown, bounds, mirror = _follow(scene, story)
    view = view or shown or DEFAULT_VIEW
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")  # headless: skip X11
    render_window = vtkRenderWindow()
    render_window.SetOffScreenRendering(True)
    render_window.SetSize(*size)
    scene.attach(render_window)
    try:
        require_opengl(render_window)
        if isinstance(story, ProcedureModel):
            follower.fluoro.set_labels(student)
            follower.set_active(True)
        elif follower is not None:
            follower.section.set_visible(section)
        scene.set_pose(scene.preset_pose(view, bounds, mirror))
        render_window.Render()
        _write_png(render_window, out)
    finally:
        render_window.Finalize()


def _follow(scene: Scene, story: StoryModel | ProcedureModel | None) -> tuple:
    """(the view that brings `scene` to the story's position, and the preset, box and mirroring that show that
    point best); Nones without a story."""
    if isinstance(story, ProcedureModel):
        from explainer.injection import InjectionView  # its X-ray model is only needed here

        follower = InjectionView(scene, story)
        return follower, *follower.camera_for(follower.camera_beat(story.time))
    if story is not None:
        follower = DegenerationView(scene, story)
        bounds = follower.focus_bounds() if story.stage_index else None  # past the first stage: the segment
        return follower, story.stage.view, bounds, story.side == "right"
    return None, None, None, False


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

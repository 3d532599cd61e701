"""`export`: one surface file per structure, named after it, in millimetres and RAS axes; or the whole spine as
one binary glTF file (explainer.render.gltf) for slides.

Uses VTK's file writers only (no Qt, no VTK rendering), so it runs quickly and headless. Every file is written
under a temporary name and renamed only once all are whole: a failure (a full disk) leaves the folder as it was.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from explainer.files import atomic_path, write_vtk

FORMATS = ("vtp", "stl", "ply", "glb")
GLB_NAME = "lumbar_spine.glb"  # glb is one file: the whole scene


def _writer(mesh, fmt: str):
    """A binary VTK writer of format `fmt` for `mesh`."""
    from vtkmodules.vtkIOGeometry import vtkSTLWriter  # here: the command line imports FORMATS before any VTK
    from vtkmodules.vtkIOPLY import vtkPLYWriter
    from vtkmodules.vtkIOXML import vtkXMLPolyDataWriter

    if fmt == "vtp":
        writer = vtkXMLPolyDataWriter()
        writer.SetDataModeToBinary()
    else:
        writer = {"stl": vtkSTLWriter, "ply": vtkPLYWriter}[fmt]()
        writer.SetFileTypeToBinary()
    writer.SetInputData(mesh)
    return writer


def export_structures(spine, outdir: Path, fmt: str = "vtp") -> list[Path]:
    """Write every structure of `spine` to `outdir`/NAME.`fmt`, all or none (glb: all in `outdir`/GLB_NAME);
    return the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    if fmt == "glb":
        from explainer.render.gltf import spine_parts, write_glb  # here: pygltflib only for this format

        write_glb(spine_parts(spine), outdir / GLB_NAME)
        return [outdir / GLB_NAME]
    targets = [outdir / f"{name}.{fmt}" for name in spine.structures]
    with ExitStack() as renames:  # on leaving: every temporary file renamed onto its target, or all removed
        for structure, target in zip(spine.structures.values(), targets):
            write_vtk(_writer(structure.mesh, fmt), renames.enter_context(atomic_path(target)))
    return targets

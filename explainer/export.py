"""`export`: one surface file per structure, named after it, in millimetres and RAS axes.

Uses PyVista's readers and writers only (no Qt, no VTK rendering), so it runs quickly and headless.
"""

from __future__ import annotations

from pathlib import Path

from explainer.files import atomic_path

FORMATS = ("vtp", "stl", "ply")


def export_structures(spine, outdir: Path, fmt: str = "vtp") -> list[Path]:
    """Write every structure of `spine` to `outdir`/NAME.`fmt`, each file atomically; return the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for structure in spine.structures.values():
        target = outdir / f"{structure.name}.{fmt}"
        with atomic_path(target) as tmp:
            structure.mesh.save(tmp, binary=True)
        written.append(target)
    return written

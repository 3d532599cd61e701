"""Parametric geometry of the lumbar spine: numpy and PyVista only, no Qt, no rendering.

The names below load on first use (PEP 562), so that importing a light module of the package (the parameter
table, the segment state) does not load PyVista.
"""

from __future__ import annotations

import importlib

_WHERE = {"NeedlePath": "meshes.needle", "disc_path": "meshes.needle", "facet_path": "meshes.needle",
          "marrow_path": "meshes.needle", "GROUPS": "meshes.spine", "Spine": "meshes.spine",
          "Structure": "meshes.spine", "build_spine": "meshes.spine"}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'meshes' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)

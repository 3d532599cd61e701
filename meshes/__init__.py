"""Parametric geometry of the lumbar spine: numpy and PyVista only, no Qt, no rendering."""

from meshes.spine import GROUPS, Spine, Structure, build_spine

__all__ = ["GROUPS", "Spine", "Structure", "build_spine"]

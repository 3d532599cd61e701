"""Parametric geometry of the lumbar spine: numpy and PyVista only, no Qt, no rendering."""

from meshes.needle import NeedlePath, disc_path, facet_path, marrow_path
from meshes.spine import GROUPS, Spine, Structure, build_spine

__all__ = ["GROUPS", "NeedlePath", "Spine", "Structure", "build_spine", "disc_path", "facet_path", "marrow_path"]

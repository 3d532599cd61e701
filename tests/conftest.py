"""Shared fixtures for the app's tests: the spine is built once per session."""

from __future__ import annotations

import numpy as np
import pytest

from meshes import build_spine


@pytest.fixture(scope="session")
def spine():
    return build_spine()


def centre(structure) -> np.ndarray:
    """Centre of a structure's bounding box: a point whose projection falls on it from the front."""
    bounds = np.asarray(structure.mesh.bounds, dtype=float)
    return (bounds[0::2] + bounds[1::2]) / 2


def display_point(renderer, point) -> tuple[int, int]:
    """Pixel (origin bottom-left) where world `point` appears in `renderer`."""
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*(float(v) for v in point))
    x, y = coordinate.GetComputedDisplayValue(renderer)
    return int(x), int(y)

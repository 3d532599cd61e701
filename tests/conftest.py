"""Shared fixtures for the app's tests: the spine is built once per session."""

from __future__ import annotations

import atexit
import os
import sys

import numpy as np
import pytest

from meshes import build_spine


@pytest.fixture(scope="session")
def spine():
    return build_spine()


ANTERIOR = np.array([0.0, 1.0, 0.0])


def front_point(structure, toward=ANTERIOR) -> np.ndarray:
    """The structure's surface point furthest `toward` the eye: seen, not hidden, from that side."""
    points = np.asarray(structure.mesh.points, dtype=float)
    return points[np.argmax(points @ toward)]


def display_point(renderer, point) -> tuple[int, int]:
    """Pixel (origin bottom-left) where world `point` appears in `renderer`."""
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*(float(v) for v in point))
    x, y = coordinate.GetComputedDisplayValue(renderer)
    return int(x), int(y)



_status = {"exit": 0}


def pytest_sessionfinish(session, exitstatus):
    _status["exit"] = int(exitstatus)


@atexit.register  # registered after pytest-xvfb's own handler, so it runs before that one
def _leave_before_the_display_goes() -> None:
    """VTK 9.7 keeps open, for the life of the process, the X connection it makes to probe the display.
    If pytest-xvfb stops Xvfb at exit and that connection is closed afterwards, Xlib ends the process
    with status 1 although every test passed. So stop Xvfb here and leave at once with pytest's status."""
    import pytest_xvfb

    sys.stdout.flush()
    sys.stderr.flush()
    pytest_xvfb.shutdown_xvfb()
    os._exit(_status["exit"])

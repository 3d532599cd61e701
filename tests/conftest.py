"""Shared fixtures for the app's tests: the spine is built once per session."""

from __future__ import annotations

import atexit
import os
import sys
from contextlib import contextmanager

import numpy as np
import pytest

from meshes import build_spine


@pytest.fixture(scope="session")
def spine():
    return build_spine()


@pytest.fixture(autouse=True)
def settings_folder(tmp_path):
    """The app's preferences (QSettings) in a folder of the test's own: no test reads or writes the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


def front_point(structure) -> np.ndarray:
    """The structure's most anterior surface point at its median height on its midline: from the
    anterior view this pixel shows the structure itself, away from the edges it shares with neighbours."""
    points = np.asarray(structure.mesh.points, dtype=float)
    x, z = np.median(points[:, 0]), np.median(points[:, 2])
    band = points[(np.abs(points[:, 0] - x) < 4) & (np.abs(points[:, 2] - z) < 2)]
    return band[np.argmax(band[:, 1])]


def display_point(renderer, point) -> tuple[int, int]:
    """Pixel (origin bottom-left) where world `point` appears in `renderer`."""
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToWorld()
    coordinate.SetValue(*(float(v) for v in point))
    x, y = coordinate.GetComputedDisplayValue(renderer)
    return int(x), int(y)


class HandClock:
    """A clock that moves only when the test moves it: playback follows the window's clock, so a test
    that puts one of these in `window.clock` decides exactly how much story time each tick adds."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def shown_window(qtbot, spine, size: tuple[int, int] | None = None, hand_clock: bool = True, active: bool = False):
    """The real window on the virtual display (on a hand clock unless told otherwise), drawn once, focused;
    closed afterwards.  Every window test opens its window here."""
    from explainer.ui.window import MainWindow

    window = MainWindow(spine)
    if hand_clock:
        window.clock = HandClock()
    if size:
        window.resize(*size)
    window.show()
    window.view3d.Initialize()
    qtbot.waitExposed(window)
    window.activateWindow()
    if active:
        qtbot.waitActive(window)
    window.render()
    try:
        yield window
    finally:
        window.close()


def tick(window, seconds: float | None = None) -> None:
    """One playback tick after `seconds` of hand-clock time (default: the play timer's own interval)."""
    window.clock.now += window.play_timer.interval() / 1000 if seconds is None else seconds
    window._play_step()


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


def click_3d(qtbot, window, name: str) -> None:
    """A real mouse click on the 3D view where structure `name` shows: at the projection of its centre, or else of
    the first of its mesh points nearest that centre that the scene picks as `name`."""
    from PySide6.QtCore import QPoint, Qt

    renderer, points = window.scene.renderer, np.asarray(window.scene.spine.structures[name].mesh.points)
    centre = points.mean(axis=0)
    nearest = points[np.argsort(np.linalg.norm(points - centre, axis=1))[:400]]
    x, y = next(p for p in (display_point(renderer, q) for q in (centre, *nearest)) if window.scene.pick(*p) == name)
    qtbot.mouseClick(window.view3d, Qt.MouseButton.LeftButton, pos=QPoint(x, window.view3d.height() - 1 - y))

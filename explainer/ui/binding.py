"""Is the Qt binding sound?  PySide6-Essentials 6.12.0 drops a reference to None on every Qt call that
returns nothing; on a Python whose None is not immortal (before 3.12) the panels' per-frame updates use up
None's few thousand references within about a minute of playback, and the process aborts.  pyproject.toml
excludes that release; this check refuses to open the window on any other binding that does the same."""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 100


def none_references_lost(calls: int = PROBE_CALLS) -> int:
    """How many references to None `calls` void Qt calls drop: 0 on a sound binding (and on Python 3.12+,
    where None is immortal and its count never moves).  What the probe dropped it gives back, so that a
    refused start can still exit cleanly."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return lost


def binding_problem() -> str | None:
    """A one-line reason not to run on this binding, or None when it is sound."""
    lost = none_references_lost()
    if lost <= 0:
        return None
    import PySide6

    return (f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} loses a reference to None on "
            f"every Qt call ({lost} in {PROBE_CALLS}) and would crash within minutes; install a supported "
            "release: pip install 'PySide6-Essentials!=6.12.0' (or use Python 3.12 or newer)")

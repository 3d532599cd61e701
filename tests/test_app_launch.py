"""The launch: the Qt binding checked, a splash on screen before the heavy work, then the window."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import explainer.ui.launch as launch
from explainer.ui.binding import none_references_lost


def test_the_installed_qt_binding_keeps_its_references_to_none():
    """Fails on PySide6-Essentials 6.12.0 with Python 3.11 (a void Qt call drops a reference to None, and
    playback aborts within a minute).  In a subprocess: on a broken binding the probe's own losses must not
    bring the test run down with it."""
    probe = "from explainer.ui.binding import none_references_lost as lost; print(lost(5000))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "0"), done.stderr[-500:]


def test_the_probe_counts_losses(monkeypatch):
    """The probe sees a loss when there is one (a stand-in binding that drops a reference per call)."""
    counts = iter(range(5000, 0, -1))
    monkeypatch.setattr(sys, "getrefcount", lambda obj: next(counts))
    assert none_references_lost(10) == 1


def test_an_unsound_binding_is_refused_with_a_message(qapp, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(launch, "binding_problem", lambda: "PySide6 6.12.0 loses a reference to None")
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(launch, "_load_model", lambda progress: pytest.fail("the model must not be made"))
    assert launch.run() == 1
    assert shown == ["PySide6 6.12.0 loses a reference to None"]
    assert capsys.readouterr().err.count("\n") == 1


def test_the_splash_shows_and_counts_while_the_model_is_made(qapp, monkeypatch):
    """The splash is on screen, and repainted with the parts done, before the (here: stepped) build is done."""
    step = threading.Event()
    seen: list[tuple[bool, str]] = []

    def say(splash, text):
        seen.append((splash.isVisible(), text))
        step.set()

    def build(progress):
        for done in range(1, 4):
            step.wait(30)
            step.clear()
            progress(done, 3)
        return "spine"

    monkeypatch.setattr(launch.Splash, "say", say)
    progress = launch.Progress()
    with launch.ThreadPoolExecutor(1) as worker:
        splash = launch.Splash()
        splash.show()
        work = worker.submit(build, progress)
        assert launch._wait_showing(QApplication.instance(), splash, work, progress) == "spine"
    splash.close()
    assert all(visible for visible, _ in seen)
    assert seen[0][1] == "Preparing the 3D model…"
    assert any("2 of 3 parts" in text for _, text in seen)


def test_a_cache_that_could_not_be_written_is_said_once_in_the_status_bar(qapp, monkeypatch, spine):
    from explainer.ui.window import MainWindow
    from meshes import cache

    monkeypatch.setattr(launch, "_load_model", lambda progress: spine)
    monkeypatch.setattr(cache, "notice", lambda: "Geometry could not be cached in /x: read-only")
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # no event loop: look at the window as it opens
    assert launch.run() == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert windows[-1].statusBar().currentMessage() == "Geometry could not be cached in /x: read-only"
    for window in windows:
        window.close()

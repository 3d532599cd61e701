"""The first build's worker processes: they end with the app that started them, even when it is killed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _wait_for(condition, limit_s: float = 60.0):
    """Poll `condition` until it returns something truthy (a condition, not a sleep: the limit only ends a hang)."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail("condition not met")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from Linux's /proc")
def test_killing_the_app_mid_build_leaves_no_worker_behind(tmp_path):
    env = {**os.environ, "LUMBAR_EXPLAINER_CACHE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", "from meshes import build_spine; build_spine()"], env=env)
    workers = _wait_for(lambda: _children(app.pid))
    app.kill()
    app.wait()
    _wait_for(lambda: not any(Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text()
                              .split(")")[-1].split()[0] for w in workers), limit_s=10.0)

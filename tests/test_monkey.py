"""Random input on the real window (tests/monkey.py), in a subprocess: an abort, as in issue 9, fails this test
instead of ending the test run.  A short seeded run; the long one is `python tests/monkey.py --minutes 10`."""

import json
import os
import subprocess
import sys
from pathlib import Path

MONKEY = Path(__file__).with_name("monkey.py")
SEED = 7
EVENTS = 600  # the tour (about 200) and some 400 random: what fits in about a minute on two cores
RSS_GROWTH_MB = 30.0


def test_random_input_raises_nothing_aborts_nothing_and_leaks_little():
    run = subprocess.run([sys.executable, str(MONKEY), "--seed", str(SEED), "--events", str(EVENTS)],
                         capture_output=True, text=True, env=dict(os.environ), timeout=600)  # DISPLAY: pytest-xvfb's
    assert run.returncode == 0, f"exit status {run.returncode}\n{run.stderr[-6000:]}"
    figures = json.loads(run.stdout.splitlines()[-1])
    assert figures["events"] >= EVENTS and figures["failures"] == 0
    assert figures["rss_growth_mb"] <= RSS_GROWTH_MB, figures

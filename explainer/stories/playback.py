"""Playback keeps time: each tick moves a story on by the clock time since the last tick, so a late frame is
dropped instead of stretching the story (the window and the benchmarks share this rule)."""

from __future__ import annotations

CATCH_UP_S = 1.0  # the most story time one tick may add: after a stall (a suspend) the film resumes, not leaps


def tick_seconds(now: float, last: float) -> float:
    """Clock seconds a tick at `now` accounts for, the previous one having been at `last`."""
    return min(max(now - last, 0.0), CATCH_UP_S)

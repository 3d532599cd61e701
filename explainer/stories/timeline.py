"""Where we are in a story: one evented number, the single source of truth every view follows.

Qt-free and VTK-free.  A story's position runs from 0 to `last`; `stops` are the places Back and Next go to (the
stages of a stepped story, the phases of a film); `rate` is how far playback moves it per second of clock time.
Views subscribe with `subscribe(callback)` and are told after every change; no view talks to another.
"""

from __future__ import annotations

from collections.abc import Callable

STOP_SLACK = 1e-6  # a position this close to a stop counts as being on it


class Timeline:
    """A position in [0, last] with stops, a playback rate and subscribers; stories subclass it."""

    def __init__(self, last: float, stops: tuple[float, ...], rate: float = 1.0):
        self.position = 0.0
        self.last = float(last)
        self.stops = tuple(stops)
        self.rate = rate
        self._listeners: list[Callable[[Timeline], None]] = []

    def subscribe(self, callback: Callable[[Timeline], None]) -> Callable[[], None]:
        """Call `callback(timeline)` after every change; returns a function that unsubscribes it."""
        self._listeners.append(callback)
        return lambda: callback in self._listeners and self._listeners.remove(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def set_position(self, position: float) -> None:
        position = min(max(float(position), 0.0), self.last)
        if position != self.position:
            self.position = position
            self._changed()

    def step(self, direction: int) -> None:
        """To the next stop (+1), or the previous one (-1); from between two stops, the nearer one that way."""
        if direction > 0:
            self.set_position(next((s for s in self.stops if s > self.position + STOP_SLACK), self.last))
        else:
            self.set_position(max((s for s in self.stops if s < self.position - STOP_SLACK), default=0.0))

    def go_home(self) -> None:
        self.set_position(0.0)

    def go_end(self) -> None:
        self.set_position(self.last)

    @property
    def step_index(self) -> int:
        """The step a presenter is on: the last stop at or before the position."""
        return max((i for i, stop in enumerate(self.stops) if stop <= self.position + STOP_SLACK), default=0)

    def step_title(self, index: int) -> str:
        """Step `index`'s title, as a presenter's view names the next one (a story gives its own)."""
        return f"Step {index + 1}"

    def step_notes(self, index: int) -> str:
        """A presenter's notes for step `index`: the story's student-depth words for it (none by default)."""
        return ""

    def advance(self, seconds: float) -> None:
        """Playback: on by `seconds` of clock time at the story's rate."""
        self.set_position(self.position + seconds * self.rate)

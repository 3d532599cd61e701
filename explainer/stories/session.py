"""The app's state beyond a story's position: which story is shown, the stories' models, the reading depth.

Qt-free and VTK-free, evented like a timeline: the window, the panels and the layers subscribe and follow it.
"""

from __future__ import annotations

from collections.abc import Callable

from explainer.stories.registry import STORIES
from explainer.stories.timeline import Timeline

DEPTHS = ("patient", "student")


class Session:
    """The shown story (`active`), a model per story made when first shown, and the depth of the words."""

    def __init__(self, level: str = "L4-L5", side: str = "left"):
        self.level, self.side = level, side
        self.depth = "patient"
        self.active: str | None = None
        self.models: dict[str, Timeline] = {}
        self._listeners: list[Callable[[Session, str], None]] = []

    def subscribe(self, callback: Callable[[Session, str], None]) -> Callable[[], None]:
        """Call `callback(session, what)` after each change ("active" or "depth"); returns the unsubscriber."""
        self._listeners.append(callback)
        return lambda: callback in self._listeners and self._listeners.remove(callback)

    def _changed(self, what: str) -> None:
        for callback in list(self._listeners):
            callback(self, what)

    def model(self, story: str) -> Timeline:
        """Story `story`'s model, made at the segment and side last shown (the first time it is asked for)."""
        if story not in self.models:
            self.models[story] = STORIES[story].make(self.level, self.side)
        return self.models[story]

    def show(self, story: str) -> None:
        """Make `story` the one shown; a new story starts at the segment and side of the one it replaces."""
        if story == self.active:
            return
        if self.active is not None:
            shown = self.models[self.active]
            self.level, self.side = getattr(shown, "level", self.level), getattr(shown, "side", self.side)
        self.model(story)
        self.active = story
        self._changed("active")

    def set_depth(self, depth: str) -> None:
        if depth not in DEPTHS:
            raise ValueError(f"unknown depth {depth!r}")
        if depth != self.depth:
            self.depth = depth
            self._changed("depth")

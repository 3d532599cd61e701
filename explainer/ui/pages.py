"""What a story's page gives the window (a registry entry names the callable that makes one).

The window places `panel` beside the 3D view and `controls` under it, binds `keys` while the page is shown, shows
`notice` in the status bar, plays at `tick_ms`, calls `leave()` when it closes, and offers a click on the 3D view
to `clicked(x, y)` first when the page has one (True: the page took it; otherwise the click selects).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget


class Page(Protocol):
    panel: QWidget
    controls: QWidget  # a StoryControls: Back, Play, Next and the timeline slider
    keys: dict[object, Callable[[], None]]
    notice: str | None
    tick_ms: int

    def leave(self) -> None: ...

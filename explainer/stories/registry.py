"""The stories the app can tell, as plug-ins: one entry names a story's model, its scene layer and its page.

Qt-free and VTK-free: the layer and the page are named as "module:attribute" and imported only by the part of
the app that draws them (explainer.render, explainer.ui), so a story is added by registering one entry and
nothing in the window, the offscreen renderer or the command line changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from explainer.stories.timeline import Timeline


@dataclass(frozen=True)
class StoryKind:
    """One story: `make(level, side)` its timeline; `layer` its scene layer and `page` its widgets, by path."""

    name: str
    title: str
    make: Callable[[str, str], Timeline]
    layer: str  # "module:callable(scene, model) -> layer" (explainer.render.layers.Layer)
    page: str  # "module:callable(model, layer, window) -> page" (explainer.ui.pages.Page)
    takes_case: bool = False  # the story a patient's case (findings, pins) is opened into and saved from


STORIES: dict[str, StoryKind] = {}


def register(kind: StoryKind) -> Callable[[], None]:
    """Add a story (after those already registered); returns a function that takes it away again."""
    STORIES[kind.name] = kind
    return lambda: STORIES.pop(kind.name, None)


def case_story() -> str | None:
    """The name of the story that shows a patient's case, if one is registered."""
    return next((name for name, kind in STORIES.items() if kind.takes_case), None)


def resolve(path: str):
    """The object a "module:attribute" path names."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)

"""A story's part in the scene: a layer, made once per story from the registry, attached while it is shown.

A layer is built once (its props added hidden) and then only changed in place.  Its interface:

* `attach()` / `detach()`: take the scene (props, colours, highlight, the story's geometry) or give it back,
  healthy and plain, before another story attaches: a story never sees what another left behind.
* `apply(model)`: bring the scene to the model's position (layers also follow their model by subscription).
* `shot(model) -> Shot | None`: where the camera belongs at this point of the story; None: leave it.
* `camera_follows_play`: whether the camera turns to a new shot while the story plays.
* `close()`: stop following the model and take everything away.

The window, the offscreen renderer and the benchmarks all drive a story through these calls only.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.stories.registry import STORIES, resolve


@dataclass(frozen=True)
class Shot:
    """A camera for a point of a story: preset `view` framing `bounds` (None: the whole spine), mirrored for
    the right side; the camera turns when `key` changes."""

    key: object
    view: str
    bounds: tuple[float, ...] | None = None
    mirror: bool = False


def make_layer(story: str, scene, model):
    """The registered layer of story `story`, built on `scene` for `model` (detached)."""
    return resolve(STORIES[story].layer)(scene, model)

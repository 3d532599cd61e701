"""A story's part in the scene: a layer, made once per story from the registry, attached while it is shown.

A layer is built once (its props added hidden) and then only changed in place.  Its interface:

* `attach()` / `detach()`: take the scene (props, colours, highlight, the story's geometry) or give it back,
  healthy and plain, before another story attaches: a story never sees what another left behind.
* `apply(model)`: bring the scene to the model's position (layers also follow their model by subscription).
* `shot(model) -> Shot | None`: where the camera belongs at this point of the story; None: leave it.  A shot
  with `since` turns with story time: `shot_pose` gives the camera at any time of its turn, the same in the
  window, a screenshot and a video frame.
* `camera_follows_play`: whether the camera turns to a new shot while the story plays.
* `close()`: stop following the model and take everything away.

The window, the offscreen renderer and the benchmarks all drive a story through these calls only.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.stories.camera import Pose, tween
from explainer.stories.registry import STORIES, resolve

TURN_S = 0.7  # seconds of story time a shot with `since` takes to turn from the shot before it


@dataclass(frozen=True)
class Shot:
    """A camera for a point of a story: preset `view` framing `bounds` (None: the whole spine), mirrored for
    the right side; the camera turns when `key` changes.  A shot `since` a story position turns from
    `previous` over TURN_S of story time (a film's beats); without, it turns in the window's own time."""

    key: object
    view: str
    bounds: tuple[float, ...] | None = None
    mirror: bool = False
    since: float | None = None
    previous: Shot | None = None


def turn_progress(shot: Shot, position: float) -> float:
    """How far (0 to 1) a story-time shot has turned at `position` (1: a shot that does not turn with time)."""
    if shot.since is None or shot.previous is None:
        return 1.0
    return min(max((position - shot.since) / TURN_S, 0.0), 1.0)


def shot_pose(scene, shot: Shot, position: float) -> Pose:
    """The camera of `shot` at story `position`, part way through its turn from the shot before."""
    end = scene.preset_pose(shot.view, shot.bounds, shot.mirror)
    progress = turn_progress(shot, position)
    if progress >= 1.0:
        return end
    before = shot.previous
    return tween(scene.preset_pose(before.view, before.bounds, before.mirror), end, progress)


class Layer:
    """What every layer shares: attaching and detaching are its `set_active(on)` (a layer defines that, `apply`,
    `shot`, `set_depth` and `close`)."""

    camera_follows_play = False

    def attach(self) -> None:
        """The story takes the scene: its props, colours and highlight, at the model's position."""
        self.set_active(True)

    def detach(self) -> None:
        """Another story takes the scene: it is given back healthy and plain."""
        self.set_active(False)


def make_layer(story: str, scene, model):
    """The registered layer of story `story`, built on `scene` for `model` (detached)."""
    return resolve(STORIES[story].layer)(scene, model)

"""The layer every stepped story shares (the sacroiliac joint, the back muscles): it shows a group of structures
while the story is on, lights each step's structures, frames the story's region and keeps a readout of the model's
measured figures.  Qt-free.  Everything is made once; a step only changes colours, fades and the camera.
"""

from __future__ import annotations

import numpy as np

from explainer.render.layers import Layer, Shot
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene
from explainer.stories.steps import StepStory
from explainer.stories.terms import structures_for_kinds

MARGIN = 15.0  # mm around the structures a step frames


def box_of(meshes, margin: float = MARGIN) -> tuple[float, ...]:
    """The box around `meshes`, `margin` mm bigger on every side (xmin, xmax, ymin, ymax, zmin, zmax)."""
    boxes = np.array([m.bounds for m in meshes])
    lo, hi = boxes[:, 0::2].min(axis=0) - margin, boxes[:, 1::2].max(axis=0) + margin
    return tuple(np.ravel(np.column_stack([lo, hi])))


class StepView(Layer):
    """Shows `group` while attached (given back as it was on detach), lights the step's kinds, frames `focus()`
    (a step on its own region) or `overview()`, and a readout top right."""

    group = ""

    def __init__(self, scene: Scene, model: StepStory):
        self.scene, self.model = scene, model
        self.active = False
        self.was_visible = scene.group_visible[self.group]
        self.readout = overlay_text(19, (0.98, 0.97), justify="right", vertical="top", line_spacing=1.25)
        self.readout.SetVisibility(False)
        scene.renderer.AddViewProp(self.readout)
        self._leave = model.subscribe(self.update)

    def set_active(self, on: bool) -> None:
        if on and not self.active:
            self.was_visible = self.scene.group_visible[self.group]
        self.active = on
        self.readout.SetVisibility(on)
        self.scene.keep_clear("readout", self.readout if on else None)
        self.scene.set_group_visible(self.group, on or self.was_visible)
        self.take(on)
        if on:
            self.update(self.model)
        else:
            self.scene.set_lit("story", ())

    def take(self, on: bool) -> None:
        """The story's own looks on (or back to plain): a subclass's colours and fades."""

    def update(self, model: StepStory) -> None:
        """Apply the model's position (while attached): the step's light, then the subclass's looks."""
        if not self.active:
            return
        names = structures_for_kinds(model.stage.highlight, model.level, model.side, self.scene.actors)
        if tuple(names) != self.scene.lit["story"]:
            self.scene.set_lit("story", names)
        self.pose(model)
        text = self.readout_text(model)
        if text != self.readout.GetInput():
            self.readout.SetInput(text)

    apply = update

    def pose(self, model: StepStory) -> None:
        """The subclass's looks at the model's position."""

    def readout_text(self, model: StepStory) -> str:
        return ""

    def focus(self, model: StepStory) -> tuple[float, ...] | None:
        return None

    def overview(self, model: StepStory) -> tuple[float, ...] | None:
        return None

    def shot(self, model: StepStory) -> Shot | None:
        """The step's camera from the story's side; None between steps, where the camera stays."""
        if model.position != model.stage_index:
            return None
        bounds = self.focus(model) if model.frames_segment else self.overview(model)
        return Shot((model.stage_index, model.side), model.stage.view, bounds, model.side == "right")

    def set_depth(self, depth: str) -> None:
        """The scene shows the same at both depths (the words differ)."""

    def close(self) -> None:
        self.set_active(False)
        self._leave()
        self.scene.renderer.RemoveViewProp(self.readout)

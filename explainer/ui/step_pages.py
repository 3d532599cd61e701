"""The pages of the stories told in steps beyond the cascade (the registry names these): the stepped page with
each story's own grades and choosers."""

from __future__ import annotations

from explainer.stories.muscles import GOUTALLIER, STEPS
from explainer.ui.story_panel import StepPage

MUSCLE_GRADES = {step.id: {"Goutallier": GOUTALLIER[round(step.value)]} for step in STEPS}


def sacroiliac_page(model, layer, host) -> StepPage:
    """The sacroiliac joint's page: no grades; a side, not a segment, to choose."""
    return StepPage(model, layer, host, "sacroiliac", systems=(), grades={}, choose_level=False)


def muscles_page(model, layer, host) -> StepPage:
    """The back muscles' page: the Goutallier grade of fat shown at each step."""
    return StepPage(model, layer, host, "muscles", systems=("Goutallier",), grades=MUSCLE_GRADES)

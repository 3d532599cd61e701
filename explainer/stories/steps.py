"""A story told in steps that change what is shown, not the spine's shape: the sacroiliac joint, the back muscles.

Qt-free.  Like the cascade, the position is one continuous number (0 = first step, n - 1 = last) and each step's
title and words come from its narration files; a step names the camera preset, the structures it lights (kinds of
explainer.stories.terms) and whether the camera frames the story's region or the whole spine.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.stories.degeneration import StagedStory, story_text
from meshes.sdf import smoothstep


@dataclass(frozen=True)
class Step:
    """One step of story `story`: its narration id, camera preset, lit kinds, whether the camera shows the whole
    spine, and a value the story's layer shows (the muscles' fat grade)."""

    story: str
    id: str
    view: str
    highlight: tuple[str, ...] = ()
    whole_spine: bool = False
    value: float = 0.0

    @property
    def title(self) -> str:
        """The title its narration file gives (one source of truth); its id, readable, if that file is invalid."""
        text = story_text(self.story).stages.get(self.id)
        return text.title if text is not None else self.id.replace("_", " ").capitalize()


class StepStory(StagedStory):
    """Position in a stepped story of `story`'s narration, with the segment and side the session hands on."""

    def __init__(self, steps: tuple[Step, ...], level: str = "L4-L5", side: str = "left"):
        super().__init__(steps, level, side)
        self.story = steps[0].story

    @property
    def frames_segment(self) -> bool:
        return not self.stage.whole_spine

    def value(self) -> float:
        """The steps' value at the position, eased between two steps (blend of the cascade)."""
        i = min(int(self.position), len(self.stages) - 2)
        a, b = self.stages[i].value, self.stages[i + 1].value
        return a + (b - a) * smoothstep(self.position - i)

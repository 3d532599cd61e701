"""A story told in steps that change what is shown, not the spine's shape: the sacroiliac joint, the back muscles.

Qt-free.  Like the cascade, the position is one continuous number (0 = first step, n - 1 = last) and each step's
title and words come from its narration files; a step names the camera preset, the structures it lights (kinds of
explainer.stories.terms) and whether the camera frames the story's region or the whole spine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from explainer.stories.degeneration import PLAY_SPEED
from explainer.stories.timeline import Timeline
from meshes.params import SEGMENTS, SIDES
from meshes.sdf import smoothstep
from narration import StoryText, load_story


@functools.cache
def story_text(story: str) -> StoryText:
    return load_story(story)


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


class StepStory(Timeline):
    """Position in a stepped story of `story`'s narration, with the segment and side the session hands on."""

    def __init__(self, steps: tuple[Step, ...], level: str = "L4-L5", side: str = "left"):
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        super().__init__(len(steps) - 1, tuple(float(i) for i in range(len(steps))), PLAY_SPEED)
        self.stages = steps
        self.story = steps[0].story
        self.level, self.side = level, side

    def set_segment(self, level: str, side: str) -> None:
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        if (level, side) != (self.level, self.side):
            self.level, self.side = level, side
            self._changed()

    @property
    def stage_index(self) -> int:
        """The step whose text is shown: the nearest whole step."""
        return int(self.position + 0.5)

    @property
    def stage(self) -> Step:
        return self.stages[self.stage_index]

    @property
    def frames_segment(self) -> bool:
        return not self.stage.whole_spine

    def value(self) -> float:
        """The steps' value at the position, eased between two steps (blend of the cascade)."""
        i = min(int(self.position), len(self.stages) - 2)
        a, b = self.stages[i].value, self.stages[i + 1].value
        return a + (b - a) * smoothstep(self.position - i)

    def captions(self, depth: str) -> tuple[tuple[float, float, str], ...]:
        """A video's captions, (from, to, text) in story positions: each step's caption where its text shows."""
        text = story_text(self.story)
        return tuple((max(i - 0.5, 0.0), min(i + 0.5, self.last), text.text_for(stage.id, "caption"))
                     for i, stage in enumerate(self.stages))

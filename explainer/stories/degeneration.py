"""The degeneration cascade as a story: stages of one segment's state, stepped, scrubbed and played.

Qt-free.  The position is one continuous number (0 = first stage, n - 1 = last).  Between two stages every
pathology parameter is interpolated with an ease, so dragging a slider shows a continuous change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace

from explainer.stories.timeline import Timeline
from meshes.params import SEGMENTS, SIDES
from meshes.sdf import smoothstep
from meshes.state import Pathology
from narration import StoryText, load_story

PLAY_SPEED = 0.5  # stages per second while playing: two seconds from one stage to the next


def blend(a, b, t: float):
    """Every parameter of a state (Pathology, LevelState) eased from `a` (t = 0) to `b` (t = 1): numbers and
    pairs of numbers; anything else (a target that is None, a list of sides) taken from the nearer end."""
    k = float(smoothstep(t))
    return type(a)(**{f.name: _eased(getattr(a, f.name), getattr(b, f.name), k) for f in fields(a)})


def _eased(x, y, k: float):
    if _number(x) and _number(y):
        return x + (y - x) * k
    if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y) and all(map(_number, x + y)):
        return tuple(u + (v - u) * k for u, v in zip(x, y))
    return x if k < 0.5 else y


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@dataclass(frozen=True)
class Stage:
    """One step of a story: what the segment looks like, where the camera looks, what is highlighted.

    It has no title of its own: the title shown is the one its narration file gives (one source of truth)."""

    id: str
    pathology: Pathology
    view: str
    highlight: tuple[str, ...] = ()
    whole_spine: bool = False  # the camera shows the whole spine, not the chosen segment

    @property
    def title(self) -> str:
        """The narration file's title for this stage (its id, readable, if that file has no valid text)."""
        return stage_title(self.id)


@functools.cache
def story_text(story: str = "degeneration") -> StoryText:
    """A story's narration, read once."""
    return load_story(story)


def stage_title(stage_id: str, story: str = "degeneration") -> str:
    """The title of `stage_id` as its story's narration file gives it; never raises."""
    text = story_text(story).stages.get(stage_id)
    return text.title if text is not None else stage_id.replace("_", " ").capitalize()


def stage_captions(stages, last: float, story: str = "degeneration") -> tuple[tuple[float, float, str], ...]:
    """A video's captions, (from, to, text) in story positions: each stage's caption line wherever its text
    is shown (the nearest stage); one line for both depths."""
    return tuple((max(i - 0.5, 0.0), min(i + 0.5, last), story_text(story).text_for(stage.id, "caption"))
                 for i, stage in enumerate(stages))


HEALTHY = Pathology()
DRY = replace(HEALTHY, hydration=0.45)  # Pfirrmann II–III: signal falls before height does [S47][S49]
NARROW = replace(DRY, hydration=0.2, disc_height_ant=0.6, disc_height_post=0.55)  # Griffith 7: 30–60% loss [S52]
LOADED = replace(NARROW, cartilage=0.8)
WORN = replace(LOADED, cartilage=0.35)  # Weishaupt 1–2: joint space under 2 mm [S58]
SPURS = replace(WORN, endplate_spur=3.5, facet_spur=2.5)  # "large" osteophyte: over 3 mm [S64]
HERNIATED = replace(SPURS, bulge=1.5, herniation=5.0)  # posterolateral: the traversing root is pressed [S77]
# the foramen closes past its fat onto the exiting root: Lee 3 [S68]
COMPRESSED = replace(HERNIATED, disc_height_ant=0.5, disc_height_post=0.45, endplate_spur=4.0, herniation=6.0,
                     foraminal=6.0)

DEGENERATION: tuple[Stage, ...] = (
    Stage("healthy", HEALTHY, "oblique", whole_spine=True),
    Stage("disc_dehydration", DRY, "lateral", ("nucleus",)),
    Stage("disc_narrowing", NARROW, "lateral", ("disc",)),
    Stage("facet_loading", LOADED, "posterior", ("cartilage",)),
    Stage("cartilage_wear", WORN, "posterior", ("cartilage",)),
    Stage("bone_spurs", SPURS, "oblique"),  # the spurs carry their own tint
    Stage("disc_herniation", HERNIATED, "lateral", ("disc", "nucleus")),
    Stage("nerve_compression", COMPRESSED, "lateral"),  # the roots their alarm colour
    Stage("what_can_help", COMPRESSED, "oblique", whole_spine=True),  # the last state, seen whole
)


class StagedStory(Timeline):
    """A story of stages told from a narration file (`story`): one stop per stage, the chosen segment and side;
    the cascade, the stenosis and the stepped stories build on it."""

    story = "degeneration"

    def __init__(self, stages: tuple, level: str = "L4-L5", side: str = "left"):
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        super().__init__(len(stages) - 1, tuple(float(i) for i in range(len(stages))), PLAY_SPEED)
        self.stages = stages
        self.level, self.side = level, side

    def set_segment(self, level: str, side: str) -> None:
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        if (level, side) != (self.level, self.side):
            self.level, self.side = level, side
            self._changed()

    @property
    def stage_index(self) -> int:
        """The stage whose text is shown: the nearest whole stage."""
        return int(self.position + 0.5)

    @property
    def stage(self):
        return self.stages[self.stage_index]

    @property
    def step_index(self) -> int:
        """The step whose text the page shows: the nearest stage."""
        return self.stage_index

    def step_title(self, index: int) -> str:
        return self.stages[index].title

    def step_notes(self, index: int) -> str:
        """The presenter's notes for stage `index`: its student words."""
        return story_text(self.story).text_for(self.stages[index].id, "student")

    def captions(self, depth: str) -> tuple[tuple[float, float, str], ...]:
        """A video's captions: each stage's caption line wherever its text is shown; one line for both depths."""
        return stage_captions(self.stages, self.last, self.story)


class StoryModel(StagedStory):
    """Position in the cascade, the chosen segment and side."""

    def __init__(self, stages: tuple[Stage, ...] = DEGENERATION, level: str = "L4-L5", side: str = "left"):
        super().__init__(stages, level, side)

    @property
    def frames_segment(self) -> bool:
        """Whether the camera should frame the chosen segment (False: the whole spine, as the stage asks)."""
        return not self.stage.whole_spine


    def pathology(self) -> Pathology:
        """The chosen segment's state at the current position (other segments stay healthy)."""
        i = min(int(self.position), len(self.stages) - 2)
        return blend(self.stages[i].pathology, self.stages[i + 1].pathology, self.position - i)

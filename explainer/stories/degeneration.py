"""The degeneration cascade as a story: stages of one segment's state, stepped, scrubbed and played.

Qt-free.  The position is one continuous number (0 = first stage, n - 1 = last).  Between two stages every
pathology parameter is interpolated with an ease, so dragging a slider shows a continuous change.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from explainer.stories.timeline import Timeline, ease
from meshes.params import SEGMENTS, SIDES
from meshes.state import Pathology

PLAY_SPEED = 0.5  # stages per second while playing: two seconds from one stage to the next


def blend(a: Pathology, b: Pathology, t: float) -> Pathology:
    """Every parameter eased from `a` (t = 0) to `b` (t = 1)."""
    k = ease(t)
    return Pathology(**{f.name: getattr(a, f.name) + (getattr(b, f.name) - getattr(a, f.name)) * k
                        for f in fields(Pathology)})


@dataclass(frozen=True)
class Stage:
    """One step of a story: what the segment looks like, where the camera looks, what is highlighted."""

    id: str
    title: str
    pathology: Pathology
    view: str
    highlight: tuple[str, ...] = ()


HEALTHY = Pathology()
DRY = replace(HEALTHY, hydration=0.45)  # Pfirrmann II–III: signal falls before height does [S47][S49]
NARROW = replace(DRY, hydration=0.2, disc_height_ant=0.6, disc_height_post=0.55)  # Griffith 7: 30–60% loss [S52]
LOADED = replace(NARROW, cartilage=0.8)
WORN = replace(LOADED, cartilage=0.35)  # Weishaupt 1–2: joint space under 2 mm [S58]
SPURS = replace(WORN, endplate_spur=3.5, facet_spur=2.5)  # "large" osteophyte: over 3 mm [S64]
HERNIATED = replace(SPURS, bulge=1.5, herniation=5.0)
COMPRESSED = replace(HERNIATED, disc_height_ant=0.5, disc_height_post=0.45, endplate_spur=4.0, herniation=6.0)

DEGENERATION: tuple[Stage, ...] = (
    Stage("healthy", "A healthy segment", HEALTHY, "oblique"),
    Stage("disc_dehydration", "The disc dries out", DRY, "lateral", ("nucleus",)),
    Stage("disc_narrowing", "The disc narrows", NARROW, "lateral", ("disc",)),
    Stage("facet_loading", "The facet joints take the load", LOADED, "posterior", ("cartilage",)),
    Stage("cartilage_wear", "The joint cartilage wears", WORN, "posterior", ("cartilage",)),
    Stage("bone_spurs", "Bone spurs grow", SPURS, "oblique"),  # the spurs carry their own tint
    Stage("disc_herniation", "The disc bulges and herniates", HERNIATED, "lateral", ("disc", "nucleus")),
    Stage("nerve_compression", "The nerve root is pinched", COMPRESSED, "lateral"),  # the root its alarm colour
)


class StoryModel(Timeline):
    """Position in the cascade, the chosen segment and side."""

    def __init__(self, stages: tuple[Stage, ...] = DEGENERATION, level: str = "L4-L5", side: str = "left"):
        if level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown level or side: {level!r}, {side!r}")
        super().__init__(len(stages) - 1, tuple(float(i) for i in range(len(stages))), PLAY_SPEED)
        self.stages = stages
        self.level = level
        self.side = side

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
    def stage(self) -> Stage:
        return self.stages[self.stage_index]

    def pathology(self) -> Pathology:
        """The chosen segment's state at the current position (other segments stay healthy)."""
        i = min(int(self.position), len(self.stages) - 2)
        return blend(self.stages[i].pathology, self.stages[i + 1].pathology, self.position - i)

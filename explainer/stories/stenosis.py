"""Central spinal stenosis as a story: the canal at one segment narrows from three sides, then the segment bends.

Qt-free and VTK-free.  Each stage is a state of the chosen segment (meshes.state.LevelState, posed and measured by
meshes.case): the disc bulges into the front of the canal, the facets overgrow into its back corners, the
ligamentum flavum thickens behind it.  The position is one continuous number, every parameter eased between two
stages as in the degeneration story.  The segment's bend (-1 leaning back … +1 bending forward) is a parameter
of its own: the two bending stages set it, and the reader may bend the segment at any stage with a slider; a bend
chosen so holds until the story moves on to another stage, which brings its own posture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from explainer.stories.degeneration import StagedStory, blend, stage_title
from meshes.sdf import smoothstep
from meshes.state import LevelState

STORY = "stenosis"
RELATIVE_MM2 = 100.0  # dural sac area under which stenosis is called relative: claudication at < 100 mm² [S218]
ABSOLUTE_MM2 = 75.0  # the critical size, ≈75 mm² (77 ± 13 in cadavers): root function probably affected [S216][S217]
BEND_RANGE = (-1.0, 1.0)  # full extension (leaning back) … full flexion (bending forward)


@dataclass(frozen=True)
class StenosisStage:
    """One step: the segment's state, its posture (bend), where the camera looks and what is lit.  Its title is
    the one its narration file gives."""

    id: str
    state: LevelState
    view: str
    bend: float = 0.0
    highlight: tuple[str, ...] = ()  # structure kinds: "disc", "flavum", "facets", "sac"
    whole_spine: bool = False

    @property
    def title(self) -> str:
        return stage_title(self.id, STORY)


HEALTHY = LevelState()
# a degenerating disc bulges all round, under 3 mm beyond the rims (BULGE_MM of the case, D); dried and lower
BULGING = LevelState(hydration=0.4, disc_height_ant=0.85, disc_height_post=0.85, bulge=2.5)
# the facets overgrow after the disc, the superior articular process most: spurs into the lateral recesses [S210]
OVERGROWN = replace(BULGING, cartilage=(0.6, 0.6), facet_spur=(3.0, 3.0), recess=4.0)
# the ligamentum flavum thickens about 3 → 5 mm (3.1 → 4.9–5.3 mm with facet hypertrophy [S211]; §11.1 model)
THICKENED = replace(OVERGROWN, flavum=2.0)
# all three further, with rim spurs: the model's "absolute" stenosis, under 75 mm² (§11.1, D)
NARROWED = replace(THICKENED, hydration=0.3, disc_height_ant=0.75, disc_height_post=0.75, bulge=3.5,
                   endplate_spur=2.5, facet_spur=(3.5, 3.5), recess=5.5, flavum=2.3)

STENOSIS: tuple[StenosisStage, ...] = (
    StenosisStage("healthy_canal", HEALTHY, "posterolateral", highlight=("sac",)),
    StenosisStage("disc_bulges", BULGING, "lateral", highlight=("disc",)),
    StenosisStage("facets_overgrow", OVERGROWN, "posterior", highlight=("facets",)),
    StenosisStage("flavum_thickens", THICKENED, "posterolateral", highlight=("flavum",)),
    StenosisStage("canal_narrowed", NARROWED, "posterolateral", highlight=("sac",)),
    StenosisStage("leaning_back", NARROWED, "lateral", bend=-1.0),
    StenosisStage("bending_forward", NARROWED, "lateral", bend=1.0),
    StenosisStage("common_at_age", NARROWED, "oblique", whole_spine=True),
)


def threshold_words(area: float) -> str:
    """Where a measured dural sac area lies against the published thresholds."""
    if area < ABSOLUTE_MM2:
        return f"under {ABSOLUTE_MM2:.0f} mm²: absolute stenosis"
    if area < RELATIVE_MM2:
        return f"under {RELATIVE_MM2:.0f} mm²: relative stenosis"
    return f"over {RELATIVE_MM2:.0f} mm²: roomy"


class StenosisModel(StagedStory):
    """Position in the story, the chosen segment and side, and the segment's bend."""

    story = STORY

    def __init__(self, stages: tuple[StenosisStage, ...] = STENOSIS, level: str = "L4-L5", side: str = "left"):
        super().__init__(stages, level, side)
        self._chosen: tuple[int, float] | None = None  # (stage, bend) the reader chose with the slider

    @property
    def frames_segment(self) -> bool:
        return not self.stage.whole_spine

    @property
    def bend(self) -> float:
        """The segment's posture now: the reader's, while the stage it was chosen at is shown; else the stages'."""
        if self._chosen is not None and self._chosen[0] == self.stage_index:
            return self._chosen[1]
        i, t = self._between()
        a, b = self.stages[i].bend, self.stages[i + 1].bend
        return a + (b - a) * smoothstep(t)

    def _between(self) -> tuple[int, float]:
        i = min(int(self.position), len(self.stages) - 2)
        return i, self.position - i

    def set_bend(self, bend: float) -> None:
        """Bend the segment (-1 leaning back … +1 bending forward) at the stage shown; ValueError if not a number."""
        if not isinstance(bend, (int, float)) or math.isnan(bend):
            raise ValueError(f"bend must be a number from -1 to 1, not {bend!r}")
        bend = min(max(float(bend), BEND_RANGE[0]), BEND_RANGE[1])
        if bend != self.bend:
            self._chosen = (self.stage_index, bend)
            self._changed()

    def state(self) -> LevelState:
        """The chosen segment's state at the current position and bend (the other segments stay healthy)."""
        i, t = self._between()
        return replace(blend(self.stages[i].state, self.stages[i + 1].state, t), bend=self.bend)

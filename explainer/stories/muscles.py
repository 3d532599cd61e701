"""The back muscles as a story: multifidus and erector spinae, the fat that comes into them with age and with
chronic back pain, what exercise does and does not change, and trigger points (medical.md §11.3).  Qt-free.

Each step carries the fat the muscles show as a Goutallier grade (0 normal, 1 fatty streaks, 2 more muscle than
fat, 3 as much fat as muscle, 4 more fat than muscle [S235]); between steps it is eased, so scrubbing shows the
fat coming in.
"""

from __future__ import annotations

from explainer.stories.steps import Step, StepStory

GOUTALLIER = ("0", "1", "2", "3", "4")
FAT_FRACTION = (0.0, 0.12, 0.35, 0.5, 0.65)  # share of the section drawn as fat at each grade (illustrative, D)

STEPS: tuple[Step, ...] = (
    Step("muscles", "back_muscles", "posterior", ("multifidus", "erector_spinae"), whole_spine=True),
    Step("muscles", "sizes", "posterior", ("multifidus",)),
    Step("muscles", "fat_with_age", "posterior", ("multifidus",), whole_spine=True, value=1.0),
    Step("muscles", "fat_and_pain", "posterior", (), whole_spine=True, value=3.0),
    Step("muscles", "exercise", "oblique", (), whole_spine=True, value=3.0),
    Step("muscles", "trigger_points", "posterolateral", ("erector_spinae",), whole_spine=True, value=3.0),
)


def fat_fraction(grade: float) -> float:
    """The share of a muscle drawn as fat at a (fractional) Goutallier grade."""
    grade = min(max(grade, 0.0), len(FAT_FRACTION) - 1.0)
    i = min(int(grade), len(FAT_FRACTION) - 2)
    return FAT_FRACTION[i] + (FAT_FRACTION[i + 1] - FAT_FRACTION[i]) * (grade - i)


class MusclesModel(StepStory):
    """Position in the muscles story; `grade()` is the Goutallier grade shown there."""

    def __init__(self, level: str = "L4-L5", side: str = "left"):
        super().__init__(STEPS, level, side)

    def grade(self) -> float:
        return self.value()

    def grade_label(self) -> str:
        """The grade of the step whose text is shown, as a clinician writes it."""
        return GOUTALLIER[round(self.stage.value)]

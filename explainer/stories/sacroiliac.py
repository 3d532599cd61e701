"""The sacroiliac joint as a story: what the joint is, what holds it, how it can hurt, how that is known, and what
is tried (medical.md §11.2).  Qt-free; the steps light the joint and its ligaments on the story's side, and the
one that shows the joint's surfaces looks from the side with that ilium made see-through."""

from __future__ import annotations

from explainer.stories.steps import Step, StepStory

STEPS: tuple[Step, ...] = (
    Step("sacroiliac", "the_joint", "posterior", ("si_joint",), whole_spine=True),
    Step("sacroiliac", "the_surfaces", "lateral", ("si_joint",)),
    Step("sacroiliac", "the_ligaments", "posterior", ("si_ligaments",)),
    Step("sacroiliac", "how_it_hurts", "posterolateral", ("si_joint",)),
    Step("sacroiliac", "knowing", "posterior", ("si_joint",)),
    Step("sacroiliac", "what_is_tried", "posterolateral", ("si_joint",)),
)


SEE_THROUGH = "the_surfaces"  # the step that shows the surfaces through a see-through ilium


class SacroiliacModel(StepStory):
    """Position in the sacroiliac story; `side` is the joint it frames and lights."""

    def __init__(self, level: str = "L4-L5", side: str = "left"):
        super().__init__(STEPS, level, side)

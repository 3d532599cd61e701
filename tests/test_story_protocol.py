"""What every registered story's model gives the window, the presenter and the exports (Qt-free)."""

import pytest

from explainer.stories import DEPTHS, STORIES


@pytest.mark.parametrize("name", list(STORIES))
def test_every_story_names_its_steps_notes_and_captions(name):
    model = STORIES[name].make("L4-L5", "left")
    assert model.level == "L4-L5" and model.side in ("left", "right")
    for index in range(len(model.stops)):
        assert model.step_title(index).strip() and isinstance(model.step_notes(index), str)
    model.go_end()
    assert 0 <= model.step_index < len(model.stops)
    for depth in DEPTHS:
        assert all(start <= end for start, end, _ in model.captions(depth))

"""The Qt-free story model: easing, interpolation, stepping and notifications."""

from __future__ import annotations

from dataclasses import fields

import pytest

from explainer.stories.degeneration import DEGENERATION, HEALTHY, Pathology, Stage, StoryModel, blend
from meshes.sdf import smoothstep as ease


def test_ease_starts_and_ends_flat_and_stays_in_range():
    assert ease(0.0) == 0.0 and ease(1.0) == 1.0 and ease(0.5) == pytest.approx(0.5)
    assert ease(-1.0) == 0.0 and ease(2.0) == 1.0
    assert ease(0.01) < 0.01 and ease(0.99) > 0.99  # gentle at both ends


def test_blend_moves_every_parameter_between_the_two_stages():
    a, b = HEALTHY, Pathology(**{f.name: 5.0 for f in fields(Pathology)})
    assert blend(a, b, 0.0) == a and blend(a, b, 1.0) == b
    mid = blend(a, b, 0.5)
    for f in fields(Pathology):
        lo, hi = sorted((getattr(a, f.name), getattr(b, f.name)))
        assert lo <= getattr(mid, f.name) <= hi


def test_scrubbing_is_continuous():
    model = StoryModel()
    previous = model.pathology()
    steps = 60 * int(model.last)  # a sixtieth of a stage a step
    for i in range(1, steps + 1):
        model.set_position(model.last * i / steps)
        now = model.pathology()
        assert abs(now.disc_height_post - previous.disc_height_post) < 0.02
        assert abs(now.endplate_spur - previous.endplate_spur) < 0.1
        previous = now


def test_the_disc_only_gets_worse_along_the_cascade():
    heights = [s.pathology.disc_height_post for s in DEGENERATION]
    water = [s.pathology.hydration for s in DEGENERATION]
    assert heights == sorted(heights, reverse=True) and water == sorted(water, reverse=True)
    assert DEGENERATION[1].pathology.disc_height_post == 1.0  # signal changes before height [S47][S49]


def test_stepping_from_between_stages_lands_on_whole_stages():
    model = StoryModel()
    model.step(+1)
    assert model.position == 1.0
    model.set_position(2.4)
    model.step(+1)
    assert model.position == 3.0
    model.set_position(2.4)
    model.step(-1)
    assert model.position == 2.0
    model.go_end()
    model.step(+1)
    assert model.position == model.last
    model.go_home()
    model.step(-1)
    assert model.position == 0.0


def test_the_shown_stage_is_the_nearest_one():
    model = StoryModel()
    model.set_position(1.4)
    assert model.stage.id == DEGENERATION[1].id
    model.set_position(1.6)
    assert model.stage.id == DEGENERATION[2].id


def test_subscribers_hear_each_change_once_and_can_leave():
    model = StoryModel()
    heard = []
    leave = model.subscribe(lambda m: heard.append(m.position))
    model.set_position(1.5)
    model.set_position(1.5)  # no change, no news
    model.set_segment("L5-S1", "right")
    leave()
    model.set_position(0.0)
    assert heard == [1.5, 1.5]


def test_unknown_segment_is_refused():
    with pytest.raises(ValueError):
        StoryModel(level="L6-L7")
    with pytest.raises(ValueError):
        StoryModel().set_segment("L4-L5", "middle")


def test_every_stage_has_its_narration_and_grades():
    import narration

    assert tuple(s.id for s in DEGENERATION) == tuple(narration.DEGENERATION_STAGES)
    story = narration.load_story("degeneration")
    assert story.problems == []
    assert all(set(narration.GRADES[s.id]) == set(narration.GRADING_SYSTEMS) for s in DEGENERATION)


def test_the_shown_titles_are_the_narration_files_hedged_titles():
    """One source of truth: a stage has no title of its own; it shows its narration file's."""
    import narration

    assert "title" not in {f.name for f in fields(Stage)}
    story = narration.load_story("degeneration")
    assert [s.title for s in DEGENERATION] == [story.stages[s.id].title for s in DEGENERATION]
    titles = {s.id: s.title for s in DEGENERATION}
    assert titles["disc_herniation"] == "A disc can herniate"
    assert titles["nerve_compression"] == "A nerve can be pressed"


def test_the_story_ends_on_what_can_help_with_the_last_state_seen_whole():
    last, before = DEGENERATION[-1], DEGENERATION[-2]
    assert last.id == "what_can_help" and last.pathology == before.pathology
    assert last.whole_spine and DEGENERATION[0].whole_spine
    assert not any(s.whole_spine for s in DEGENERATION[1:-1])
    model = StoryModel()
    assert not model.frames_segment  # the first stage shows the whole spine
    model.step(+1)
    assert model.frames_segment
    model.go_end()
    assert not model.frames_segment

"""The injection story's model and script: pure functions of time, no Qt."""

from __future__ import annotations

import pytest

from explainer.stories.injection import NEEDLE, PHASES, TURN, ProcedureModel, script
from narration.stories import INJECTION_LENGTH


def test_phases_run_back_to_back_over_the_whole_story():
    assert PHASES[0].start == 0.0 and PHASES[-1].end == INJECTION_LENGTH
    assert all(a.end == b.start for a, b in zip(PHASES, PHASES[1:]))
    assert [p.id for p in PHASES] == ["harvest", "processing", "injection", "afterwards"]


def test_time_is_clamped_and_every_change_notifies_once():
    model, seen = ProcedureModel(), []
    model.subscribe(lambda m: seen.append(m.time))
    model.set_time(-5.0)  # already at 0: no change, no call
    model.set_time(30.0)
    model.set_time(1e9)
    assert seen == [30.0, INJECTION_LENGTH]


def test_step_goes_from_phase_start_to_phase_start_and_back():
    model = ProcedureModel()
    starts = []
    for _ in PHASES:
        model.step(+1)
        starts.append(model.time)
    assert starts == [p.start for p in PHASES[1:]] + [INJECTION_LENGTH]
    model.set_time(40.0)
    model.step(-1)
    assert model.time == 26.0 and model.phase.id == "injection"
    model.step(-1)
    assert model.time == 16.0 and model.phase.id == "processing"


def test_the_needle_advances_only_after_the_c_arm_has_turned_and_comes_out_at_the_end():
    beam = (32.0, -8.0)
    depths = [script(t, beam).needle for t in range(0, 77)]
    assert depths[int(TURN[1])] == 0.0 and depths[int(NEEDLE[1])] == 1.0
    assert all(b >= a for a, b in zip(depths[:46], depths[1:46]))
    assert depths[-1] == 0.0  # withdrawn
    assert script(TURN[1], beam).carm_rotation == pytest.approx(32.0)
    assert script(TURN[1], beam).carm_tilt == pytest.approx(-8.0)
    assert script(47.0, beam).carm_rotation == pytest.approx(90.0)  # the lateral check
    assert script(50.0, beam).carm_rotation == pytest.approx(32.0)  # and back to the tunnel view


def test_contrast_comes_before_the_injectate_and_both_are_given_in_the_injection_phase():
    for t, contrast, injectate in ((48.0, 0.0, 0.0), (54.0, 1.0, 0.0), (60.0, 1.0, 1.0)):
        m = script(t)
        assert (m.contrast, m.injectate) == (pytest.approx(contrast), pytest.approx(injectate))


def test_bad_target_level_side_or_speed_are_refused_and_change_nothing():
    model = ProcedureModel()
    for args in (("bone", "L4-L5", "left"), ("disc", "L6-S1", "left"), ("facet", "L4-L5", "up")):
        with pytest.raises(ValueError):
            model.set_target(*args)
    with pytest.raises(ValueError):
        model.set_speed(4.0)
    assert (model.target, model.level, model.side, model.speed) == ("disc", "L4-L5", "left", 1.0)
    model.set_target("facet", "L3-L4", "right")
    assert (model.target, model.level, model.side) == ("facet", "L3-L4", "right")


def test_the_harvest_chosen_moves_only_its_own_instrument():
    for harvest, moving in (("marrow", "trocar"), ("fat", "cannula"), ("blood", "vein")):
        during = script(8.0, harvest=harvest)
        assert getattr(during, moving) > 0.0
        assert [n for n in ("trocar", "cannula", "vein") if getattr(during, n) > 0.0] == [moving]
        assert getattr(script(15.5, harvest=harvest), moving) == 0.0  # out before processing
    assert script(8.0, harvest="marrow").drawn == 0.0
    assert script(4.0, harvest="blood").drawn == 0.0 < script(8.0, harvest="blood").drawn < 1.0
    assert script(12.0, harvest="blood").drawn == pytest.approx(1.0)
    strokes = {round(script(t / 10.0, harvest="fat").cannula, 2) for t in range(60, 110)}
    assert len(strokes) > 6 and min(strokes) < 0.3 and max(strokes) > 0.9  # in and out, again and again


def test_harvest_and_guidance_are_chosen_notified_and_checked():
    model, seen = ProcedureModel(), []
    model.subscribe(lambda m: seen.append((m.harvest, m.guidance)))
    model.set_harvest("fat")
    model.set_harvest("fat")  # no change, no call
    model.set_guidance("ultrasound")  # kept for later: the disc is reached under X-ray only
    assert model.guidance == "fluoroscopy" and model.choices == {"harvest": "fat", "guidance": "fluoroscopy"}
    model.set_target("facet", "L4-L5", "left")
    assert model.guidance == "ultrasound"
    assert seen == [("fat", "fluoroscopy"), ("fat", "fluoroscopy"), ("fat", "ultrasound")]
    for bad in (lambda: model.set_harvest("bone"), lambda: model.set_guidance("ct")):
        with pytest.raises(ValueError):
            bad()
    assert (model.harvest, model.guidance) == ("fat", "ultrasound")


def test_captions_and_notes_follow_the_harvest():
    model = ProcedureModel()
    model.set_harvest("blood")
    assert "arm" in model.captions("patient")[0][2]
    assert "[S157]" in model.step_notes(0) and "BMAC" not in model.step_notes(0)
    model.set_target("sij", "L4-L5", "right")
    assert "[S130]" in model.step_notes(2)

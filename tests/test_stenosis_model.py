"""The stenosis story without Qt or VTK: its stages and bend, and the canal and foramina measured on the posed
geometry through the stages and the bend."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from explainer.stories.stenosis import ABSOLUTE_MM2, RELATIVE_MM2, STENOSIS, StenosisModel, threshold_words
from meshes.case import CaseRig
from meshes.params import SEGMENTS
from narration import STENOSIS_STAGES, load_story

TEXT = load_story("stenosis")


@pytest.fixture(scope="module")
def rig(spine):
    return CaseRig(spine)


def measured(rig, segment: str, state):
    pose = rig.pose({segment: state})
    return pose.canal[segment], pose.foramina[segment]


def test_the_stages_are_the_narrations_in_order_with_its_titles():
    assert TEXT.problems == [] and TEXT.missing == ()
    assert tuple(stage.id for stage in STENOSIS) == STENOSIS_STAGES
    assert [stage.title for stage in STENOSIS] == [TEXT.stages[s].title for s in STENOSIS_STAGES]
    model = StenosisModel()
    assert model.last == len(STENOSIS) - 1 and model.stops == tuple(float(i) for i in range(len(STENOSIS)))


def test_a_bad_segment_or_bend_is_refused():
    with pytest.raises(ValueError):
        StenosisModel(level="L6-L7")
    with pytest.raises(ValueError):
        StenosisModel().set_bend(math.nan)


def test_the_bend_runs_from_extension_to_flexion_and_the_bending_stages_set_it():
    model = StenosisModel()
    ids = [stage.id for stage in STENOSIS]
    model.set_position(ids.index("leaning_back"))
    assert model.bend == -1.0 and model.state().bend == -1.0
    model.set_position(ids.index("bending_forward"))
    assert model.bend == 1.0
    model.set_bend(7.0)
    assert model.bend == 1.0
    model.set_bend(-3.0)
    assert model.bend == -1.0


def test_a_chosen_bend_holds_within_its_stage_and_the_next_stage_brings_its_own():
    model = StenosisModel()
    seen = []
    model.subscribe(lambda m: seen.append(m.bend))
    model.set_position(3.0)
    model.set_bend(0.5)
    assert model.bend == 0.5 and model.state().bend == 0.5 and seen[-1] == 0.5
    model.set_position(3.3)  # still step 4
    assert model.bend == 0.5
    model.set_position(4.0)
    assert model.bend == 0.0


def test_the_state_eases_between_stages():
    model = StenosisModel()
    model.set_position(1.5)
    a, b = STENOSIS[1].state, STENOSIS[2].state
    state = model.state()
    assert a.recess < state.recess < b.recess and a.facet_spur[0] < state.facet_spur[0] < b.facet_spur[0]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_the_measured_sac_narrows_through_the_stages_and_crosses_the_thresholds(rig, segment):
    narrowing = [stage for stage in STENOSIS if stage.bend == 0.0 and not stage.whole_spine]
    areas = [measured(rig, segment, stage.state)[0] for stage in narrowing]
    assert all(a > b for a, b in zip(areas, areas[1:])), areas
    by_id = dict(zip((stage.id for stage in narrowing), areas))
    assert by_id["facets_overgrow"] > RELATIVE_MM2
    assert ABSOLUTE_MM2 < by_id["flavum_thickens"] < RELATIVE_MM2
    assert by_id["canal_narrowed"] < ABSOLUTE_MM2
    foramina = [min(measured(rig, segment, stage.state)[1]) for stage in narrowing]
    assert all(a >= b for a, b in zip(foramina, foramina[1:])) and foramina[-1] < foramina[0]


@pytest.mark.parametrize("stage_id", ["flavum_thickens", "canal_narrowed"])
def test_the_threshold_a_stages_text_names_is_the_one_measured(rig, stage_id):
    """"Under 100" (or 75) square millimetres in the patient text: the measured area at L4-L5 is under it."""
    stage = next(s for s in STENOSIS if s.id == stage_id)
    said = {int(n) for n in re.findall(r"under (\d+) square millimetres", TEXT.stages[stage_id].patient)}
    area = measured(rig, "L4-L5", stage.state)[0]
    assert said and all(area < n for n in said)
    assert threshold_words(area).startswith(f"under {min(said)}")


@pytest.mark.parametrize("stage_id", ["healthy_canal", "canal_narrowed"])
@pytest.mark.parametrize("segment", ["L3-L4", "L4-L5", "L5-S1"])
def test_bending_forward_opens_the_canal_and_the_foramina_and_leaning_back_closes_them(rig, segment, stage_id):
    model = StenosisModel(level=segment)
    model.set_position([s.id for s in STENOSIS].index(stage_id))
    areas = {}
    for bend in (-1.0, 0.0, 1.0):
        model.set_bend(bend)
        areas[bend] = measured(rig, segment, model.state())
    assert areas[1.0][0] > areas[0.0][0] > areas[-1.0][0]
    for side in (0, 1):
        assert areas[1.0][1][side] > areas[0.0][1][side] > areas[-1.0][1][side]


def test_the_flavum_buckles_in_extension_and_thins_in_flexion(rig):
    state = STENOSIS[4].state
    back, forward = rig.bent("L4-L5", replace(state, bend=-1.0)), rig.bent("L4-L5", replace(state, bend=1.0))
    assert back[0] > 0.0 > forward[0]  # the ligament thicker towards the canal leaning back, thinner bent forward
    assert back[1] > 0.0 > forward[1]  # the back of the disc bulges leaning back and draws in bent forward
    assert rig.bent("L4-L5", state) == (0.0, 0.0)

"""The story told from a case, Qt-free: its steps, the level and side each frames, resetting and notifying."""

from __future__ import annotations

import subprocess
import sys

from explainer.stories import STORIES
from explainer.stories.case import Case, CaseModel, CaseStep, case_steps
from explainer.stories.findings import Findings, Herniation, LevelFindings, Listhesis, parse_report

HERNIATION = parse_report("L4-5: left paracentral disc protrusion contacting the traversing left L5 nerve root.")


def test_a_case_with_no_findings_has_only_the_overview():
    model = CaseModel()
    assert model.steps == (CaseStep("overview", None, None, model.steps[0].title),)
    assert model.last == 0.0 and (model.level, model.side) == ("L4-L5", "left")
    model.step(+1)
    assert model.position == 0.0


def test_a_normal_level_adds_no_step():
    assert len(case_steps(parse_report("L1-L2: normal. L2-3: no disc bulge, no stenosis."))) == 1


def test_one_step_per_finding_top_down_and_in_cascade_order_within_a_level():
    findings = Findings({
        "L5-S1": LevelFindings(foramen={"left": "none", "right": "moderate"}),
        "L3-L4": LevelFindings(desiccation=True, contour="herniation", herniation=Herniation("extrusion", None, "left"),
                               canal="severe"),
        "T12-L1": LevelFindings(height_loss="mild"),
    })
    ids = [step.id for step in case_steps(findings)]
    assert ids == ["overview", "T12-L1/height_loss", "L3-L4/desiccation", "L3-L4/herniation", "L3-L4/canal",
                   "L5-S1/foramen"]


def test_the_level_and_side_follow_the_step():
    model = CaseModel(side="right")
    model.set_case(Case(HERNIATION))
    assert [step.topic for step in model.steps] == [None, "herniation", "roots"]
    assert model.current_step.level is None and model.level == "L4-L5"
    model.step(+1)
    assert model.current_step == model.steps[1] and (model.level, model.side) == ("L4-L5", "left")
    assert model.current_step.title == "L4–L5: A disc herniation, left"


def test_the_worse_foramen_or_facet_gives_the_side_and_equal_sides_the_chosen_one():
    findings = Findings({"L5-S1": LevelFindings(foramen={"left": "mild", "right": "severe"},
                                               facets={"left": "mild", "right": "mild"})})
    model = CaseModel(level="L2-L3", side="left")
    model.set_case(Case(findings))
    sides = {}
    for index, step in enumerate(model.steps):
        model.set_position(index)
        sides[step.topic] = (model.level, model.side)
    assert sides == {None: ("L5-S1", "left"), "facets": ("L5-S1", "left"), "foramen": ("L5-S1", "right")}


def test_the_overview_frames_the_worst_level():
    findings = Findings({"L2-L3": LevelFindings(desiccation=True), "L4-L5": LevelFindings(listhesis=Listhesis()),
                         "L5-S1": LevelFindings(canal="mild")})
    model = CaseModel(level="L1-L2")
    model.set_case(Case(findings))
    assert model.level == "L4-L5"


def test_a_finding_above_the_model_frames_its_top_level():
    model = CaseModel()
    model.set_case(Case(Findings({"T12-L1": LevelFindings(canal="mild")})))
    model.step(+1)
    assert model.current_step.level == "T12-L1" and model.level == "L1-L2"


def test_set_case_resets_to_the_overview_and_notifies_even_at_the_same_position():
    model = CaseModel()
    model.set_case(Case(HERNIATION))
    model.go_end()
    told = []
    model.subscribe(lambda m: told.append(m.position))
    model.set_case(Case(Findings()))
    assert told == [0.0] and model.last == 0.0 and len(model.steps) == 1
    model.set_case(Case(HERNIATION))
    assert told == [0.0, 0.0] and model.last == 2.0


def test_captions_cover_every_step_in_order():
    model = CaseModel()
    model.set_case(Case(HERNIATION))
    for depth in ("patient", "student"):
        captions = model.captions(depth)
        assert len(captions) == len(model.steps)
        assert captions[0][0] == 0.0 and captions[-1][1] == model.last
        assert all(a[1] == b[0] for a, b in zip(captions, captions[1:]))
        assert all(text for _, _, text in captions)


def test_the_case_story_is_registered_without_importing_its_layer_or_page():
    kind = STORIES["case"]
    assert kind.title == "Your findings"
    assert (kind.layer, kind.page) == ("explainer.render.case:CaseView", "explainer.ui.case_panel:CasePage")
    model = kind.make("L3-L4", "right")
    assert isinstance(model, CaseModel) and (model.level, model.side) == ("L3-L4", "right")
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, explainer.stories; print(sorted(m for m in sys.modules if 'case' in m))"],
        capture_output=True, text=True, check=True).stdout
    assert "explainer.render" not in imported and "explainer.ui" not in imported, imported

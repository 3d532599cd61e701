"""The case layer: every level posed in place from the findings, given back healthy when detached."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from explainer.render.case import CaseView
from explainer.render.materials import ALARM, NERVE
from explainer.render.scene import Scene
from explainer.stories.case import Case
from explainer.stories.findings import Findings, parse_report

REPORT = """FINDINGS:
L3-L4: Mild diffuse disc bulge.
L4-L5: Grade 1 anterolisthesis of L4 on L5. Left paracentral disc extrusion compressing the traversing left L5
nerve root. Moderate central canal stenosis.
L5-S1: Severe right foraminal stenosis.
"""


class StandIn:
    """What the layer reads of a case model: its findings, its step, its side, and subscription."""

    def __init__(self, findings: Findings, level: str | None = None):
        self.case = Case(findings=findings)
        self.current_step = SimpleNamespace(id=level or "overview", level=level)
        self.side, self.position, self.listeners = "left", 0.0, []

    def subscribe(self, callback):
        self.listeners.append(callback)
        return lambda: self.listeners.remove(callback)

    def set_findings(self, findings: Findings) -> None:
        self.case = Case(findings=findings)
        for callback in list(self.listeners):
            callback(self)


@pytest.fixture
def shown(spine):
    scene = Scene(spine)
    model = StandIn(parse_report(REPORT))
    view = CaseView(scene, model)
    yield scene, model, view
    view.close()


def props(scene: Scene) -> int:
    return scene.renderer.GetViewProps().GetNumberOfItems()


def drawn(spine, names) -> dict[str, np.ndarray]:
    return {n: np.array(spine.structures[n].mesh.points) for n in names}


def test_attaching_poses_every_level_in_place_and_adds_nothing(shown, spine):
    scene, model, view = shown
    names = ["disc_L4-L5", "nucleus_L3-L4", "dural_sac", "flavum_L4-L5", "L5"]
    healthy = drawn(spine, names)
    array = spine.structures["disc_L4-L5"].mesh.GetPoints().GetData()
    before = props(scene)
    view.attach()
    assert props(scene) == before
    assert spine.structures["disc_L4-L5"].mesh.GetPoints().GetData() is array
    moved = drawn(spine, names)
    assert all(np.abs(moved[n] - healthy[n]).max() > 0.5 for n in ("disc_L4-L5", "dural_sac", "flavum_L4-L5"))
    assert scene.actors["L4"].GetUserMatrix() is view.matrices["L4"] is scene.actors["root_L4_left"].GetUserMatrix()
    assert view.matrices["L4"].GetElement(1, 3) != 0.0  # slipped
    assert "canal 75 mm²" in view.readout.GetInput() and "Model values, illustrative" in view.readout.GetInput()


def test_applying_twice_changes_nothing_and_adds_nothing(shown, spine):
    scene, model, view = shown
    view.attach()
    once = drawn(spine, spine.structures)
    before = props(scene)
    view.states = None  # forget what is posed: the second apply computes it all again
    view.apply(model)
    assert props(scene) == before
    again = drawn(spine, spine.structures)
    assert all(np.array_equal(once[n], again[n]) for n in once)


def test_the_pressed_roots_are_lit_in_the_alarm_colour(shown):
    scene, _, view = shown
    view.attach()
    for root in ("root_L5_left", "root_L5_right"):  # traversing at L4-L5, exiting at L5-S1
        colour = np.array(scene.shown_colour(root))
        assert np.linalg.norm(colour - ALARM) < np.linalg.norm(colour - NERVE.color)
    for root in ("root_L4_left", "root_L4_right", "root_S1_left", "root_S1_right"):
        assert scene.shown_colour(root) == pytest.approx(NERVE.color)
    assert "L5 root (left) pressed" in view.readout.GetInput()


def test_detaching_gives_the_healthy_spine_back(shown, spine):
    scene, _, view = shown
    healthy = drawn(spine, spine.structures)
    view.attach()
    view.detach()
    back = drawn(spine, spine.structures)
    assert all(np.array_equal(healthy[n], back[n]) for n in healthy)
    assert all(scene.actors[n].GetUserMatrix() is None for n in spine.structures)
    assert scene.tints == {} and not scene.mapped
    assert not view.readout.GetVisibility()


def test_new_findings_repose_and_a_healthy_case_is_healthy(shown, spine):
    _, model, view = shown
    healthy = drawn(spine, spine.structures)
    view.attach()
    model.set_findings(Findings())
    back = drawn(spine, spine.structures)
    assert all(np.array_equal(healthy[n], back[n]) for n in healthy)


def test_the_shot_frames_the_whole_spine_or_the_level(shown):
    scene, model, view = shown
    assert view.shot(model).bounds is None
    model.current_step = SimpleNamespace(id="L4-L5", level="L4-L5")
    shot = view.shot(model)
    box = np.reshape(shot.bounds, (3, 2))
    l4 = np.reshape(scene.spine.structures["L4"].mesh.bounds, (3, 2))
    assert shot.bounds is not None and (box[:, 0] <= l4[:, 0]).all() and (box[:, 1] >= l4[:, 1]).all()
    assert box[2, 1] - box[2, 0] < 0.6 * np.ptp(scene.spine.structures["dural_sac"].mesh.points[:, 2])

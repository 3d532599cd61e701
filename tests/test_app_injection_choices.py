"""The injection film's choices made before playing, on the real window: the target (the sacroiliac joint among
them), and the X-ray inset and props that follow them, moved in place."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shown_window
from test_app_injection import jump, settle

from explainer.stories.injection import CONTRAST, NEEDLE, TURN


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        window.show_story("injection")
        settle(window)
        yield window


def needle_tip(layer) -> np.ndarray:
    return np.array([layer.props["needle"].matrix.GetElement(i, 3) for i in range(3)])


def test_the_chooser_sends_the_needle_into_the_sacroiliac_joint_under_a_contralateral_view(window):
    panel, model = window.pages["injection"].panel, window.session.models["injection"]
    layer = window.layers["injection"]
    panel.target.setCurrentIndex(panel.target.findText("Sacroiliac joint"))
    assert model.target == "sij" and not panel.level.isEnabled()  # one joint a side, whatever the segment
    jump(window, NEEDLE[1])
    assert layer.path.target == "si_joint_left"
    assert np.linalg.norm(needle_tip(layer) - layer.path.tip) < 1e-6
    assert "right oblique" in layer.fluoro.caption.GetInput()  # the beam turned to the other side
    assert not layer.fluoro.key.GetVisibility()  # no Scotty dog on the pelvis
    assert window.scene.actors["ilium_left"].GetVisibility()  # the joint's bones stay, faint
    jump(window, 70.0)
    assert "in the sacroiliac joint" in layer.caption.GetInput()
    panel.target.setCurrentIndex(panel.target.findText("Disc (centre)"))
    assert model.target == "disc" and panel.level.isEnabled()


def test_the_sij_x_ray_differs_from_the_discs_at_the_same_time(window):
    model, layer = window.session.models["injection"], window.layers["injection"]
    jump(window, TURN[1] + 1.0)
    disc = layer.fluoro.pixels.copy()
    model.set_target("sij", "L4-L5", "left")
    settle(window)
    assert np.abs(layer.fluoro.pixels.astype(int) - disc).mean() > 5.0


@pytest.mark.parametrize(("name", "harvest", "shaft"), [("Fat (belly or thigh)", "fat", "cannula"),
                                                        ("Blood (arm), for PRP", "blood", "vein_needle")])
def test_the_sample_chooser_animates_its_harvest_in_place(window, name, harvest, shaft):
    panel, layer = window.pages["injection"].panel, window.layers["injection"]
    renderer = window.scene.renderer
    actors = renderer.GetActors().GetNumberOfItems()
    panel.harvest.setCurrentIndex(panel.harvest.findText(name))
    assert window.session.models["injection"].harvest == harvest
    assert panel.cue_list.item(0).text().endswith(panel.cues.cues_for("patient", "disc", harvest)[0].text)
    tips = []
    for seconds in (7.0, 7.7, 10.0):
        jump(window, seconds)
        tips.append([layer.props[shaft].matrix.GetElement(i, 3) for i in range(3)])
        assert layer.props[shaft].actor.GetVisibility() and layer.props["syringe"].actor.GetVisibility()
        assert not layer.props["trocar"].actor.GetVisibility()
    assert layer.props["drawn"].matrix.GetElement(2, 2) != 0.0
    assert not window.layers["injection"].fluoro.renderer.GetDraw()  # no X-ray for fat or blood
    if harvest == "fat":
        assert np.linalg.norm(np.subtract(tips[0], tips[1])) > 5.0  # the cannula strokes
    assert renderer.GetActors().GetNumberOfItems() == actors  # moved, not added
    jump(window, 20.0)
    assert not any(layer.props[n].actor.GetVisibility() for n in (shaft, "syringe", "drawn", "fat", "arm"))
    window.show_story("degeneration")  # detached: the props go
    assert not any(layer.props[n].actor.GetVisibility() for n in layer.props)


def test_the_harvest_option_reaches_the_model_from_the_command_line():
    from explainer.cli import _placed_model, _story_model, build_parser

    args = build_parser().parse_args(["screenshot", "x.png", "--story", "injection", "--target", "sij",
                                      "--harvest", "fat", "--at", "8"])
    model = _placed_model(args)
    assert (model.target, model.harvest, model.time) == ("sij", "fat", 8.0)
    args = build_parser().parse_args(["video", "x.mp4", "--story", "injection", "--target", "facet",
                                      "--guidance", "ultrasound"])
    assert _story_model(args).guidance == "ultrasound"


def test_ultrasound_guidance_shows_a_probe_and_its_fan_instead_of_the_c_arm_and_x_ray(window):
    panel, model = window.pages["injection"].panel, window.session.models["injection"]
    layer = window.layers["injection"]
    assert not panel.guidance.isEnabled()  # the disc: under X-ray only
    model.set_target("facet", "L4-L5", "left")
    assert panel.guidance.isEnabled()
    actors = window.scene.renderer.GetActors().GetNumberOfItems()
    panel.guidance.setCurrentIndex(panel.guidance.findText("Ultrasound"))
    assert model.guidance == "ultrasound"
    assert any("sound waves" in panel.cue_list.item(i).text() for i in range(panel.cue_list.count()))
    jump(window, TURN[0] + 2.0)
    assert not layer.props["carm"].actor.GetVisibility() and layer.props["probe"].actor.GetVisibility()
    assert layer.ultrasound.renderer.GetDraw() and not layer.fluoro.renderer.GetDraw()
    before = layer.ultrasound.pixels.copy()
    jump(window, NEEDLE[1])
    grown = (layer.ultrasound.pixels == 255).sum() - (before == 255).sum()
    assert grown > 100  # the needle, a bright line
    assert "Ultrasound guides" in layer.caption.GetInput()
    jump(window, CONTRAST[1])
    assert not layer.props["contrast_a"].actor.GetVisibility()  # no dye without the X-ray
    assert window.scene.renderer.GetActors().GetNumberOfItems() == actors
    window.show_story("degeneration")  # detached: the inset leaves the window
    assert not layer.ultrasound.visible
    assert not window.scene.renderer.GetRenderWindow().HasRenderer(layer.ultrasound.renderer)

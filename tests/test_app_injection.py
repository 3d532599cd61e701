"""The injection film in the real window on a virtual X display: story switch, cues in sync with time (stepped
by hand), the fluoroscopy inset following the C-arm, playback that adds nothing, and clean closing mid-film."""

import numpy as np
import pytest
from conftest import shown_window, tick
from PySide6.QtCore import Qt

from explainer.render.fluoro_inset import FIELD
from explainer.stories.injection import CONTRAST, LATERAL, NEEDLE, SPEEDS, TURN
from explainer.stories.playback import CATCH_UP_S
from explainer.ui.window import TWEEN_MS
from narration import load_cues


@pytest.fixture(scope="module")
def cues():
    return load_cues()


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine) as window:
        window.show_story("injection")
        settle(window)
        assert not window.scene.moving
        yield window


def settle(window) -> None:
    """The camera's turn to a new beat done at once, as when it ends: the scene at rest, the inset sharp."""
    animation = window.camera_animation
    if animation.state() == animation.State.Running:
        animation.setCurrentTime(animation.duration())


def jump(window, seconds: float) -> None:
    window.session.models["injection"].set_time(seconds)
    settle(window)


def inset_pixels(window) -> np.ndarray:
    return window.layers["injection"].fluoro.pixels.copy()


def marked_cue(window) -> int:
    return window.pages["injection"].panel.cue_list.currentRow()


def test_choosing_the_injection_story_swaps_panel_timeline_and_scene(window, spine):
    assert window.story_pages.currentWidget() is window.pages["injection"].panel
    assert window.control_pages.currentWidget() is window.pages["injection"].controls
    assert window.render_window.GetRenderers().IsItemPresent(window.layers["injection"].fluoro.renderer)
    assert window.scene.group_visible["pelvis"]  # the pelvis joins the model for the harvest
    assert not window.layers["degeneration"].legend.GetVisibility()
    window.story_choice.setCurrentIndex(0)
    assert window.active == "degeneration" and window.story_pages.currentWidget() is window.pages["degeneration"].panel
    assert not window.render_window.GetRenderers().IsItemPresent(window.layers["injection"].fluoro.renderer)
    assert not window.scene.group_visible["pelvis"]
    assert window.layers["degeneration"].legend.GetVisibility()
    assert "fluoroscopy" not in window.scene.clear_areas and "caption" not in window.scene.clear_areas


def test_leaving_mid_needle_gives_the_disc_back_solid(window):
    jump(window, NEEDLE[1])
    assert window.scene.actors["disc_L4-L5"].GetProperty().GetOpacity() < 1.0
    window.show_story("degeneration")
    assert window.scene.actors["disc_L4-L5"].GetProperty().GetOpacity() == 1.0
    assert not window.layers["injection"].props["needle"].actor.GetVisibility()


def test_the_marked_cue_follows_time_while_playing_and_scrubbing(window, cues):
    shown = cues.cues_for("patient", "disc")
    window.set_playing(True)
    assert window.playing
    seen = set()
    for _ in range(300):  # ten seconds of film, each tick stepped by hand
        tick(window)
        index = cues.cue_at("patient", "disc", window.session.models["injection"].time)
        assert marked_cue(window) == index
        seen.add(index)
    window.set_playing(False)
    assert window.session.models["injection"].time == pytest.approx(300 * 0.033, abs=1e-6)
    assert len(seen) >= 2  # the highlight moved on from cue to cue
    slider = window.pages["injection"].controls.slider
    slider.setSliderDown(True)
    slider.setValue(slider.maximum() // 2)  # scrub to 38 s
    slider.setSliderDown(False)
    index = cues.cue_at("patient", "disc", window.session.models["injection"].time)
    now = window.session.models["injection"].time
    assert marked_cue(window) == index and shown[index].start <= now < shown[index].end


def test_clicking_a_cue_jumps_there_and_the_student_list_has_other_words(window, qtbot, cues):
    item = window.pages["injection"].panel.cue_list.item(5)
    window.pages["injection"].panel.cue_list.scrollToItem(item)
    rect = window.pages["injection"].panel.cue_list.visualItemRect(item)
    qtbot.mouseClick(window.pages["injection"].panel.cue_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.models["injection"].time == cues.cues_for("patient", "disc")[5].start
    assert marked_cue(window) == 5
    patient = window.pages["injection"].panel.cue_list.item(5).text()
    window.pages["injection"].panel.depth_buttons["student"].click()
    assert window.pages["injection"].panel.cue_list.item(5).text() != patient


def test_keys_step_through_the_phases(window, qtbot):
    starts = [p.start for p in window.session.models["injection"].phases]
    for expected in (*starts[1:], window.session.models["injection"].length):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
        assert window.session.models["injection"].time == expected
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.session.models["injection"].time == 0.0


def test_the_fluoroscopy_changes_as_the_c_arm_turns_and_shows_the_needle(window):
    jump(window, TURN[0])
    pa = inset_pixels(window)
    jump(window, TURN[1])
    oblique = inset_pixels(window)
    assert np.abs(pa.astype(float) - oblique).mean() > 5.0
    jump(window, NEEDLE[1])
    needled = inset_pixels(window)
    dark = np.argwhere(needled.astype(int) < oblique.astype(int) - 10)
    assert len(dark) and np.ptp(dark, axis=0).max() < 12  # down the beam ("tunnel view") the needle is a dot
    jump(window, sum(LATERAL) / 2)
    side_on = inset_pixels(window)
    moment = window.layers["injection"].moment
    assert abs(moment.carm_rotation) == pytest.approx(90.0)
    bare = window.layers["injection"].xray["injection"].image(moment.carm_rotation, moment.carm_tilt, 256, FIELD,
                                                    window.layers["injection"].path.tip)
    assert (side_on < bare.astype(float) - 40).sum() > 40  # from the side it is a dark line
    jump(window, CONTRAST[0])
    before = inset_pixels(window).astype(float)
    jump(window, CONTRAST[1])
    assert (inset_pixels(window) < before - 20).sum() > 30  # contrast dark where it has spread


def test_the_inset_draws_a_draft_while_the_c_arm_turns_and_the_full_image_once_it_rests(window):
    xray, inset = window.layers["injection"].xray, window.layers["injection"].fluoro
    window.session.models["injection"].set_time(TURN[0] + 1.0)
    assert inset.drawn is xray["injection"]  # a jump lands sharp
    window.scene.set_moving(True)  # as while playing or scrubbing
    window.session.models["injection"].set_time(TURN[0] + 1.1)
    assert inset.drawn is xray["draft"]
    turning = inset_pixels(window)
    window._still()  # paused mid-turn
    assert inset.drawn is xray["injection"] and np.abs(inset_pixels(window).astype(int) - turning).mean() > 0.5
    window.session.models["injection"].set_time(NEEDLE[0] + 1.0)
    window.session.models["injection"].set_time(NEEDLE[0] + 2.0)  # the needle moves, the C-arm rests
    assert inset.drawn is xray["injection"]


def test_playing_moves_what_exists_and_adds_nothing(window):
    renderer = window.scene.renderer
    actors = renderer.GetActors().GetNumberOfItems()
    needle = window.layers["injection"].props["needle"]
    window.session.models["injection"].set_time(NEEDLE[0] + 1.0)
    before = [needle.matrix.GetElement(i, 3) for i in range(3)]
    window.set_playing(True)
    for _ in range(60):
        tick(window)
    window.set_playing(False)
    after = [needle.matrix.GetElement(i, 3) for i in range(3)]
    assert renderer.GetActors().GetNumberOfItems() == actors
    assert needle.actor.GetVisibility() and np.linalg.norm(np.subtract(after, before)) > 5.0


def test_changing_target_replans_the_needle_into_the_facet_joint(window):
    window.pages["injection"].panel.target.setCurrentIndex(1)  # facet joint
    assert window.session.models["injection"].target == "facet"
    window.session.models["injection"].set_time(NEEDLE[1])
    assert window.layers["injection"].path is not None
    tip = np.array([window.layers["injection"].props["needle"].matrix.GetElement(i, 3) for i in range(3)])
    assert np.linalg.norm(tip - window.layers["injection"].path.tip) < 1e-6


def test_the_caption_names_the_target_and_says_when_the_path_touches_bone(window):
    window.session.models["injection"].set_time(70.0)
    assert "in the disc" in window.layers["injection"].caption.GetInput()
    window.session.models["injection"].set_target("facet", "L4-L5", "left")
    assert "in the facet joint" in window.layers["injection"].caption.GetInput()
    window.session.models["injection"].set_time(NEEDLE[1])
    assert "stays clear of bone" not in window.layers["injection"].caption.GetInput()
    window.session.models["injection"].set_target("disc", "L5-S1", "left")  # the sacrum and the L5 root crowd it
    layer = window.layers["injection"]
    assert not layer.path.clear and "stays clear of bone" in layer.caption.GetInput()


def test_only_the_target_disc_turns_see_through_while_the_needle_is_in_it(window):
    def opacities():
        return {n: a.GetProperty().GetOpacity() for n, a in window.scene.actors.items()
                if n.startswith(("disc_", "nucleus_"))}

    solid = opacities()
    jump(window, NEEDLE[1])
    assert {n for n, o in opacities().items() if o < solid[n]} == {"disc_L4-L5", "nucleus_L4-L5"}
    window.session.models["injection"].set_target("facet", "L4-L5", "left")
    assert opacities() == solid


def test_play_right_after_a_jump_still_turns_the_camera_to_that_beat(window):
    window.session.models["injection"].set_time(20.0)  # the processing beat: the camera starts towards the centrifuge
    window.set_playing(True)
    assert window.camera_animation.state() == window.camera_animation.State.Running  # not cancelled by Play
    window.camera_animation.setCurrentTime(TWEEN_MS)
    expected = window.scene.preset_pose(*window.layers["injection"].camera_for(1))
    np.testing.assert_allclose(window.scene.camera_pose().focal, expected.focal, atol=1e-6)
    window.set_playing(False)


def test_closing_mid_film_stops_playback_and_frees_the_render_window(window):
    render_window = window.render_window
    window.set_playing(True)
    for _ in range(10):
        tick(window)
    window.close()
    assert not window.playing
    assert render_window.GetGenericDisplayId() is None
    window.close()  # a second close is harmless


def test_film_time_follows_the_clock_at_every_speed(window):
    """A late tick drops frames instead of stretching the film: story time = clock time × speed."""
    for speed in SPEEDS:
        window.session.models["injection"].set_speed(speed)
        window.session.models["injection"].go_home()
        window.set_playing(True)
        for late in (0.033, 0.2, 0.033, 0.5, 0.033):  # two ticks far behind the timer
            tick(window, late)
        assert window.session.models["injection"].time == pytest.approx(0.799 * speed)
        window.set_playing(False)


def test_a_stall_costs_at_most_a_second_of_film(window):
    window.set_playing(True)
    tick(window, 60.0)  # the PC slept a minute: the film resumes where it was, not at its end
    assert window.session.models["injection"].time == pytest.approx(CATCH_UP_S)
    window.set_playing(False)

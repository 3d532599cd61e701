"""The degeneration story in the real window on a virtual X display: text panel, timeline, keys, playback."""

import numpy as np
import pytest
from conftest import shown_window, tick
from PySide6.QtCore import Qt, QUrl

from explainer.render.materials import HIGHLIGHT
from explainer.stories.camera import PRESETS
from explainer.ui.story_panel import TICKS
from explainer.ui.window import TWEEN_MS, MainWindow
from narration import GRADES, PLACEHOLDER, SOURCES, load_story


@pytest.fixture(scope="module")
def story():
    return load_story("degeneration")


@pytest.fixture
def window(qtbot, spine, story):
    with shown_window(qtbot, spine, active=True) as window:
        yield window


def shows_stage(window, story, index: int, depth: str = "patient") -> None:
    stage = window.model.stages[index]
    panel = window.pages["degeneration"].panel
    assert window.model.stage_index == index
    assert panel.title.text() == stage.title
    first_paragraph = story.text_for(stage.id, depth).split("\n\n")[0]
    assert first_paragraph[:60] in panel.browser.toPlainText()
    assert panel.stage_list.currentRow() == index
    for system, label in panel.grades.items():
        assert label.text() == GRADES[stage.id][system]


def test_starts_on_the_first_stage_with_patient_text_grades_and_sources(window, story):
    assert window.model.position == 0
    shows_stage(window, story, 0)
    assert window.pages["degeneration"].panel.browser.font().pointSize() >= 14
    first = story.stages["healthy"].sources[0]
    assert SOURCES[first][:40] in window.pages["degeneration"].panel.browser.toPlainText()
    assert window.view3d.width() > 2 * window.side_tabs.width()


def test_next_and_back_buttons_step_and_turn_the_camera_to_the_stage_view(window, story):
    controls = window.pages["degeneration"].controls
    controls.next.click()
    assert window.model.position == 1
    shows_stage(window, story, 1)
    assert window.scene.moving  # the camera turns to the stage's view with the smooth preset tween
    window.camera_animation.setCurrentTime(TWEEN_MS)
    direction = np.asarray(PRESETS[window.model.stage.view][0]) / np.linalg.norm(PRESETS[window.model.stage.view][0])
    np.testing.assert_allclose(window.scene.camera_pose().direction, direction, atol=1e-6)
    assert not window.scene.moving
    zoomed = window.scene.camera_pose().distance
    overview = window.scene.preset_pose(window.model.stage.view).distance
    assert zoomed < 0.7 * overview  # past the first stage the camera frames the chosen segment
    controls.back.click()
    assert window.model.position == 0
    shows_stage(window, story, 0)
    window.camera_animation.setCurrentTime(TWEEN_MS)
    assert window.scene.camera_pose().distance > zoomed  # and the first stage shows the whole spine again


@pytest.mark.parametrize("focus", ["window", "slider", "list"])
def test_keys_step_wherever_the_focus_is(window, qtbot, story, focus):
    page = window.pages["degeneration"]
    target = {"window": window, "slider": page.controls.slider, "list": page.panel.stage_list}[focus]
    target.setFocus()
    last = int(window.model.last)
    for key, expected in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_PageDown, 2), (Qt.Key.Key_Left, 1),
                          (Qt.Key.Key_PageUp, 0), (Qt.Key.Key_End, last), (Qt.Key.Key_Home, 0)):
        qtbot.keyClick(target, key)
        assert window.model.position == expected, key
        shows_stage(window, story, expected)


def test_dragging_the_slider_scrubs_continuously_and_marks_the_nearest_stage(window, qtbot, story):
    slider = window.pages["degeneration"].controls.slider
    frames = []
    window.render_window.AddObserver("StartEvent", lambda *_: frames.append(window.scene.moving))
    slider.setSliderDown(True)  # as while the user holds the handle
    slider.setValue(round(2.6 / window.model.last * TICKS))  # 2.6 stages
    assert window.model.position == pytest.approx(2.6, abs=window.model.last / TICKS)
    assert window.pages["degeneration"].panel.stage_list.currentRow() == 3
    shows_stage(window, story, 3)
    assert frames and all(frames)  # light frames while scrubbing
    assert window.camera_animation.state() != window.camera_animation.State.Running  # no camera turn
    slider.setSliderDown(False)  # released: one fine frame
    assert frames[-1] is False and not window.scene.moving


def test_scrubbing_moves_only_the_drawn_coarse_set_and_release_brings_the_fine_one_up(window, spine):
    structure = spine.structures["disc_L4-L5"]
    fine, coarse = structure.mesh.points.copy(), structure.coarse.points.copy()
    slider = window.pages["degeneration"].controls.slider
    slider.setSliderDown(True)
    slider.setValue(TICKS * 6 // 7)  # disc narrowed
    assert np.abs(structure.coarse.points - coarse).max() > 1.0
    assert np.array_equal(structure.mesh.points, fine)  # hidden while moving: left for later
    slider.setSliderDown(False)
    assert np.abs(structure.mesh.points - fine).max() > 1.0  # the still frame draws the fine set, up to date


def test_the_slider_follows_the_model_without_feedback(window):
    window.model.set_position(window.model.last / 2)
    assert window.pages["degeneration"].controls.slider.value() == TICKS // 2
    assert window.model.position == window.model.last / 2  # the slider's update wrote no rounded value back


def test_clicking_a_stage_in_the_list_goes_there(window, story):
    window.pages["degeneration"].panel.stage_list.setCurrentRow(5)
    assert window.model.position == 5
    shows_stage(window, story, 5)


def test_clicking_the_marked_stage_snaps_to_it(window, qtbot):
    window.model.set_position(4.7)
    stage_list = window.pages["degeneration"].panel.stage_list
    assert stage_list.currentRow() == 5
    rect = stage_list.visualItemRect(stage_list.item(5))
    qtbot.mouseClick(stage_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.model.position == 5


def test_patient_and_student_toggle_changes_the_text(window, story):
    window.model.set_position(2)
    window.pages["degeneration"].panel.depth_buttons["student"].click()
    shows_stage(window, story, 2, depth="student")
    shown = window.pages["degeneration"].panel.browser.toPlainText()
    assert story.text_for("disc_narrowing", "patient")[:60] not in shown
    window.pages["degeneration"].panel.depth_buttons["patient"].click()
    shows_stage(window, story, 2, depth="patient")


def test_play_advances_by_hand_stepped_ticks_and_stops_at_the_end(window):
    window.pages["degeneration"].controls.play.click()
    assert window.playing and window.play_timer.isActive()
    assert window.scene.moving
    tick(window)  # the timer's slot, invoked by hand: no waiting on the clock
    first = window.model.position
    assert first > 0
    tick(window)
    assert window.model.position == pytest.approx(2 * first)
    window.model.set_position(window.model.last - first / 2)
    tick(window)
    assert window.model.position == window.model.last
    assert not window.play_timer.isActive() and not window.pages["degeneration"].controls.play.isChecked()
    assert not window.scene.moving  # paused: the fine frame


def test_pause_button_stops_playback(window):
    window.pages["degeneration"].controls.play.click()
    tick(window)
    window.pages["degeneration"].controls.play.click()
    assert not window.play_timer.isActive() and not window.scene.moving


def test_segment_and_side_choosers_call_the_model(window, spine):
    panel = window.pages["degeneration"].panel
    panel.level.setCurrentText("L3-L4")
    assert (window.model.level, window.model.side) == ("L3-L4", "left")
    panel.side.setCurrentIndex(1)
    assert (window.model.level, window.model.side) == ("L3-L4", "right")
    assert window.layers["degeneration"].segment == "L3-L4" and window.layers["degeneration"].side == "right"
    window.model.set_segment("L5-S1", "left")
    assert panel.level.currentText() == "L5-S1" and panel.side.currentIndex() == 0


def test_closing_mid_play_stops_the_timer_and_frees_the_render_window(window, spine):
    disc = spine.structures["disc_L4-L5"].mesh
    healthy = disc.points.copy()
    window.pages["degeneration"].controls.play.click()
    window.model.set_position(3.0)
    render_window = window.render_window
    window.close()
    assert not window.play_timer.isActive()
    assert render_window.GetGenericDisplayId() is None  # Finalize() released the X display and context
    assert not render_window.IsCurrent()
    np.testing.assert_allclose(disc.points, healthy)  # the shared geometry is healthy again
    window.model.set_position(1.0)  # nothing follows the model any more: no draw into a finalized window
    window.close()  # closing twice is harmless


def test_a_narration_problem_shows_one_status_line_and_the_placeholder(qtbot, spine, tmp_path, monkeypatch):
    folder = tmp_path / "degeneration"
    folder.mkdir()
    (folder / "01-healthy.md").write_text("no header\n", encoding="utf-8")
    broken = load_story("degeneration", folder)
    monkeypatch.setattr("explainer.ui.story_panel.load_story", lambda name: broken)
    window = MainWindow(spine)
    qtbot.addWidget(window)
    window.show()
    assert "01-healthy.md" in window.statusBar().currentMessage()
    assert PLACEHOLDER[:30] in window.pages["degeneration"].panel.browser.toPlainText()
    window.close()


def colour(window, name):
    return window.scene.actors[name].GetProperty().GetColor()


def test_the_narration_shows_term_links(window):
    html_text = window.pages["degeneration"].panel.browser.toHtml()
    assert 'href="term:' in html_text


def test_clicking_a_term_lights_its_structures_and_a_later_click_restores_them(window):
    sheets = [n for n in window.scene.actors if n.startswith("cartilage_L4-L5_")]
    assert len(sheets) == 4
    before = {n: colour(window, n) for n in sheets}
    mapped = {n: window.scene.actors[n].GetMapper().GetScalarVisibility() for n in sheets}
    assert all(mapped.values())  # the facet-load heat map is showing
    window.pages["degeneration"].panel.browser.anchorClicked.emit(QUrl("term:facet joint"))
    for n in sheets:
        assert colour(window, n) == pytest.approx(HIGHLIGHT)
        assert window.scene.coarse_actors[n].GetProperty().GetColor() == pytest.approx(HIGHLIGHT)
        assert not window.scene.actors[n].GetMapper().GetScalarVisibility()  # else the map hides the highlight
    assert window.scene.label(sheets[0]) in window.statusBar().currentMessage()
    window.pages["degeneration"].panel.browser.anchorClicked.emit(QUrl("term:vertebra"))
    for n in sheets:
        assert colour(window, n) == pytest.approx(before[n])
        assert window.scene.actors[n].GetMapper().GetScalarVisibility() == mapped[n]
    assert colour(window, "L4") == pytest.approx(HIGHLIGHT) and colour(window, "L5") == pytest.approx(HIGHLIGHT)
    assert colour(window, "L3") == pytest.approx(window.scene.materials["L3"].color)


def test_a_stage_with_a_highlight_lights_the_segment_and_follows_the_segment(window):
    assert all(colour(window, n) == pytest.approx(window.scene.materials[n].color)
               for n in window.scene.actors if not n.startswith("nucleus_"))  # healthy: nothing lit
    window.model.set_position(2)  # disc_narrowing: the disc
    assert window.model.stage.highlight == ("disc",)
    assert colour(window, "disc_L4-L5") == pytest.approx(HIGHLIGHT)
    window.model.set_segment("L3-L4", "left")
    assert colour(window, "disc_L3-L4") == pytest.approx(HIGHLIGHT)
    assert colour(window, "disc_L4-L5") == pytest.approx(window.scene.materials["disc_L4-L5"].color)
    window.model.set_position(0)  # healthy: no highlight
    assert colour(window, "disc_L3-L4") == pytest.approx(window.scene.materials["disc_L3-L4"].color)


def test_a_clicked_term_moves_with_the_segment_and_gives_way_to_the_next_stage(window):
    window.pages["degeneration"].panel.browser.anchorClicked.emit(QUrl("term:nerve root"))
    assert colour(window, "root_L4_left") == pytest.approx(HIGHLIGHT)
    assert colour(window, "root_L5_left") == pytest.approx(HIGHLIGHT)
    window.model.set_segment("L4-L5", "right")
    assert colour(window, "root_L4_right") == pytest.approx(HIGHLIGHT)
    assert colour(window, "root_L4_left") == pytest.approx(window.scene.materials["root_L4_left"].color)
    window.model.set_position(3)  # facet_loading: the cartilage replaces the term
    assert colour(window, "root_L4_right") == pytest.approx(window.scene.materials["root_L4_right"].color)
    assert colour(window, "cartilage_L4-L5_right_superior") == pytest.approx(HIGHLIGHT)


def test_the_nucleus_keeps_its_t2_colour_through_highlights(window):
    window.model.set_position(6)  # disc_herniation: disc and nucleus
    t2 = colour(window, "nucleus_L4-L5")
    assert colour(window, "disc_L4-L5") == pytest.approx(HIGHLIGHT)
    assert t2 != pytest.approx(HIGHLIGHT)
    window.pages["degeneration"].panel.browser.anchorClicked.emit(QUrl("term:sacrum"))
    assert colour(window, "nucleus_L4-L5") == pytest.approx(t2)
    window.model.set_position(1)  # dehydration: the nucleus's colour is the T2 signal, not the highlight
    assert colour(window, "nucleus_L4-L5") != pytest.approx(HIGHLIGHT)


def test_a_pick_keeps_the_story_highlight(window):
    window.model.set_position(2)
    window.select("L1")
    assert colour(window, "L1") == pytest.approx(HIGHLIGHT)
    assert colour(window, "disc_L4-L5") == pytest.approx(HIGHLIGHT)
    window.select(None)
    assert colour(window, "L1") == pytest.approx(window.scene.materials["L1"].color)
    assert colour(window, "disc_L4-L5") == pytest.approx(HIGHLIGHT)


def test_the_cross_section_inset_turns_on_with_x_and_shows_the_cut_segment(window, qtbot):
    section = window.layers["degeneration"].section
    renderers = window.render_window.GetRenderers()
    assert not section.visible and not renderers.IsItemPresent(section.renderer)
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert window.pages["degeneration"].section.isChecked() and renderers.IsItemPresent(section.renderer)
    window.model.go_end()
    window.render_window.Render()
    cut = section.cuts["disc_L4-L5"].GetMapper().GetInput()
    assert cut.GetNumberOfCells() > 0  # the annulus cut and filled
    actors = section.renderer.GetActors().GetNumberOfItems()
    window.model.set_position(3.5)
    window.render_window.Render()
    assert section.renderer.GetActors().GetNumberOfItems() == actors  # scrubbing moves the cut, adds nothing
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert not renderers.IsItemPresent(section.renderer)


def test_f11_fills_the_screen_for_a_talk_and_escape_leaves_it(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_the_cross_section_slides_the_picture_aside_keeping_turn_and_zoom(window):
    before = window.scene.camera_pose()
    window.pages["degeneration"].section.setChecked(True)
    window.camera_animation.setCurrentTime(TWEEN_MS)
    after = window.scene.camera_pose()
    np.testing.assert_allclose(after.direction, before.direction, atol=1e-9)
    assert after.distance == pytest.approx(before.distance)
    right = np.cross(before.up, before.direction)
    assert (after.focal - before.focal) @ right > 5.0  # the camera went right: the picture went left, off the inset
    window.pages["degeneration"].section.setChecked(False)
    window.camera_animation.setCurrentTime(TWEEN_MS)
    np.testing.assert_allclose(window.scene.camera_pose().focal, before.focal, atol=1e-6)

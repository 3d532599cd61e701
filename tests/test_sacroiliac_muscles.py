"""The sacroiliac joint and the back muscles: their geometry against the published sizes (medical.md §11.2, §11.3),
the stories' models, their layers (in place, given back plain) and their pages in the real window."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shown_window

from explainer.render.materials import HIGHLIGHT
from explainer.render.muscles import FAT_ARRAY, MusclesView, segment_plane
from explainer.render.sacroiliac import SEE_THROUGH_OPACITY, SacroiliacView
from explainer.render.scene import Scene
from explainer.stories import STORIES
from explainer.stories.muscles import FAT_FRACTION, MusclesModel, fat_fraction
from explainer.stories.sacroiliac import SEE_THROUGH, SacroiliacModel
from meshes import sacroiliac
from meshes.muscles import cross_section_area
from meshes.spine import placed_frames
from meshes.surface import signed_distance
from narration import load_story

SIDES = ("left", "right")


# ---- geometry ---------------------------------------------------------------------------------------------------


def test_the_auricular_outline_has_the_published_limbs_and_about_the_published_area():
    corner, upper, lower = sacroiliac.limb_ends()
    lengths = [np.linalg.norm(end - corner) + 0.5 * sacroiliac.LIMB_WIDTH for end in (upper, lower)]
    np.testing.assert_allclose(lengths, (44.0, 56.0))  # [S226]
    a, b = upper - corner, lower - corner
    assert np.degrees(np.arccos(a @ b / np.linalg.norm(a) / np.linalg.norm(b))) == pytest.approx(93.0)
    assert 14.0 <= sacroiliac.surface_area() / 100 <= 21.0  # about 17.5 cm² [S221], within 20 %


@pytest.mark.parametrize("side", SIDES)
def test_each_joint_has_cartilage_on_both_faces_of_the_published_size(spine, side):
    for face in ("sacrum", "ilium"):
        mesh = spine.structures[f"si_cartilage_{side}_{face}"].mesh
        assert 14.0 <= 0.5 * mesh.area / 100 <= 22.0, face  # one face of the sheet, cm²


@pytest.mark.parametrize("side", SIDES)
def test_the_joint_space_is_narrow_and_the_sheets_sit_in_it(spine, side):
    """Across the joint, bone to bone, the gap is the CT mean (1.72 mm, range 0.77–4.39 [S228])."""
    sheet = np.asarray(spine.structures[f"si_cartilage_{side}_sacrum"].mesh.points, dtype=float)[::5]
    to_sacrum = signed_distance(sheet, spine.structures["sacrum"].mesh)
    to_ilium = signed_distance(sheet, spine.structures[f"ilium_{side}"].mesh)
    gap = np.median(to_sacrum + to_ilium)
    assert 1.2 <= gap <= 2.5, gap
    assert np.median(to_sacrum) > -0.2 and np.median(to_ilium) > 0.3  # in the space, touching neither bone deeply


def test_the_joint_lies_between_the_sacrums_side_and_the_ilium(spine):
    for side, sign in (("left", -1.0), ("right", 1.0)):
        centre = spine.structures[f"si_cartilage_{side}_sacrum"].mesh.center
        sacrum = spine.structures["sacrum"].mesh.bounds
        ilium = spine.structures[f"ilium_{side}"].mesh.center
        assert sign * centre[0] > 0.6 * sacrum[1]  # at the side of the sacrum (its ala)
        assert abs(centre[0]) < abs(ilium[0])  # medial to the ilium's middle


def test_the_ligaments_sit_behind_the_joint(spine):
    for side in SIDES:
        joint = spine.structures[f"si_cartilage_{side}_sacrum"].mesh.center
        for part in ("interosseous", "long_posterior"):
            ligament = spine.structures[f"si_ligament_{side}_{part}"].mesh
            assert ligament.n_cells > 100 and ligament.center[1] < joint[1], part


@pytest.mark.parametrize(("upper", "lower"), [("L4", "L5"), ("L5", "S1")])
def test_multifidus_cross_section_is_in_the_published_range(spine, upper, lower):
    """5.7 ± 1.4 cm² at L5 [S238]: one standard deviation either side, at the discs above and below it."""
    plane = segment_plane(placed_frames(), upper, lower)
    for side in SIDES:
        area = cross_section_area(spine.structures[f"multifidus_{side}"].mesh, *plane) / 100
        assert 4.3 <= area <= 7.1, (side, area)


def test_erector_spinae_is_largest_mid_lumbar_and_of_the_published_size(spine):
    frames = placed_frames()
    mesh = spine.structures["erector_spinae_left"].mesh
    areas = {f"{a}-{b}": cross_section_area(mesh, *segment_plane(frames, a, b)) / 100
             for a, b in (("L1", "L2"), ("L2", "L3"), ("L3", "L4"), ("L5", "S1"))}
    assert 11.7 <= areas["L3-L4"] <= 16.1, areas  # 13.9 ± 2.2 cm² [S238]
    assert areas["L5-S1"] < areas["L3-L4"] and areas["L1-L2"] < areas["L3-L4"] + 1.0, areas


def test_multifidus_is_medial_and_erector_spinae_lateral(spine):
    for side in SIDES:
        medial = abs(spine.structures[f"multifidus_{side}"].mesh.center[0])
        lateral = abs(spine.structures[f"erector_spinae_{side}"].mesh.center[0])
        assert medial < lateral


# ---- models -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("story", ["sacroiliac", "muscles"])
def test_each_story_is_registered_with_titled_steps_and_valid_narration(story):
    model = STORIES[story].make("L4-L5", "right")
    text = load_story(story)
    assert text.problems == [] and text.missing == ()
    assert [s.id for s in model.stages] == list(text.stages)
    assert all(stage.title == text.stages[stage.id].title for stage in model.stages)
    assert len(model.captions("patient")) == len(model.stages)


def test_the_models_step_and_hand_on_the_side():
    model = SacroiliacModel(side="right")
    model.step(+1)
    assert model.stage.id == SEE_THROUGH and model.side == "right"
    with pytest.raises(ValueError):
        model.set_segment("L4-L5", "middle")


def test_the_fat_grade_rises_smoothly_between_steps():
    model = MusclesModel()
    grades = []
    for i in range(0, 31):
        model.set_position(i / 10)
        grades.append(model.grade())
    assert grades[0] == 0.0 and grades[-1] == 3.0
    assert all(b >= a for a, b in zip(grades, grades[1:]))
    assert fat_fraction(3.0) == FAT_FRACTION[3] and model.grade_label() == "3"


# ---- layers -----------------------------------------------------------------------------------------------------


def actor_count(scene: Scene) -> int:
    return scene.renderer.GetActors().GetNumberOfItems() + scene.renderer.GetViewProps().GetNumberOfItems()


def test_the_sacroiliac_layer_shows_the_pelvis_lights_the_joint_and_gives_it_back(spine):
    scene = Scene(spine)
    model = SacroiliacModel(side="left")
    view = SacroiliacView(scene, model)
    assert not scene.group_visible["pelvis"]
    view.attach()
    assert scene.group_visible["pelvis"]
    assert set(scene.lit["story"]) == {"si_cartilage_left_sacrum", "si_cartilage_left_ilium"}
    assert scene.shown_colour("si_cartilage_left_sacrum") == pytest.approx(HIGHLIGHT)
    before = actor_count(scene)
    for i in range(0, 51):
        model.set_position(i / 10)
    assert actor_count(scene) == before  # nothing added per frame
    model.set_position(1)
    assert scene.actors["ilium_left"].GetProperty().GetOpacity() == pytest.approx(SEE_THROUGH_OPACITY)
    model.set_position(2)
    assert set(scene.lit["story"]) == {"si_ligament_left_interosseous", "si_ligament_left_long_posterior"}
    shot = view.shot(model)
    assert shot.view == "posterior" and shot.bounds is not None
    model.set_position(1)
    view.detach()
    assert not scene.group_visible["pelvis"] and scene.lit["story"] == ()
    assert scene.actors["ilium_left"].GetProperty().GetOpacity() == pytest.approx(1.0)
    view.close()


def test_the_muscles_layer_makes_them_solid_tints_fat_in_place_and_gives_them_back(spine):
    scene = Scene(spine)
    model = MusclesModel()
    view = MusclesView(scene, model)
    view.attach()
    actor = scene.actors["multifidus_left"]
    assert scene.group_visible["muscles"] and actor.GetProperty().GetOpacity() == pytest.approx(1.0)
    array = actor.GetMapper().GetInput().GetPointData().GetArray(FAT_ARRAY)
    assert array is not None and actor.GetMapper().GetScalarVisibility() or "multifidus_left" in scene.lit["story"]
    before = actor_count(scene)
    shares = []
    for position in (0, 2, 3):
        model.set_position(position)
        values = np.array([array.GetValue(i) for i in range(array.GetNumberOfTuples())])
        shares.append(float((values > 0.5).mean()))
    assert actor_count(scene) == before
    assert shares[0] == 0.0 < shares[1] < shares[2]  # no fat, streaks, then much more
    assert "Goutallier grade 3" in view.readout.GetInput()
    view.detach()
    assert not scene.group_visible["muscles"] and actor.GetProperty().GetOpacity() < 0.5
    assert not actor.GetMapper().GetScalarVisibility()
    view.close()


# ---- pages ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("story", ["sacroiliac", "muscles"])
def test_the_page_drives_the_model_and_the_window_follows(qtbot, spine, story):
    with shown_window(qtbot, spine) as window:
        window.show_story(story)
        page = window.pages[story]
        model = window.session.models[story]
        text = load_story(story)
        assert page.panel.title.text() == model.stages[0].title
        page.controls.next.click()
        assert model.position == 1
        assert page.panel.title.text() == text.stages[model.stages[1].id].title
        assert text.text_for(model.stages[1].id, "patient").split("\n\n")[0] in page.panel.browser.toPlainText()
        page.panel.stage_list.setCurrentRow(3)
        assert model.stage_index == 3
        window.show_story("degeneration")
        assert not window.scene.group_visible["pelvis" if story == "sacroiliac" else "muscles"]

"""The 3D scene following the injection story: a view of the ProcedureModel, moved in place.

Qt-free.  Every prop (trocar, needle, C-arm, beam, centrifuge, contrast, injectate) and the fluoroscopy inset is
made once; each time the model's time changes, `explainer.stories.injection.script` says where everything is and this
view only writes matrices, visibility and the inset's pixels.  The needle's path comes from meshes.needle: it ends
in the nucleus's centre (disc), the joint space (facet) or the sacroiliac joint's lower third (sij), clear of bone
and nerve on the way.
"""

from __future__ import annotations

import numpy as np

from explainer.render import instruments as kit
from explainer.render.fluoro_inset import VIEWPORT, FluoroInset
from explainer.render.layers import Layer, Shot
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene
from explainer.render.ultrasound_inset import UltrasoundInset
from explainer.stories.injection import AIM, CONTRAST, NEEDLE, TUBE, TURN, ProcedureModel, script
from meshes import Spine
from meshes import needle as paths
from meshes.fluoro import Radiograph, scotty_dog_points
from meshes.memo import per_spine
from narration.stories import INJECTION_HARVESTS

CENTRIFUGE_AT = np.array([210.0, 40.0, -40.0])  # beside the patient, right of the pelvis (schematic bench)
TUBE_AT = CENTRIFUGE_AT + [95.0, -10.0, -20.0]  # the tube of separating marrow, standing beside the centrifuge
LAYERS = ((0.55, 0.06, 0.08), (0.96, 0.94, 0.88), (0.98, 0.86, 0.45))  # red cells, buffy coat, plasma
TUBE_MM = 60.0  # height of the sample in its tube
TROCAR_MM = 110.0
FLANK = np.array([175.0, 5.0, 30.0])  # the fat under the flank's skin above the iliac crest (x: the needle's side)
FLANK_RADII = np.array([18.0, 40.0, 60.0])
FAT_WAY = np.array([0.0, 0.12, -1.0]) / np.hypot(1.0, 0.12)  # the cannula runs down the flank, under its skin
CANNULA_MM = 150.0  # a 15–25 cm cannula [S138]
CANNULA_IN = 110.0  # mm under the skin at the deepest of its stroke
ELBOW = np.array([250.0, -5.0, 40.0])  # the elbow's crease of the arm laid beside the patient (x: the needle's side)
VENEPUNCTURE = np.radians(20.0)  # the needle's angle to the skin
VEIN_NEEDLE_MM = 30.0
SYRINGE_FILL_MM = 65.0  # the syringe's barrel, full
PROBE_ASIDE = 40.0  # mm the ultrasound probe sits above the needle's way in, so it does not hide it (schematic)
BONE_GROUPS = ("bones", "pelvis")
DRAFT_MM = 3.0  # cell of the X-ray model drawn while the C-arm turns: a third of the cost, blurred by motion anyway
XRAY_REACH = 115.0  # mm around the target that the inset's X-ray model keeps: the field's corners at any angle
DISC_SEE_THROUGH = 0.4  # disc opacity while the needle is in it
PELVIS_FADED = 0.18  # pelvis opacity after the harvest
CAPTIONS = {  # what the 3D view is showing, per phase, in plain words (grade 6 at most: tests/test_readability.py)
    "harvest": "Where the sample can come from:\n  \u2022 bone marrow, from the back of the pelvis{marrow}\n"
               "  \u2022 fat, from the belly or thigh{fat}\n  \u2022 blood, from the arm (platelet-rich plasma){blood}",
    "processing": "A drawing of the next step: a machine spins the sample.\n"
                  "It splits into red cells, a thin white layer and clear plasma.",
    "injection": "The person lies face down.\n{guide} guides the needle.",
    "afterwards": "A drawing: the shot spreads in the {target}.\n"
                  "This shot is still being tested (investigational).\nNone is approved for back or disc pain.",
}
BLOCKED = "\nIn this model no straight path to this target stays clear of bone and nerve roots."  # said, not hidden
TARGET_WORDS = {"disc": "disc", "facet": "facet joint", "sij": "sacroiliac joint"}  # as the captions name them
CAMERA_BEATS = (0.0, TUBE[0], TURN[0], NEEDLE[0], CONTRAST[0], AIM[0])  # harvest, processing, C-arm turn, needle,
# contrast, afterwards: the camera turns as the film's script does


@per_spine("radiograph")
def radiograph_for(spine: Spine) -> Radiograph:
    """The X-ray model of `spine`'s bones, made once per spine (it takes a moment) and shared by every view."""
    return Radiograph([s.mesh for g in BONE_GROUPS for s in spine.group(g)])


def plan(spine: Spine, target: str, level: str, side: str) -> paths.NeedlePath:
    """The needle's path for a target: the sacroiliac joint is one per side, whatever the segment."""
    if target == "sij":
        return paths.sij_path(spine, side)
    return (paths.disc_path if target == "disc" else paths.facet_path)(spine, level, side)


def carm_matrix(target: np.ndarray, rotation: float, tilt: float) -> np.ndarray:
    """Place the C-arm (its beam along local +y) so its beam passes through `target` at `rotation`, `tilt`."""
    r, t = np.radians(rotation), np.radians(tilt)
    beam = np.array([-np.sin(r) * np.cos(t), np.cos(r) * np.cos(t), np.sin(t)])
    across = np.array([np.cos(r), np.sin(r), 0.0])
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = across, -beam, np.cross(across, -beam), target
    return m


def scaled(centre: np.ndarray, radii) -> np.ndarray:
    m = np.diag([*np.broadcast_to(radii, 3), 1.0])
    m[:3, 3] = centre
    return m


class InjectionView(Layer):
    """The injection film's layer (explainer.render.layers): instruments, C-arm, centrifuge and the fluoroscopy
    inset, kept in step with `model` while attached.  Its paths are planned on the spine as it is when the layer
    is made, which is healthy: the window detaches the other story before it makes this one."""

    camera_follows_play = True  # the film's camera turns at each beat as it plays

    def __init__(self, scene: Scene, model: ProcedureModel):
        self.scene, self.model = scene, model
        self.active = False
        self._pelvis_for: int | None = None  # the beat whose pelvis the film last set: the user may change it after
        self.fluoro = FluoroInset()
        self.ultrasound = UltrasoundInset()
        self.props = self._make_props()
        self._clear_disc: str | None = None  # the level whose disc is see-through, if any
        for prop in self.props.values():
            prop.actor.SetVisibility(False)
            scene.renderer.AddActor(prop.actor)
        # the phase's caption, bottom left (clear of the labels), large enough to read across a desk
        self.caption = overlay_text(19, (0.02, 0.03), line_spacing=1.2)
        self.caption.SetVisibility(False)
        scene.renderer.AddViewProp(self.caption)
        self._target_for(model)
        self._leave = model.subscribe(self.update)

    @staticmethod
    def _make_props() -> dict[str, kit.Prop]:
        props = {
            "trocar": kit.Prop(kit.shaft(1.6), kit.STEEL, specular=0.8),
            "grip": kit.Prop(kit.t_handle(), (0.30, 0.45, 0.75)),
            "needle": kit.Prop(kit.shaft(0.8), kit.STEEL, specular=0.8),
            "hub": kit.Prop(kit.shaft(2.8), (0.35, 0.75, 0.50)),
            "cannula": kit.Prop(kit.shaft(1.5), kit.STEEL, specular=0.8),
            "vein_needle": kit.Prop(kit.shaft(0.45), kit.STEEL, specular=0.8),
            "syringe": kit.Prop(kit.syringe(), (0.92, 0.94, 0.97), opacity=0.4),
            "drawn": kit.Prop(kit.shaft(7.0), kit.FAT),
            "fat": kit.Prop(kit.blob(), kit.FAT, opacity=0.35),
            "arm": kit.Prop(kit.arm(), kit.SKIN, opacity=0.4),
            "vein": kit.Prop(kit.vein(), kit.VEIN),
            "carm": kit.Prop(kit.c_arm(), kit.CARM_GREY),
            "probe": kit.Prop(kit.probe(), (0.25, 0.28, 0.33), specular=0.5),
            "beam": kit.Prop(kit.beam(), (0.55, 0.80, 1.0), specular=0.0),
            "contrast_a": kit.Prop(kit.blob(), kit.CONTRAST, opacity=0.85),
            "contrast_b": kit.Prop(kit.blob(), kit.CONTRAST, opacity=0.85),
            "injectate": kit.Prop(kit.blob(), kit.INJECTATE, opacity=0.55),
            "rotor": kit.Prop(kit.rotor(), (0.86, 0.87, 0.90), specular=0.6),
            "housing": kit.Prop(kit.housing(), (0.32, 0.36, 0.44)),
        }
        for i, colour in enumerate(LAYERS):
            props[f"layer_{i}"] = kit.Prop(kit.layer(), colour, opacity=0.9)
        return props

    def _target_for(self, model: ProcedureModel) -> None:
        """Plan the paths for the model's target, level and side (once per choice, not per frame)."""
        spine = self.scene.spine
        self.marrow = paths.marrow_path(spine, model.side)
        self.path = plan(spine, model.target, model.level, model.side)
        self.target = (model.target, model.level, model.side)
        self.beam = self.path.beam_angles()
        upper = model.level.split("-")[0]
        self.fluoro.landmarks = {} if model.target == "sij" else scotty_dog_points(spine, upper, model.side)
        whole = radiograph_for(spine)
        self.xray = {"harvest": whole.around(self.marrow.tip, XRAY_REACH), "injection": whole.around(self.path.tip,
                                                                                                   XRAY_REACH)}
        self.xray["draft"] = self.xray["injection"].coarser(DRAFT_MM)  # while the C-arm turns
        self.needle_mm = self.path.length + 30.0  # some of the needle stays outside the skin
        skin = np.array([self.path.tip[0], self.path.entry[1], self.path.tip[2] + PROBE_ASIDE])  # beside the way in
        self.props["probe"].place(kit.along(skin, np.array([0.0, 1.0, 0.0]), 1.0))
        self._contrast_places()
        self._harvest_places()

    def _harvest_places(self) -> None:
        """Where the fat and the arm lie, on the needle's side, and the way their instruments go in."""
        self.harvest = self.model.harvest
        mirror = np.array([paths.side_name(self.model.side), 1.0, 1.0])
        self.flank = FLANK * mirror
        self.fat_entry = self.flank - FAT_WAY * (FLANK_RADII[2] + 10.0)
        self.props["fat"].place(scaled(self.flank, FLANK_RADII))
        self.elbow = ELBOW * mirror
        place = np.eye(4)
        place[:3, 3] = self.elbow
        for name in ("arm", "vein"):
            self.props[name].place(place)
        self.vein_point = self.elbow + [0.0, 4.0 - kit.ARM_RADII[1], 0.0]
        self.vein_way = np.array([0.0, np.sin(VENEPUNCTURE), np.cos(VENEPUNCTURE)])  # up the arm, into it
        self.props["drawn"].actor.GetProperty().SetColor(*(kit.FAT if self.model.harvest == "fat" else kit.BLOOD))

    def _contrast_places(self) -> None:
        """Where contrast collects: a nucleogram fills the nucleus; in a facet joint, the upper and lower
        recesses of the joint capsule [S116]; in the sacroiliac joint, a thin film along the cleft above and below
        the tip [S130]."""
        tip = self.path.tip
        if self.model.target == "sij":
            up = np.array([0.0, 0.0, 1.0])
            self.pools = [(tip + 8.0 * up, np.array([1.2, 4.0, 7.0])), (tip - 6.0 * up, np.array([1.2, 3.5, 5.0]))]
            self.injectate_mm = np.array([1.0, 3.0, 6.0])
        elif self.model.target == "disc":
            nucleus = self.scene.spine.structures[f"nucleus_{self.model.level}"].mesh
            half = 0.5 * (np.array(nucleus.bounds[1::2]) - np.array(nucleus.bounds[0::2]))
            self.pools = [(tip, half * [0.8, 0.8, 0.6]), (tip, half * [0.5, 0.5, 0.4])]
            self.injectate_mm = 0.45 * half
        else:
            up = np.array([0.0, 0.0, 1.0])
            self.pools = [(tip + 6.0 * up, np.array([2.5, 2.0, 3.5])), (tip - 6.0 * up, np.array([2.5, 2.0, 3.5]))]
            self.injectate_mm = np.array([1.6, 1.6, 4.0])

    def update(self, model: ProcedureModel) -> None:
        """Apply the model's time (while attached): props, captions, the inset, the disc and the pelvis."""
        if not self.active:
            return
        if (model.target, model.level, model.side) != self.target:
            self._target_for(model)
            self._pelvis_for = None
        if model.harvest != self.harvest:
            self._harvest_places()
        m = script(model.time, self.beam, model.harvest)
        beat = self.camera_beat(model.time)
        self._see_into_disc(model.target == "disc" and beat >= 3)
        if beat != self._pelvis_for:  # set once per beat, so the user's own choice holds until the next one
            self._pelvis_for = beat
            self._fade_pelvis(beat > 0)
        self._harvest(m)
        self._processing(m)
        self._injection(m)
        caption = self.caption_for(m.phase)
        if self.caption.GetInput() != caption:
            self.caption.SetInput(caption)
        self.moment = m

    def caption_for(self, phase: str) -> str:
        """The phase's caption for this target; a path that could not be kept clear of bone says so."""
        shown = {harvest: " (shown)" if harvest == self.model.harvest else "" for harvest in INJECTION_HARVESTS}
        guide = "Ultrasound" if self.model.guidance == "ultrasound" else "A live X-ray"
        text = CAPTIONS[phase].format(target=TARGET_WORDS[self.model.target], guide=guide, **shown)
        if phase == "injection" and not self.path.clear:
            text += BLOCKED
        return text

    def _see_into_disc(self, on: bool) -> None:
        """While the needle is in the disc, and after, that disc (annulus and nucleus) is see-through, so the tip,
        the contrast and the injectate inside show; the others stay solid (changed only when it changes)."""
        level = self.model.level if on else None
        if level == self._clear_disc:
            return
        for lv, opacity in ((self._clear_disc, 1.0), (level, DISC_SEE_THROUGH)):
            for name in (f"disc_{lv}", f"nucleus_{lv}") if lv else ():
                self.scene.set_structure_opacity(name, opacity)
        self._clear_disc = level

    def _fade_pelvis(self, on: bool) -> None:
        """After the harvest the pelvis only gives context where it matters, at L5–S1 (the iliac crest is in
        the needle's way) and for the sacroiliac joint, its target: faint there, so it does not hide the segment
        or the needle; elsewhere it goes (and costs nothing)."""
        lowest = self.model.level == "L5-S1" or self.model.target == "sij"
        self.scene.set_group_visible("pelvis", not on or lowest)
        self.scene.set_group_opacity("pelvis", PELVIS_FADED if on and lowest else 1.0)

    def _harvest(self, m) -> None:
        """The chosen harvest's instruments: the marrow trocar, the fat cannula stroking under the flank's skin, or
        the needle in the arm's vein; the syringe filling behind the last two."""
        harvesting = m.phase == "harvest"
        on = harvesting and m.trocar > 0.0
        self.props["trocar"].show(on)
        self.props["grip"].show(on)
        if on:
            tip = self.marrow.entry + self.marrow.direction * (m.trocar * self.marrow.length)
            self.props["trocar"].place(kit.along(tip, self.marrow.direction, TROCAR_MM))
            self.props["grip"].place(kit.along(tip - self.marrow.direction * TROCAR_MM, self.marrow.direction, 1.0))
        self.props["fat"].show(harvesting and self.model.harvest == "fat")
        for name in ("arm", "vein"):
            self.props[name].show(harvesting and self.model.harvest == "blood")
        fat, blood = harvesting and m.cannula > 0.0, harvesting and m.vein > 0.0
        self.props["cannula"].show(fat)
        self.props["vein_needle"].show(blood)
        for name in ("syringe", "drawn"):
            self.props[name].show(fat or blood)
        if fat:
            self._instrument("cannula", self.fat_entry + FAT_WAY * (CANNULA_IN * m.cannula), FAT_WAY, CANNULA_MM,
                             m.drawn)
        elif blood:
            tip = self.vein_point - self.vein_way * (VEIN_NEEDLE_MM * 0.5 * (1.0 - m.vein))
            self._instrument("vein_needle", tip, self.vein_way, VEIN_NEEDLE_MM, m.drawn)

    def _instrument(self, name: str, tip: np.ndarray, way: np.ndarray, length: float, drawn: float) -> None:
        """A harvest's shaft with its tip at `tip`, the syringe on its back end, filled `drawn` of the way."""
        self.props[name].place(kit.along(tip, way, length))
        nozzle = tip - way * length
        self.props["syringe"].place(kit.along(nozzle, way, 1.0))
        self.props["drawn"].place(kit.along(nozzle - way * 8.0, way, max(SYRINGE_FILL_MM * drawn, 1e-3)))

    def _processing(self, m) -> None:
        on = m.phase == "processing"
        for name in ("rotor", "housing", *(f"layer_{i}" for i in range(len(LAYERS)))):
            self.props[name].show(on)
        if not on:
            return
        a = np.radians(m.spin_deg)
        spin = np.eye(4)
        spin[[0, 0, 2, 2], [0, 2, 0, 2]] = np.cos(a), np.sin(a), -np.sin(a), np.cos(a)
        upright = np.array([[1.0, 0, 0, 0], [0, 0, -1.0, 0], [0, 1.0, 0, 0], [0, 0, 0, 1.0]])  # its axis up (z)
        place = np.eye(4)
        place[:3, 3] = CENTRIFUGE_AT
        self.props["rotor"].place(place @ upright @ spin)
        self.props["housing"].place(place @ upright)
        s = m.separated
        heights = [TUBE_MM * (1.0 - 0.55 * s), TUBE_MM * 0.06 * s, TUBE_MM * 0.49 * s]
        base = 0.0
        for i, h in enumerate(heights):
            self.props[f"layer_{i}"].place(standing(TUBE_AT + [0.0, 0.0, base], 7.0, max(h, 1e-3)))
            base += h

    def _injection(self, m) -> None:
        sound = self.model.guidance == "ultrasound"
        self.props["probe"].show(sound and m.phase == "injection")  # on the skin, instead of the C-arm
        turning = m.phase == "injection" and self.camera_beat(self.model.time) == 2 and not sound
        for name in ("carm", "beam"):  # shown while it turns round the patient; the inset gives its angle after
            self.props[name].show(turning)
        if turning:
            c = carm_matrix(self.path.tip, m.carm_rotation, m.carm_tilt)
            self.props["carm"].place(c)
            self.props["beam"].place(c)
        tip = self.path.entry + self.path.direction * (m.needle * self.path.length)
        needle_on = m.needle > 0.0
        for name in ("needle", "hub"):
            self.props[name].show(needle_on)
        if needle_on:
            self.props["needle"].place(kit.along(tip, self.path.direction, self.needle_mm))
            back = tip - self.path.direction * self.needle_mm
            self.props["hub"].place(kit.along(back, self.path.direction, 14.0))
        for name, (centre, radii) in zip(("contrast_a", "contrast_b"), self.pools):
            self.props[name].show(m.contrast > 0.0 and not sound)  # dye is for the X-ray
            self.props[name].place(scaled(centre, radii * max(m.contrast, 1e-3) ** 0.5))
        spread = 1.0 + 0.8 * m.aim
        self.props["injectate"].show(m.injectate > 0.0 or 0.0 < m.aim < 1.0)
        self.props["injectate"].place(scaled(self.path.tip, self.injectate_mm * max(m.injectate, m.aim, 1e-3) * spread))
        self.props["injectate"].actor.GetProperty().SetOpacity(0.55 * (1.0 - 0.7 * m.aim))
        self._monitor(m, tip if needle_on else None)

    def _monitor(self, m, tip) -> None:
        """The inset follows the C-arm while it is in use: locating the PSIS and the trocar, then the needle."""
        sound = m.phase == "injection" and self.model.guidance == "ultrasound"
        imaging = (m.phase == "injection" and not sound) or (m.phase == "harvest" and self.model.harvest == "marrow")
        self.fluoro.renderer.SetDraw(imaging)
        self.ultrasound.renderer.SetDraw(sound)
        if sound and self.ultrasound.visible:
            self.ultrasound.show(m.needle, m.injectate)
        if not (self.fluoro.visible and imaging):
            return
        if m.phase == "harvest":
            trocar = self.marrow.entry + self.marrow.direction * (m.trocar * self.marrow.length)
            shaft = (trocar - self.marrow.direction * TROCAR_MM, trocar) if m.trocar > 0 else None
            self.fluoro.show(self.xray["harvest"], 0.0, 0.0, self.marrow.tip, shaft, None)
            return
        needle = None if tip is None else (tip - self.path.direction * self.needle_mm, tip)
        contrast = None
        if m.contrast > 0.0:
            contrast = (np.array([c for c, _ in self.pools]), float(np.mean(self.pools[0][1])) * m.contrast ** 0.5)
        self.fluoro.show(self.xray["injection"], m.carm_rotation, m.carm_tilt, self.path.tip, needle, contrast,
                         draft=self.xray["draft"] if self.scene.moving else None)  # a jump lands sharp

    def camera_beat(self, seconds: float) -> int:
        """Which of CAMERA_BEATS the time falls in: the camera turns when this changes."""
        return sum(seconds >= start for start in CAMERA_BEATS) - 1

    def camera_for(self, beat: int) -> tuple[str, tuple[float, ...], bool]:
        """(preset view, box to frame, mirrored) for a beat: the pelvis from behind while marrow is taken, the
        centrifuge, the C-arm turning round the patient, the needle's way in close up, the contrast and injectate
        close up (a disc from the side, where the see-through disc shows them), then the segment from the side."""
        p = self.path
        if beat == 0:
            box = self._harvest_box()
        elif beat == 1:
            box = _box([CENTRIFUGE_AT, TUBE_AT + [0.0, 0.0, TUBE_MM]], 20.0)
        elif beat == 2:
            box = _box([p.tip], 0.7 * kit.CARM_RADIUS)
        elif beat == 3:
            box = _box([p.entry, p.tip], 25.0)
        else:
            box = _box([p.tip], 25.0 if beat == 4 and self.model.target != "disc" else 45.0)  # a joint is small
        inside = "lateral" if self.model.target == "disc" else "posterolateral"
        harvest = "posterolateral" if self.model.harvest == "fat" else "posterosuperior"  # the flank from its side
        view = (harvest, "oblique", "posterolateral", "posterolateral", inside, "lateral")[beat]
        # the C-arm's turn is watched from the far side: the detector swings up towards the entry side's camera
        return view, box, (self.model.side == "right") != (beat == 2)

    def _harvest_box(self) -> tuple[float, ...]:
        """What the harvest's camera frames: the trocar's way into the PSIS, the flank with the cannula and its
        syringe, or the elbow with the needle and its syringe."""
        if self.model.harvest == "fat":
            back = self.fat_entry - FAT_WAY * (CANNULA_MM - CANNULA_IN + 60.0)  # the syringe's nozzle and barrel
            return _box([back, self.flank + FAT_WAY * FLANK_RADII[2]], 15.0)
        if self.model.harvest == "blood":
            back = self.vein_point - self.vein_way * (VEIN_NEEDLE_MM + 80.0)
            return _box([back, self.elbow + [0.0, 0.0, 110.0]], 15.0)
        return _box([self.marrow.entry, self.marrow.tip], 45.0)

    def set_active(self, on: bool) -> None:
        self.active = on
        window = self.scene.renderer.GetRenderWindow()
        self.fluoro.set_visible(on, window)
        self.ultrasound.set_visible(on, window)
        self.scene.keep_clear("fluoroscopy", VIEWPORT if on else None)
        self.scene.keep_clear("caption", self.caption if on else None)
        self._see_into_disc(False)
        self._fade_pelvis(False)
        self.scene.set_group_visible("pelvis", on)
        self._pelvis_for = None
        for prop in self.props.values():
            prop.actor.SetVisibility(prop.actor.GetVisibility() and on)
        self.caption.SetVisibility(on)
        if on:
            self.update(self.model)

    apply = update

    def set_depth(self, depth: str) -> None:
        """Students see the parts of the Scotty dog named on the oblique view."""
        self.fluoro.set_labels(depth == "student")
        self.update(self.model)

    def shot(self, model: ProcedureModel) -> Shot:
        """The camera of the beat the film's time falls in (see camera_for), turning from the beat before over
        the first moments of this one, in film time."""
        beat = self.camera_beat(model.time)
        key = (model.target, model.level, model.side, model.harvest, model.guidance)
        previous = Shot((beat - 1, *key), *self.camera_for(beat - 1)) if beat else None
        return Shot((beat, *key), *self.camera_for(beat), since=CAMERA_BEATS[beat], previous=previous)

    def close(self) -> None:
        self._leave()
        self.set_active(False)
        for prop in self.props.values():
            self.scene.renderer.RemoveActor(prop.actor)
        self.scene.renderer.RemoveViewProp(self.caption)


def _box(points, margin: float) -> tuple[float, ...]:
    """The box around `points`, `margin` mm bigger on every side, as (xmin, xmax, ymin, ymax, zmin, zmax)."""
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
    return tuple(np.ravel(np.column_stack([lo, hi])))


def standing(bottom: np.ndarray, radius: float, height: float) -> np.ndarray:
    """A unit `layer` cylinder (made along y) stood upright (along z) on `bottom`, `radius` wide, `height` tall."""
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = (radius, 0, 0), (0, 0, height), (0, -radius, 0), bottom
    return m

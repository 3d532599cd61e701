"""The scene following the central stenosis story: the chosen segment posed and measured, in place.

Qt-free.  The story's state of the segment (explainer.stories.stenosis) is posed by the case rig (meshes.case),
which also measures the dural sac's cross-sectional area and the foramina on the posed geometry; the shared
posing of the case layer (explainer.render.case.PosedLayer) writes the new points into the arrays the actors
draw and the column's transform into the vertebrae's matrices.  A readout gives the measured areas against the
published thresholds; the axial cross-section (explainer.render.section) cuts the disc, the sac, the ligament
and the facets at mid-disc, as on an MRI, with the same figure.  Nothing is created or added per position.
"""

from __future__ import annotations

import numpy as np

from explainer.render.case import PosedLayer
from explainer.render.degeneration import MODEL_NOTE, segment_bounds
from explainer.render.layers import Shot
from explainer.render.scene import Scene
from explainer.render.section import AxialSection
from explainer.stories.stenosis import ABSOLUTE_MM2, RELATIVE_MM2, StenosisModel, threshold_words
from explainer.stories.terms import structures_for_kinds
from meshes.case import BEND_DEGREES, CasePose
from meshes.params import SIDES


def posture(bend: float) -> str:
    """The segment's bend in words and degrees."""
    degrees = BEND_DEGREES * bend
    if abs(degrees) < 0.05:
        return "upright"
    return f"bent {abs(degrees):.1f}° {'forward' if degrees > 0 else 'back'}"


class StenosisView(PosedLayer):
    """The stenosis story's layer: keeps `scene` posed as `model.state()` at the model's segment while attached
    (explainer.render.layers); detached, the spine is healthy and plain again."""

    camera_follows_play = False  # playing glides between stages; the camera turns only when a step lands on one

    def __init__(self, scene: Scene, model: StenosisModel):
        self._rig_up(scene)
        self.model = model
        self.active = False
        self.section = AxialSection(scene)
        self.segment: str | None = None
        self.posed = None  # (segment, state) written now; None: healthy
        self.measured: CasePose | None = None
        self._follow(model.level)
        self._leave = model.subscribe(self.update)

    def _follow(self, segment: str) -> None:
        """The structures one segment's story moves, and the cross-section pointed at its disc."""
        rig = self.rig.rigs[segment]["left"]
        upper, lower = rig.upper, rig.lower_bone
        sheets = sorted(n for n in self.rig.base if n.startswith(f"cartilage_{segment}_"))
        self.moving = {f"disc_{segment}", f"nucleus_{segment}", "dural_sac", f"flavum_{segment}", upper, lower,
                       *sheets}
        level_below = "S1" if lower == "sacrum" else lower
        roots = [f"root_{level}_{side}" for level in (upper, level_below) for side in SIDES]
        cut = [f"disc_{segment}", f"nucleus_{segment}", upper, lower, *sheets, "dural_sac", f"flavum_{segment}", *roots]
        normal = rig.world[level_below][:3, 2] + rig.world[upper][:3, 2]
        self.section.follow(segment, [n for n in cut if n in self.scene.actors], set(self.riders[upper]),
                            self.matrices[upper], self.rig.base[f"disc_{segment}"][0].mean(axis=0),
                            normal / np.linalg.norm(normal))
        self.segment = segment

    def set_active(self, on: bool) -> None:
        self.active = on
        self.readout.SetVisibility(on)
        self.scene.keep_clear("readout", self.readout if on else None)
        self._take(on)
        self.posed = None
        if on:
            self.update(self.model)
            return
        self.section.set_visible(False)
        self.scene.set_lit("story", ())

    def update(self, model: StenosisModel) -> None:
        """Pose, colour and measure the model's segment at its position and bend (while attached; only when the
        state changed), and light the stage's structures."""
        if not self.active:
            return
        names = structures_for_kinds(model.stage.highlight, model.level, model.side, self.scene.actors)
        if tuple(names) != self.scene.lit["story"]:
            self.scene.set_lit("story", names)
        state = model.state()
        if (model.level, state) == self.posed:
            return
        whole = model.level != self.segment  # another segment: every structure back before this one moves
        if whole:
            self._follow(model.level)
        pose = self.rig.pose({model.level: state})
        self._write(pose, None if whole else self.moving)
        rig = self.rig.rigs[model.level]["left"]
        self._colour({model.level: state}, pose, (rig.upper, rig.lower_bone))
        self.section.move(pose.transforms[rig.upper])
        self.posed, self.measured = (model.level, state), pose
        self._measure(model, pose)

    apply = update

    def _measure(self, model: StenosisModel, pose: CasePose) -> None:
        """The readout and the cross-section's note: the sac's area measured on the posed model against the
        thresholds, the foramina against healthy, and the segment's posture."""
        seg = model.level
        area = pose.canal[seg]
        left, right = pose.foramina[seg]
        healthy = self.rig.healthy_foramen[seg]
        lines = [f"{seg.replace('-', '–')}: the canal at mid-disc",
                 f"Dural sac {area:.0f} mm² (healthy {self.rig.sections[seg]['area']:.0f} mm²)",
                 f"  {threshold_words(area)}",
                 f"  (relative under {RELATIVE_MM2:.0f}, absolute under {ABSOLUTE_MM2:.0f} mm²)",
                 f"Foramen L {left:.0f} / R {right:.0f} mm² (healthy {healthy[0]:.0f} / {healthy[1]:.0f})",
                 f"Segment {posture(model.bend)}",
                 MODEL_NOTE]
        text = "\n".join(lines)
        if text != self.readout.GetInput():
            self.readout.SetInput(text)
        self.section.set_note(f"Sac {area:.0f} mm²\n{threshold_words(area).split(': ')[1]}")

    def shot(self, model: StenosisModel) -> Shot | None:
        """The camera for a whole stage (the segment from the chosen side, or the whole spine where the stage
        says so); None between stages, where the camera stays as it is."""
        if model.position != model.stage_index:
            return None
        bounds = None if model.stage.whole_spine else segment_bounds(self.scene.spine, model.level)
        return Shot(("stenosis", model.stage_index, model.level, model.side), model.stage.view, bounds,
                    model.side == "right")

    def set_depth(self, depth: str) -> None:
        """The scene shows the same at both depths (the words differ)."""

    def close(self) -> None:
        """Stop following the model, put the healthy geometry back and take the readout and the inset away."""
        self.set_active(False)
        self._leave()
        self.scene.renderer.RemoveViewProp(self.readout)
        self.section.close()

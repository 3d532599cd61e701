"""The sacroiliac story's layer: the pelvis shown, the joint and its ligaments lit step by step, the ilium of the
story's side made see-through where the step looks at the joint's surfaces, and the joint's measured size beside
the model.  Qt-free; nothing is added per frame."""

from __future__ import annotations

from explainer.render.scene import Scene
from explainer.render.steps import StepView, box_of
from explainer.stories.sacroiliac import SEE_THROUGH, SacroiliacModel
from meshes import sacroiliac

SEE_THROUGH_OPACITY = 0.25  # the ilium's opacity while the joint's surfaces are looked at through it
MODEL_NOTE = "Model values, illustrative"


def sheet_area(mesh) -> float:
    """One face of a thin closed sheet, mm²: half its surface, less its rim."""
    return 0.5 * float(mesh.area)


class SacroiliacView(StepView):
    """The sacroiliac story's layer (explainer.render.layers)."""

    group = "pelvis"

    def __init__(self, scene: Scene, model: SacroiliacModel):
        super().__init__(scene, model)
        self.faded: str | None = None
        structures = scene.spine.structures
        self.areas = {side: sheet_area(structures[f"si_cartilage_{side}_sacrum"].mesh) for side in ("left", "right")}

    def take(self, on: bool) -> None:
        if not on:
            self._fade(None)

    def pose(self, model: SacroiliacModel) -> None:
        self._fade(f"ilium_{model.side}" if model.stage.id == SEE_THROUGH else None)

    def _fade(self, ilium: str | None) -> None:
        """The ilium of the story's side see-through (None: every ilium as its group shows it)."""
        if ilium == self.faded:
            return
        if self.faded is not None:
            self.scene.set_structure_opacity(self.faded, 1.0)
        if ilium is not None:
            self.scene.set_structure_opacity(ilium, SEE_THROUGH_OPACITY)
        self.faded = ilium

    def readout_text(self, model: SacroiliacModel) -> str:
        return "\n".join([f"Sacroiliac joint, {model.side} side",
                          f"Joint surface {self.areas[model.side] / 100:.1f} cm² (published about 17.5)",
                          f"Joint space {sacroiliac.JOINT_SPACE:.1f} mm (CT mean 1.72)", MODEL_NOTE])

    def focus(self, model: SacroiliacModel) -> tuple[float, ...]:
        """The joint of the story's side with its ligaments."""
        names = [n for n in self.scene.spine.structures if n.startswith(("si_cartilage_", "si_ligament_"))
                 and f"_{model.side}_" in n]
        return box_of([self.scene.spine.structures[n].mesh for n in names], 25.0)

    def overview(self, model: SacroiliacModel) -> tuple[float, ...]:
        """The sacrum between both ilia, with L5 above."""
        s = self.scene.spine.structures
        return box_of([s[n].mesh for n in ("sacrum", "L5", "ilium_left", "ilium_right")], 5.0)

"""The state of one motion segment as plain numbers: importable by the Qt- and VTK-free story models without
loading any geometry (meshes.pathology applies it to the surfaces)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pathology:
    """The state of one motion segment, as fractions of healthy or sizes in mm."""

    disc_height_ant: float = 1.0  # fraction of the healthy anterior disc height
    disc_height_post: float = 1.0  # fraction of the healthy posterior disc height
    hydration: float = 1.0  # nucleus water: 1 bright on T2 MRI, 0 black (Pfirrmann I → V)
    bulge: float = 0.0  # mm, circumferential annular bulge
    herniation: float = 0.0  # mm, posterolateral protrusion on the chosen side
    cartilage: float = 1.0  # fraction of healthy facet cartilage thickness
    endplate_spur: float = 0.0  # mm, osteophytes at the vertebral endplate margins
    facet_spur: float = 0.0  # mm, osteophytes at the facet margins
    foraminal: float = 0.0  # mm the foramen closes on its exiting root: fat first (Lee 1–2), then the root (Lee 3)


@dataclass(frozen=True)
class LevelState:
    """One level of a patient's case as the geometry needs it (meshes.case): fractions of healthy, sizes in mm,
    targets in mm² measured on the posed model.  The defaults are a healthy level."""

    disc_height_ant: float = 1.0  # fraction of the healthy anterior disc height
    disc_height_post: float = 1.0  # fraction of the healthy posterior disc height
    hydration: float = 1.0  # nucleus water: 1 bright on T2, 0 black
    bulge: float = 0.0  # mm, circumferential annular bulge
    herniation: float = 0.0  # mm beyond the disc margin
    herniation_sides: tuple[float, ...] = ()  # +1 right, -1 left, 0 midline (both sides: (-1, +1))
    herniation_angle: float = 0.0  # degrees from straight back: central 0 … extraforaminal 85
    cartilage: tuple[float, float] = (1.0, 1.0)  # (left, right) fraction of healthy facet cartilage
    endplate_spur: float = 0.0  # mm
    facet_spur: tuple[float, float] = (0.0, 0.0)  # (left, right) mm
    foraminal: tuple[float, float] = (0.0, 0.0)  # (left, right) mm the foramen closes on its exiting root
    foramen_open: tuple[float, float] = (1.0, 1.0)  # (left, right) target area, fraction of the healthy foramen
    listhesis: float = 0.0  # fraction of the lower endplate's depth the upper vertebra slips: + forward, - back
    flavum: float = 0.0  # mm the ligamentum flavum thickens at least (facet arthropathy)
    canal_area: float | None = None  # mm², the dural sac's target area; None: as the other findings leave it
    traversing: tuple[float, float] = (0.0, 0.0)  # (left, right) mm of herniation reach on the traversing root
    exiting: tuple[float, float] = (0.0, 0.0)  # (left, right) mm of herniation reach on the exiting root
    named_roots: tuple[tuple[str, str, float], ...] = ()  # (root, side, mm) roots the report names as touched
    recess: float = 0.0  # mm the overgrown facets press the sac's back corners in (the lateral recesses narrow)
    bend: float = 0.0  # the segment's posture: -1 full extension (leaning back), 0 neutral, +1 full flexion

    def side(self, side: str) -> Pathology:
        """The one-sided state of the degeneration rig (meshes.pathology) for `side`, "left" or "right"."""
        i = 0 if side == "left" else 1
        return Pathology(self.disc_height_ant, self.disc_height_post, self.hydration, self.bulge, self.herniation,
                         self.cartilage[i], self.endplate_spur, self.facet_spur[i], self.foraminal[i])

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

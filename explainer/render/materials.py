"""How each structure looks: the palette of a medical illustration, chosen per structure name and group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from vtkmodules.vtkCommonCore import vtkLookupTable

from meshes import Structure


@dataclass(frozen=True)
class Material:
    """Surface colour and Phong terms of one structure; `opacity` below 1 makes it see-through."""

    color: tuple[float, float, float]
    opacity: float = 1.0
    ambient: float = 0.12
    diffuse: float = 0.85
    specular: float = 0.12
    specular_power: float = 18.0


BONE = Material((0.93, 0.89, 0.78), specular=0.18, specular_power=22.0)  # ivory
ANNULUS = Material((0.80, 0.84, 0.86), specular=0.2)  # pale, faintly blue-grey to stand apart from bone
NUCLEUS = Material((0.45, 0.62, 0.92), opacity=0.55, specular=0.3, specular_power=30.0)
CARTILAGE = Material((0.82, 0.90, 1.00), specular=0.6, specular_power=60.0)  # glossy bluish-white
NERVE = Material((0.98, 0.82, 0.22), specular=0.25, specular_power=25.0)
FLAVUM = Material((0.90, 0.78, 0.46), specular=0.15)  # the yellow ligament: a tan yellow, apart from the nerves
DURA = Material((0.98, 0.93, 0.62), opacity=0.45, specular=0.2)
MUSCLE = Material((0.62, 0.26, 0.20), opacity=0.35, specular=0.08)

HIGHLIGHT = (1.0, 0.55, 0.12)  # warm orange: no tissue in the palette is this colour
ALARM = (0.85, 0.08, 0.32)  # a pressed nerve root: crimson, far darker than the yellow nerve for any colour vision
SPUR = (0.78, 0.46, 0.28)  # new bone at the margins: a terracotta tint on the ivory
FAT = (0.96, 0.84, 0.40)  # fat in a muscle: the pale yellow of fat against the red-brown muscle

GROUP_TITLES = {
    "bones": "Bones",
    "discs": "Discs",
    "cartilage": "Facet cartilage",
    "ligaments": "Ligaments",
    "nerves": "Nerves",
    "muscles": "Muscles",
    "pelvis": "Pelvis",
}
HIDDEN_AT_START = frozenset({"muscles", "pelvis"})  # context for some views; at the start they would hide the spine

_BY_PREFIX = (("nucleus", NUCLEUS), ("dura", DURA), ("si_cartilage", CARTILAGE), ("si_ligament", FLAVUM))
_BY_GROUP = {"bones": BONE, "pelvis": BONE, "discs": ANNULUS, "cartilage": CARTILAGE, "ligaments": FLAVUM,
             "nerves": NERVE, "muscles": MUSCLE}


def material_for(structure: Structure) -> Material:
    """The material of `structure`: a name-specific one (nucleus, dura) before its group's."""
    for prefix, material in _BY_PREFIX:
        if structure.name.startswith(prefix):
            return material
    return _BY_GROUP.get(structure.group, BONE)


# Facet load as a heat map: cividis (Nuñez, Anderton & Renslow 2018), readable with any colour-vision
# deficiency and in greyscale, dark blue (little load) to yellow (much).  Nine stops sampled from matplotlib.
CIVIDIS = ((0.0, 0.135, 0.305), (0.103, 0.22, 0.436), (0.264, 0.308, 0.423), (0.381, 0.395, 0.436),
           (0.489, 0.485, 0.471), (0.609, 0.58, 0.464), (0.736, 0.681, 0.424), (0.871, 0.79, 0.343),
           (0.996, 0.909, 0.218))
LOAD_RANGE = (0.10, 0.75)  # facet share of the compressive load the colours span (healthy 0.16 → 0.70)


def load_lookup_table(entries: int = 256) -> vtkLookupTable:
    """The one lookup table of the facet-load heat map: cividis over LOAD_RANGE."""
    stops = np.array(CIVIDIS)
    x = np.linspace(0.0, 1.0, len(stops))
    t = np.linspace(0.0, 1.0, entries)
    table = vtkLookupTable()
    table.SetNumberOfTableValues(entries)
    table.SetTableRange(*LOAD_RANGE)
    for i, ti in enumerate(t):
        table.SetTableValue(i, *(float(np.interp(ti, x, stops[:, c])) for c in range(3)), 1.0)
    table.SetRampToLinear()
    table.BuildSpecialColors()
    return table


def ramp_table(start: tuple[float, float, float], end: tuple[float, float, float], entries: int = 64) -> vtkLookupTable:
    """A lookup table from colour `start` (0) to `end` (1), for tints that grow with a quantity."""
    table = vtkLookupTable()
    table.SetNumberOfTableValues(entries)
    table.SetTableRange(0.0, 1.0)
    for i, t in enumerate(np.linspace(0.0, 1.0, entries)):
        table.SetTableValue(i, *(a + (b - a) * float(t) for a, b in zip(start, end)), 1.0)
    table.BuildSpecialColors()
    return table

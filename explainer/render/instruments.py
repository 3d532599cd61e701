"""The props of the injection story, each made once and then only moved by its matrix: needle, trocar, C-arm,
centrifuge, the tube of separating blood, blobs of contrast and injectate, and the harvests' syringe and arm (the
fat cannula is a `shaft`).

Schematic, not to scale where that would make them invisible: the needle is drawn twice its 22 G width, and the
C-arm is smaller than a real one so that it fits in the picture with the spine.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonComputationalGeometry import vtkParametricTorus
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersCore import vtkAppendPolyData, vtkTubeFilter
from vtkmodules.vtkFiltersSources import (
    vtkCubeSource,
    vtkCylinderSource,
    vtkLineSource,
    vtkParametricFunctionSource,
    vtkSphereSource,
)
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

STEEL = (0.78, 0.80, 0.84)
CARM_GREY = (0.70, 0.74, 0.80)
CONTRAST = (0.15, 0.55, 1.00)  # iodinated dye, drawn as a clear blue in 3D (it shows dark on the X-ray)
INJECTATE = (0.45, 0.92, 0.55)
SKIN = (0.93, 0.74, 0.62)
FAT = (0.98, 0.84, 0.36)
BLOOD = (0.62, 0.05, 0.08)
VEIN = (0.28, 0.38, 0.78)
ARM_RADII = (40.0, 34.0)  # mm, upper arm and forearm (schematic, D)
CARM_RADIUS = 170.0  # mm from the target to the source and to the detector (a real C-arm is about 3 times that)


class Prop:
    """One actor whose geometry is fixed; `place(m)` moves, turns and scales it by writing its matrix."""

    def __init__(self, source, colour, opacity: float = 1.0, specular: float = 0.3):
        source.Update()  # the shape is made once: the mapper keeps the polygons, not the pipeline
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(source.GetOutput())
        mapper.ScalarVisibilityOff()
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(*colour)
        prop.SetOpacity(opacity)
        prop.SetSpecular(specular)
        prop.SetSpecularPower(30.0)
        prop.SetInterpolationToPhong()
        self.actor.SetPickable(False)
        self.matrix = vtkMatrix4x4()
        self.actor.SetUserMatrix(self.matrix)

    def place(self, m: np.ndarray) -> None:
        for i in range(3):
            for j in range(4):
                self.matrix.SetElement(i, j, float(m[i, j]))
        self.matrix.Modified()

    def show(self, on: bool) -> None:
        self.actor.SetVisibility(on)


def _tube(start, end, radius: float, sides: int = 16):
    line = vtkLineSource()
    line.SetPoint1(*start)
    line.SetPoint2(*end)
    tube = vtkTubeFilter()
    tube.SetInputConnection(line.GetOutputPort())
    tube.SetRadius(radius)
    tube.SetNumberOfSides(sides)
    tube.CappingOn()
    return tube


def _cylinder(radius: float, height: float, centre=(0.0, 0.0, 0.0), resolution: int = 32):
    """A cylinder along y (VTK's own axis)."""
    c = vtkCylinderSource()
    c.SetRadius(radius)
    c.SetHeight(height)
    c.SetCenter(*centre)
    c.SetResolution(resolution)
    return c


def _merged(*sources):
    merged = vtkAppendPolyData()
    for s in sources:
        merged.AddInputConnection(s.GetOutputPort())
    return merged


def shaft(radius: float):
    """A shaft `radius` mm thick and one unit long, from z = -1 (its back end) to 0 (its tip): `along` gives
    the matrix that stretches it to its length in mm."""
    return _tube((0.0, 0.0, -1.0), (0.0, 0.0, 0.0), radius, 12)


def along(tip: np.ndarray, direction: np.ndarray, length: float) -> np.ndarray:
    """Matrix that puts a `shaft` with its tip at `tip`, pointing along `direction`, `length` mm long."""
    d = direction / np.linalg.norm(direction)
    u = np.cross(d, [0.0, 0.0, 1.0] if abs(d[2]) < 0.9 else [1.0, 0.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(d, u)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = u, v, d * length, tip
    return m


def t_handle():
    """A marrow trocar's T-handle in mm, its grip 50 mm across, at the shaft's back end (z = 0) and behind it:
    placed by `along(back_end, direction, 1.0)`, so that it is not stretched with the shaft."""
    return _merged(_tube((-25.0, 0.0, -14.0), (25.0, 0.0, -14.0), 5.0, 16), _tube((0.0, 0.0, -14.0), (0.0, 0.0, 0.0),
                                                                                  3.0, 12))


def c_arm():
    """The C-arm in its own frame, where -y is the beam's way (injection.carm_matrix): the tube (source) at
    y = -R, under the table, and the detector at y = +R, above the prone patient's back; the C joins them round
    the patient's right (+x)."""
    torus = vtkParametricTorus()
    torus.SetRingRadius(CARM_RADIUS + 30.0)
    torus.SetCrossSectionRadius(9.0)
    arc = vtkParametricFunctionSource()
    arc.SetParametricFunction(torus)
    torus.SetMinimumU(-0.5 * np.pi)
    torus.SetMaximumU(0.5 * np.pi)
    torus.JoinUOff()
    arc.SetUResolution(48)
    arc.SetVResolution(12)
    source = vtkCubeSource()
    source.SetXLength(70.0)
    source.SetYLength(40.0)
    source.SetZLength(70.0)
    source.SetCenter(0.0, -CARM_RADIUS - 10.0, 0.0)
    detector = _cylinder(75.0, 35.0, (0.0, CARM_RADIUS + 10.0, 0.0))
    return _merged(arc, source, detector)


def beam():
    """The X-ray beam's central ray, from the source (y = -R) to the detector (y = +R): a thin rod, opaque (a
    translucent cone cost a tenth of a frame to fill on a software renderer and was barely seen)."""
    return _tube((0.0, CARM_RADIUS, 0.0), (0.0, -CARM_RADIUS, 0.0), 1.2, 8)


def blob(resolution: int = 24):
    """A unit sphere, scaled into an ellipsoid of contrast or injectate by its matrix."""
    s = vtkSphereSource()
    s.SetRadius(1.0)
    s.SetThetaResolution(resolution)
    s.SetPhiResolution(resolution)
    return s


def rotor():
    """A centrifuge rotor (radius 45 mm) with four tube buckets swung out, axis along +y."""
    parts = [_cylinder(45.0, 10.0), _cylinder(8.0, 30.0, (0.0, 10.0, 0.0))]
    for k in range(4):
        a = k * np.pi / 2.0
        p = np.array([np.cos(a), 0.0, np.sin(a)])
        parts.append(_tube(p * 25.0 + [0.0, 12.0, 0.0], p * 55.0 + [0.0, 2.0, 0.0], 7.0, 16))
    return _merged(*parts)


def housing():
    """The centrifuge's body under the rotor: a low drum, open at the top."""
    return _cylinder(62.0, 40.0, (0.0, -26.0, 0.0), 48)


def layer():
    """One layer of the separating tube: a unit-height cylinder along y from 0 to 1, radius 1."""
    return _cylinder(1.0, 1.0, (0.0, 0.5, 0.0), 24)


def syringe():
    """A syringe in mm, its nozzle's tip at z = 0 and the barrel (7.5 mm radius, 70 mm) behind it along -z, with a
    finger flange and the plunger: placed by `along(nozzle, direction, 1.0)`, not stretched.  Drawn see-through,
    so that the `shaft` of fat or blood filling it (from z = -8 back) shows."""
    return _merged(_tube((0.0, 0.0, -8.0), (0.0, 0.0, 0.0), 1.5, 12), _tube((0.0, 0.0, -78.0), (0.0, 0.0, -8.0), 7.5,
                                                                               24),
                   _tube((-15.0, 0.0, -77.0), (15.0, 0.0, -77.0), 2.5, 12),
                   _tube((0.0, 0.0, -112.0), (0.0, 0.0, -78.0), 2.0, 12),
                   _tube((0.0, 0.0, -114.0), (0.0, 0.0, -112.0), 9.0, 24))


def arm():
    """A straightened arm in mm, the elbow's crease at the origin, the upper arm along +z and the forearm along
    -z, the crease's skin facing -y; a tourniquet round the upper arm.  Drawn see-through over its `vein`."""
    upper, fore = ARM_RADII
    return _merged(_tube((0.0, 0.0, 0.0), (0.0, 0.0, 260.0), upper, 32), _tube((0.0, 0.0, -240.0), (0.0, 0.0, 0.0),
                                                                                  fore, 32),
                   _tube((0.0, 0.0, 90.0), (0.0, 0.0, 102.0), upper + 2.0, 32))


def vein():
    """The vein at the inside of the elbow, just under the skin of the `arm` (same frame)."""
    return _tube((0.0, 4.0 - ARM_RADII[1], -120.0), (0.0, 4.0 - ARM_RADII[0], 120.0), 3.0, 16)


def probe():
    """An ultrasound probe in mm, its face (40 × 12 mm) on the skin at z = 0 and its body along -z, with a cable:
    placed by `along(skin_point, into_the_body, 1.0)`, not stretched."""
    face = vtkCubeSource()
    face.SetXLength(40.0)
    face.SetYLength(12.0)
    face.SetZLength(30.0)
    face.SetCenter(0.0, 0.0, -15.0)
    grip = vtkCubeSource()
    grip.SetXLength(24.0)
    grip.SetYLength(14.0)
    grip.SetZLength(35.0)
    grip.SetCenter(0.0, 0.0, -47.0)
    return _merged(face, grip, _tube((0.0, 0.0, -64.0), (0.0, 0.0, -110.0), 3.0, 12))

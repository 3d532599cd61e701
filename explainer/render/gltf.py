"""A 3D model for slides: the spine as binary glTF 2.0 (.glb), the format PowerPoint's 3D Models take.

Each structure is one named node with one mesh (positions, normals, triangles) and a material of its colour and
opacity (metallic-roughness: not metallic; blended where see-through).  glTF is in metres, +Y up, the front
facing +Z; the model's RAS millimetres are turned so that superior is up and anterior faces the viewer.
glTF colours are linear: the palette's display (sRGB) colours are converted, so a viewer shows them as the app.

Written with pygltflib; needs no VTK rendering (the healthy spine is exported without it), so the command line's
`export` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygltflib as gl
from vtkmodules.util.numpy_support import vtk_to_numpy

from explainer.files import atomic_path
from explainer.render.materials import HIDDEN_AT_START, material_for

# RAS mm -> glTF m: x to the left (+X is the asset's left when its front faces +Z), superior up, anterior forward
TO_GLTF = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]) * 0.001
GENERATOR = "Lumbar Explainer"


@dataclass(frozen=True)
class Part:
    """One structure as it is shown: `points` (n x 3, RAS mm), `triangles` (m x 3 point indices), its display
    colour, opacity and specular share (glossier surfaces are less rough), and the name a person reads."""

    name: str
    label: str
    points: np.ndarray
    triangles: np.ndarray
    colour: tuple[float, float, float]
    opacity: float
    specular: float


def _triangles(mesh) -> np.ndarray:
    """The mesh's polygons as an m x 3 index array (every surface of the model is triangulated)."""
    polys = mesh.GetPolys()
    sizes = np.diff(vtk_to_numpy(polys.GetOffsetsArray()))
    if sizes.size and not (sizes == 3).all():
        raise ValueError("glTF export needs triangle meshes")
    return vtk_to_numpy(polys.GetConnectivityArray()).reshape(-1, 3)


def _points(mesh, matrix=None) -> np.ndarray:
    """The mesh's points as they stand (a story writes into them), moved by an actor's user `matrix` if any."""
    points = vtk_to_numpy(mesh.GetPoints().GetData()).astype(float)
    if matrix is None:
        return points
    m = np.array([[matrix.GetElement(r, c) for c in range(4)] for r in range(4)])
    return points @ m[:3, :3].T + m[:3, 3]


def spine_parts(spine) -> list[Part]:
    """The healthy spine as the window opens on it: the groups shown at the start, in their materials."""
    parts = []
    for name, s in spine.structures.items():
        if s.group not in HIDDEN_AT_START:
            material = material_for(s)
            parts.append(Part(name, s.label, _points(s.mesh), _triangles(s.mesh), material.color,
                              material.opacity, material.specular))
    return parts


def scene_parts(scene) -> list[Part]:
    """The scene as it stands (a story's state included): every structure of a shown group that is not faded
    out, where it is drawn (its points, moved by its actor's matrix) and in the colour and opacity it shows."""
    parts = []
    for name, s in scene.spine.structures.items():
        prop = scene.actors[name].GetProperty()
        if scene.group_visible[s.group] and prop.GetOpacity() > 0.0:
            parts.append(Part(name, s.label, _points(s.mesh, scene.actors[name].GetUserMatrix()),
                              _triangles(s.mesh), tuple(scene.shown_colour(name)), prop.GetOpacity(),
                              scene.materials[name].specular))
    return parts


def _linear(colour: Iterable[float]) -> list[float]:
    """A display (sRGB) colour as glTF's linear base colour."""
    c = np.clip(np.asarray(list(colour), dtype=float), 0.0, 1.0)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).tolist()


def _normals(points: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Unit point normals of the surface as it stands, area-weighted; a point on no triangle gets +Y."""
    corners = points[triangles]
    faces = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(points)
    for k in range(3):
        np.add.at(normals, triangles[:, k], faces)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return np.where(length > 0, normals / np.where(length > 0, length, 1.0), [0.0, 1.0, 0.0])


class _Blob:
    """The binary chunk: each array in its own 4-byte-aligned buffer view, with an accessor on it."""

    def __init__(self, model: gl.GLTF2):
        self.model, self.data = model, bytearray()

    def add(self, array: np.ndarray, kind: str, component: int, target: int, bounds: bool) -> int:
        """Append `array` and return its accessor's index; `bounds`: give min and max (positions must)."""
        raw = np.ascontiguousarray(array).tobytes()
        self.data += b"\0" * (-len(self.data) % 4)
        self.model.bufferViews.append(gl.BufferView(buffer=0, byteOffset=len(self.data), byteLength=len(raw),
                                                    target=target))
        self.data += raw
        accessor = gl.Accessor(bufferView=len(self.model.bufferViews) - 1, componentType=component,
                               count=len(array), type=kind)
        if bounds:
            accessor.min, accessor.max = array.min(axis=0).tolist(), array.max(axis=0).tolist()
        self.model.accessors.append(accessor)
        return len(self.model.accessors) - 1


def _add_part(model: gl.GLTF2, blob: _Blob, part: Part) -> None:
    """One structure: its material, its mesh (in glTF axes and metres) and a node of its name."""
    points = (part.points @ TO_GLTF.T).astype(np.float32)
    triangles = part.triangles.astype(np.uint32)
    normals = _normals(points.astype(float), triangles).astype(np.float32)
    see_through = part.opacity < 1.0
    model.materials.append(gl.Material(
        name=part.name, doubleSided=False, alphaMode=gl.BLEND if see_through else gl.OPAQUE,
        pbrMetallicRoughness=gl.PbrMetallicRoughness(baseColorFactor=[*_linear(part.colour), float(part.opacity)],
                                                     metallicFactor=0.0, roughnessFactor=1.0 - part.specular)))
    attributes = gl.Attributes(POSITION=blob.add(points, gl.VEC3, gl.FLOAT, gl.ARRAY_BUFFER, True),
                               NORMAL=blob.add(normals, gl.VEC3, gl.FLOAT, gl.ARRAY_BUFFER, False))
    indices = blob.add(triangles.reshape(-1), gl.SCALAR, gl.UNSIGNED_INT, gl.ELEMENT_ARRAY_BUFFER, False)
    model.meshes.append(gl.Mesh(name=part.name, primitives=[
        gl.Primitive(attributes=attributes, indices=indices, material=len(model.materials) - 1)]))
    model.nodes.append(gl.Node(name=part.name, mesh=len(model.meshes) - 1, extras={"label": part.label}))


def write_glb(parts: list[Part], out: Path) -> None:
    """Write `parts` as one binary glTF 2.0 file `out`, atomically: one scene, one node per part."""
    model = gl.GLTF2(asset=gl.Asset(version="2.0", generator=GENERATOR), scene=0)
    blob = _Blob(model)
    for part in parts:
        _add_part(model, blob, part)
    model.scenes.append(gl.Scene(name="lumbar spine", nodes=list(range(len(model.nodes)))))
    model.buffers.append(gl.Buffer(byteLength=len(blob.data)))
    model.set_binary_blob(bytes(blob.data))
    with atomic_path(out) as tmp:
        Path(tmp).write_bytes(b"".join(model.save_to_bytes()))

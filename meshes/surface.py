"""Turn a signed-distance function into a closed, smooth triangle surface."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkFiltersCore import vtkFlyingEdges3D, vtkQuadricDecimation, vtkWindowedSincPolyDataFilter

Field = Callable[[np.ndarray], np.ndarray]
CHUNK = 32768  # points per field call (see evaluate)
LIPSCHITZ = 1.5  # most a field changes per mm near its surface (see refine): 0.6 is the most any cell needed


def grid_points(lo: np.ndarray, spacing: float, index: tuple[np.ndarray, ...]) -> np.ndarray:
    """Coordinates of grid nodes given as (k, j, i) index arrays (z, y, x order, as VTK stores them)."""
    return np.column_stack([lo[0] + spacing * index[2], lo[1] + spacing * index[1], lo[2] + spacing * index[0]])


def evaluate(field: Field, points: np.ndarray) -> np.ndarray:
    """The field at many points, CHUNK at a time: numpy's temporaries then stay in the CPU's cache, which
    makes a long chain of array operations two to three times faster than one call on every point."""
    if len(points) <= CHUNK:
        return field(points)
    return np.concatenate([field(points[i:i + CHUNK]) for i in range(0, len(points), CHUNK)])


def cell_min(values: np.ndarray) -> np.ndarray:
    """For each cell of a grid of node values, the smallest of its eight corners."""
    values = np.minimum(values[1:], values[:-1])
    values = np.minimum(values[:, 1:], values[:, :-1])
    return np.minimum(values[:, :, 1:], values[:, :, :-1])


def cell_nodes(cells: np.ndarray) -> np.ndarray:
    """The nodes, at twice the resolution, of the closed cells marked in `cells` (corners, edges, faces, middle)."""
    for axis in range(3):
        marked = np.moveaxis(cells, axis, 0)
        nodes = np.zeros((2 * len(marked) + 1, *marked.shape[1:]), dtype=bool)
        for start in (0, 1, 2):
            nodes[start:start + 2 * len(marked):2] |= marked
        cells = np.moveaxis(nodes, 0, axis)
    return cells


def refine(field: Field, coarse: np.ndarray, lo: np.ndarray, spacing: float, step: int) -> np.ndarray:
    """Node values at half the step: evaluated in the cells the surface may cross, a corner's value elsewhere.

    A cell whose corners all lie farther from zero than the field can change within it (LIPSCHITZ per mm over
    half its diagonal) holds no surface, so its inner nodes keep the sign of the corner they copy.
    """
    near = cell_min(np.abs(coarse)) <= LIPSCHITZ * step * spacing * np.sqrt(3.0) / 2
    fine = coarse[np.ix_(*(np.arange(2 * n - 1) // 2 for n in coarse.shape))]
    todo = cell_nodes(near)
    todo[::2, ::2, ::2] = False  # the coarse nodes are known already
    index = np.nonzero(todo)
    fine[index] = evaluate(field, grid_points(lo, spacing, tuple(i * (step // 2) for i in index)))
    return fine


def narrow_band(field: Field, lo: np.ndarray, dims: np.ndarray, spacing: float, levels: int = 3) -> np.ndarray:
    """Field values on the grid, exact wherever the surface can pass and of the right sign elsewhere.

    Coarse to fine: every 2**levels-th node first, then each finer level only inside the cells that may hold
    the surface.  Flying edges reads values only at the ends of edges the surface crosses, and those lie in
    cells kept down to the finest level, so the surface is the one a full evaluation gives, at a fraction of
    the work (the field is sampled in a thin shell around the surface).
    """
    step = 2**levels
    shape = [-(-(n - 1) // step) * step + 1 for n in dims[::-1]]  # whole coarse cells, z y x
    index = np.meshgrid(*[np.arange(0, n, step) for n in shape], indexing="ij")
    values = evaluate(field, grid_points(lo, spacing, tuple(i.ravel() for i in index)))
    values = values.reshape(index[0].shape)
    while step > 1:
        values = refine(field, values, lo, spacing, step)
        step //= 2
    return values[:dims[2], :dims[1], :dims[0]]


def sample_grid(field: Field, lo: np.ndarray, hi: np.ndarray, spacing: float) -> vtkImageData:
    """Evaluate the field on a regular grid that covers [lo, hi] with empty cells all round."""
    lo = np.asarray(lo, dtype=float) - 2 * spacing
    dims = np.ceil((np.asarray(hi, dtype=float) + 2 * spacing - lo) / spacing).astype(int) + 1
    values = narrow_band(field, lo, dims, spacing)
    image = vtkImageData()
    image.SetDimensions(*(int(d) for d in dims))
    image.SetOrigin(*lo)
    image.SetSpacing(spacing, spacing, spacing)
    image.GetPointData().SetScalars(numpy_to_vtk(values.ravel().astype(np.float32), deep=True))
    return image


def extract(field: Field, lo, hi, spacing: float = 0.8, smooth: int = 12) -> pv.PolyData:
    """The zero level set as triangles: flying edges, then light smoothing that keeps the shape."""
    edges = vtkFlyingEdges3D()
    edges.SetInputData(sample_grid(field, lo, hi, spacing))
    edges.SetValue(0, 0.0)
    edges.ComputeNormalsOff()
    edges.ComputeGradientsOff()
    out = edges
    if smooth:
        sinc = vtkWindowedSincPolyDataFilter()
        sinc.SetInputConnection(out.GetOutputPort())
        sinc.SetNumberOfIterations(smooth)
        sinc.SetPassBand(0.1)
        sinc.NormalizeCoordinatesOn()
        sinc.BoundarySmoothingOff()
        sinc.FeatureEdgeSmoothingOff()
        out = sinc
    out.Update()
    mesh = pv.wrap(out.GetOutput())
    return pv.PolyData(mesh.points.astype(np.float32), mesh.faces)


def finish(mesh: pv.PolyData) -> pv.PolyData:
    """Triangles wound outwards (positive volume) and point normals computed once here, not at start-up."""
    tri = mesh.faces.reshape(-1, 4)[:, 1:]
    p = mesh.points[tri].astype(np.float64)
    if np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2])).sum() < 0:
        tri = tri[:, ::-1]
    faces = np.hstack([np.full((len(tri), 1), 3, dtype=tri.dtype), tri]).ravel()
    out = pv.PolyData(mesh.points.astype(np.float32), faces)
    normals = out.compute_normals(cell_normals=False, split_vertices=False, consistent_normals=False,
                                  auto_orient_normals=False).point_data["Normals"]
    out.point_data["Normals"] = normals.astype(np.float32)
    out.point_data.active_normals_name = "Normals"
    return out


def coarse_copy(mesh: pv.PolyData, keep: float) -> pv.PolyData:
    """A light stand-in (about `keep` of the triangles) drawn while the camera moves.

    Software OpenGL pays per triangle on screen, so moving frames use these and still frames the full mesh.
    Quadric decimation keeps the silhouette and the winding, so the copy stays closed and faces outwards.
    """
    decimate = vtkQuadricDecimation()
    decimate.SetInputData(mesh)
    decimate.SetTargetReduction(1.0 - keep)
    decimate.VolumePreservationOn()
    decimate.Update()
    return finish(pv.wrap(decimate.GetOutput()))


def signed_distance(points: np.ndarray, surface: pv.PolyData) -> np.ndarray:
    """Distance of each point to a closed, outward-wound surface: negative inside."""
    return np.asarray(pv.PolyData(np.asarray(points, dtype=float)).compute_implicit_distance(surface)[
        "implicit_distance"])

"""An X-ray-like projection of the bones: what the C-arm's monitor shows, cheap enough for 30 fps playback.

At construction every bone is voxelised (a scan-line stencil of its closed surface) into a cloud of weighted
points: voxel centres inside the bone, the outermost shell (the cortex, about 1.5 mm) weighted CORTEX_RATIO
times the cancellous interior, so that outlines read as on a radiograph — pedicles as rings, endplates as lines.
A view is a parallel projection of that cloud along the beam: the points are splatted bilinearly (one
`np.bincount`) onto a grid of voxel-sized cells, edge-enhanced (unsharp mask, as fluoroscopes do), resampled
to the image with a smooth kernel (the blur) and put through an attenuation curve: about 2 ms for 110k points
at 256², no BLAS, no Python loop over points.  Bone-only images are cached per view (angles rounded to 0.5°);
a needle and contrast are drawn on a copy of the cached image (about 0.15 ms).  Not for concurrent use from
several threads (work buffers are shared between calls).

Conventions (world mm, RAS: +x patient's right, +y anterior, +z superior):

* `rotation_deg` turns the C-arm about the body's long axis.  0 is PA: the beam runs posterior → anterior,
  from behind the prone patient.  Positive turns the source towards the patient's right: the beam comes from
  the right-posterior side, so +35° is the right oblique that shows the Scotty dog of the *right* posterior
  elements; negative gives the left oblique (left-side dog).  ±90° is lateral (+90: beam from the right).
* `tilt_deg` tilts the beam cranio-caudally: positive = cranial (the beam travels towards the head, the source
  moved caudally), as used to square the endplates of a lordotic segment.
* The image is seen along the beam, from the source side, head up: in PA the patient's right is on the image's
  right (the operator's view of the prone patient's back); in the +90° lateral anterior is on the right.
* Pixel coordinates are (column, row), row 0 at the top, pixel centres at integers; `center` projects to
  ((size - 1) / 2, (size - 1) / 2).
* Display as on a fluoroscopy monitor: light background, bone darker where it is thicker, metal (the needle)
  and contrast dark.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkImagingStencil import vtkImageStencilToImage, vtkPolyDataToImageStencil

BACKGROUND = 212.0  # grey of the empty field
DARKEST = 30.0  # what an infinitely thick bone would reach
MU = 0.014  # per mm of cancellous-equivalent bone: attenuation along the beam
CORTEX_MM = 1.5  # cortical shell thickness the weights stand for
CORTEX_RATIO = 6.0  # cortex attenuates this much more than cancellous bone (which is mostly marrow)
NEEDLE_GREY = 12.0
END_ON_PX = 6.0  # a needle shorter than this on the image is seen end-on (the "tunnel view")
END_ON_MM = 2.0  # the dense dot it makes then, blur included
CONTRAST_GREY = 25.0
CACHE_SIZE = 24  # bone-only images kept (a sweep of the C-arm, both ends of a playback)
FIELD = (160.0, 160.0)
EDGE_GAIN = 0.8  # unsharp-mask gain (image processing of the fluoroscope); 0 turns it off
EDGE_MM = 4.0  # ... and the half-width of its smoothing window
GRID_PER_VOXEL = 1.0  # projection grid cells per voxel width
SMOOTH_CELLS = 0.6  # resampling kernel width (sigma) in grid cells


def beam_axes(rotation_deg: float, tilt_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The beam direction `d` (source → detector) and the image's right `u` and up `v` axes (unit, world)."""
    t, p = np.radians(rotation_deg), np.radians(tilt_deg)
    d = np.array([-np.sin(t) * np.cos(p), np.cos(t) * np.cos(p), np.sin(p)])
    v = np.array([np.sin(t) * np.sin(p), -np.cos(t) * np.sin(p), np.cos(p)])
    return d, np.cross(d, v), v


def _projector(rotation_deg, tilt_deg, size, field_mm, center) -> tuple[np.ndarray, np.ndarray]:
    """3×2 matrix and offset taking world points to (column, row) pixel coordinates."""
    _, u, v = beam_axes(rotation_deg, tilt_deg)
    sx, sy = size / float(field_mm[0]), size / float(field_mm[1])
    m = np.column_stack([u * sx, -v * sy])
    offset = 0.5 * (size - 1) - np.asarray(center, dtype=float) @ m
    return m, offset


def project(points, rotation_deg: float = 0.0, tilt_deg: float = 0.0, size: int = 256,
            field_mm: tuple[float, float] = FIELD, center=(0.0, 0.0, 0.0)) -> np.ndarray:
    """(N, 2) pixel coordinates (column, row; row 0 at the top) of world points in the view (see module doc)."""
    m, offset = _projector(rotation_deg, tilt_deg, size, field_mm, center)
    return np.atleast_2d(np.asarray(points, dtype=float)) @ m + offset


def _voxels(mesh: pv.PolyData, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Voxel centres inside a closed surface, and for each whether it lies in the outer (cortical) shell."""
    b = np.asarray(mesh.bounds, dtype=float).reshape(3, 2)
    lo = b[:, 0] - spacing
    dims = np.ceil((b[:, 1] - b[:, 0] + 2 * spacing) / spacing).astype(int) + 1
    stencil = vtkPolyDataToImageStencil()
    stencil.SetInputData(mesh)
    stencil.SetOutputOrigin(*lo)
    stencil.SetOutputSpacing(spacing, spacing, spacing)
    stencil.SetOutputWholeExtent(0, int(dims[0]) - 1, 0, int(dims[1]) - 1, 0, int(dims[2]) - 1)
    image = vtkImageStencilToImage()
    image.SetInputConnection(stencil.GetOutputPort())
    image.SetInsideValue(1)
    image.SetOutsideValue(0)
    image.SetOutputScalarTypeToUnsignedChar()
    image.Update()
    inside = vtk_to_numpy(image.GetOutput().GetPointData().GetScalars()).reshape(dims[::-1]).astype(bool)
    core = inside.copy()  # six-neighbour erosion: what is left is more than one voxel inside
    core[1:] &= inside[:-1]
    core[:-1] &= inside[1:]
    core[:, 1:] &= inside[:, :-1]
    core[:, :-1] &= inside[:, 1:]
    core[:, :, 1:] &= inside[:, :, :-1]
    core[:, :, :-1] &= inside[:, :, 1:]
    k, j, i = np.nonzero(inside)
    points = np.column_stack([lo[0] + spacing * i, lo[1] + spacing * j, lo[2] + spacing * k])
    return points, ~core[k, j, i]


@lru_cache(maxsize=16)
def _resampler(n: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """How `size` pixels spanning the field are resampled from n grid cells spanning it: for each pixel the
    indices (size, taps) of the cells it draws on and their weights (rows sum to one).

    Kernel: a Gaussian SMOOTH_CELLS wide (sigma), close to a cubic B-spline, so the image is smooth and the cells
    do not show.  Done as a few gathers rather than a matrix product: BLAS would start threads, and threads that
    wait for a busy core cost tens of milliseconds.
    """
    centres = (np.arange(size) + 0.5) * n / size - 0.5  # pixel centres in cell units
    taps = np.arange(-2, 3)
    index = np.floor(centres).astype(np.intp)[:, None] + taps[None, :]
    k = np.exp(-0.5 * ((centres[:, None] - index) / SMOOTH_CELLS) ** 2)
    k[(index < 0) | (index >= n)] = 0.0
    return np.clip(index, 0, n - 1), (k / k.sum(axis=1, keepdims=True)).astype(np.float32)


def _box(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    """Mean over a window of 2r + 1 cells along one axis (edges clamped), by cumulative sums."""
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r + 1, r)
    c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis)
    n = a.shape[axis]
    hi = c.take(np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
    lo = c.take(np.arange(0, n), axis=axis)
    return (hi - lo) / np.float32(2 * r + 1)


def _enhance(a: np.ndarray, r: int, gain: float) -> np.ndarray:
    """Unsharp masking, as fluoroscopy systems do: detail finer than about 2r cells is boosted by `gain`, so
    cortical outlines (pedicle rings, the pars, endplates) stand out against the broad shadow of the bodies."""
    smooth = _box(_box(a, r, 0), r, 1)
    smooth = _box(_box(smooth, r, 0), r, 1)
    return np.maximum(a + gain * (a - smooth), 0.0)


def _resample(grid: np.ndarray, size: int) -> np.ndarray:
    """A (gh, gw) grid resampled to (size, size) pixels (see _resampler)."""
    ri, rw = _resampler(grid.shape[0], size)
    ci, cw = _resampler(grid.shape[1], size)
    rows = grid[ri[:, 0]] * rw[:, 0, None]
    for t in range(1, ri.shape[1]):
        rows += grid[ri[:, t]] * rw[:, t, None]
    out = rows[:, ci[:, 0]] * cw[:, 0]
    for t in range(1, ci.shape[1]):
        out += rows[:, ci[:, t]] * cw[:, t]
    return out


class Radiograph:
    """Bones as a weighted point cloud, and fluoroscopy images of it from any C-arm angle.

    `meshes`: closed, outward-wound bone surfaces (any number: vertebrae, sacrum, ilia).  `spacing`: voxel size
    in mm; 1.5 gives about 110k points for L1–sacrum, 2.0 about half that.
    """

    def __init__(self, meshes: Sequence[pv.PolyData], spacing: float = 1.5) -> None:
        self.spacing = float(spacing)
        pts, shell = [], []
        for mesh in meshes:
            p, s = _voxels(mesh, self.spacing)
            pts.append(p)
            shell.append(s)
        points = np.concatenate(pts) if pts else np.zeros((0, 3))
        cortex = np.concatenate(shell) if shell else np.zeros(0, dtype=bool)
        self.points = points.astype(np.float32)
        # weight = mm³ of cancellous-equivalent bone; the shell stands for CORTEX_MM of cortex whatever the spacing
        extra = (CORTEX_RATIO - 1.0) * min(CORTEX_MM / self.spacing, 1.0)
        self.weights = (self.spacing**3 * np.where(cortex, 1.0 + extra, 1.0)).astype(np.float64)
        self._finish: dict[tuple, np.ndarray] = {}
        self.angle_step = 0.5  # degrees: views closer than this share one cached bone image
        self.edges = True  # cortical outlines enhanced (a draft seen in motion goes without)
        self._prepare()

    def _prepare(self) -> None:
        """Work buffers and an empty view cache for the current points and weights."""
        self.weights32 = self.weights.astype(np.float32)
        self._points_t = np.ascontiguousarray(self.points.T)
        n = len(self.points)
        self._buffers = (np.empty((2, n), np.float32), np.empty((2, n), np.float32), np.empty((4, n), np.intp),
                         np.empty((4, n), np.float64))
        self.cache_hits = 0
        self.cache_misses = 0
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self.points)

    def around(self, center, radius_mm: float) -> Radiograph:
        """The same bones cut to a ball around `center`: enough for a field up to `radius_mm` from it at any
        angle, and cheaper per view (a pelvis far from the target costs nothing)."""
        keep = np.linalg.norm(self.points - np.asarray(center, dtype=np.float32), axis=1) <= radius_mm
        part = object.__new__(Radiograph)
        part.spacing, part.points, part.weights = self.spacing, self.points[keep], self.weights[keep]
        part._finish, part.angle_step, part.edges = self._finish, self.angle_step, self.edges
        part._prepare()
        return part

    def coarser(self, spacing: float, angle_step: float = 1.0) -> Radiograph:
        """The same bones merged into cells `spacing` mm wide (weights summed, at their weighted centre): a
        draft about (spacing / self.spacing)³ times cheaper per view, for frames seen only in motion: its images
        skip the edge enhancement (motion blurs them anyway) and are shared across `angle_step` degrees."""
        cells = np.floor(self.points / np.float32(spacing)).astype(np.int64)
        _, group = np.unique(cells, axis=0, return_inverse=True)
        group = group.ravel()
        weight = np.bincount(group, weights=self.weights)
        centre = np.stack([np.bincount(group, weights=self.weights * self.points[:, k]) for k in range(3)], axis=1)
        part = object.__new__(Radiograph)
        part.spacing, part.points, part.weights = float(spacing), (centre / weight[:, None]).astype(np.float32), weight
        part._finish, part.angle_step, part.edges = self._finish, angle_step, False
        part._prepare()
        return part

    # --- bone image ---------------------------------------------------------------------------------------------

    def bone_density(self, rotation_deg: float, tilt_deg: float, size: int, field_mm, center) -> np.ndarray:
        """(size, size) mm of cancellous-equivalent bone along the beam through each pixel.

        The points are splatted bilinearly onto a grid whose cells are about one voxel wide (finer would leave
        the lattice showing), edge-enhanced, and resampled to the image with a smooth kernel, which is also
        the image's blur.
        """
        gw, gh = (max(int(np.ceil(f / self.spacing * GRID_PER_VOXEL)), 4) for f in field_mm)
        m, offset = _projector(rotation_deg, tilt_deg, 1, (field_mm[0] / gw, field_mm[1] / gh), center)
        # _projector with size 1 puts the centre at 0: shift so that the grid's middle is there, plus a margin.
        # Work buffers are kept between calls: fresh multi-megabyte arrays each frame cost more (page faults)
        # than the arithmetic.
        uv, cell, idx, wts = self._buffers
        p = self._points_t  # (3, N); element-wise rather than a BLAS product, for the reason in _resampler
        tmp = cell[0]
        for k in range(2):
            np.multiply(p[0], np.float32(m[0, k]), out=uv[k])
            np.multiply(p[1], np.float32(m[1, k]), out=tmp)
            uv[k] += tmp
            np.multiply(p[2], np.float32(m[2, k]), out=tmp)
            uv[k] += tmp
        uv[0] += np.float32(offset[0] + 0.5 * (gw - 1) + 1.0)
        uv[1] += np.float32(offset[1] + 0.5 * (gh - 1) + 1.0)
        np.clip(uv[0], 0.0, gw + 0.999, out=uv[0])
        np.clip(uv[1], 0.0, gh + 0.999, out=uv[1])
        np.floor(uv, out=cell)
        uv -= cell  # now the fractions within the cell
        stride = gw + 2
        np.multiply(cell[1], stride, out=cell[1])
        cell[1] += cell[0]
        idx[0] = cell[1]
        np.add(idx[0], 1, out=idx[1])
        np.add(idx[0], stride, out=idx[2])
        np.add(idx[0], stride + 1, out=idx[3])
        fx, fy = uv
        np.multiply(self.weights32, fy, out=wts[2])
        np.subtract(self.weights32, wts[2], out=wts[0])
        np.multiply(wts[0], fx, out=wts[1])
        wts[0] -= wts[1]
        np.multiply(wts[2], fx, out=wts[3])
        wts[2] -= wts[3]
        acc = np.bincount(idx.reshape(-1), weights=wts.reshape(-1), minlength=(gh + 3) * stride)[: (gh + 2) * stride]
        acc = acc.reshape(gh + 2, stride)[1:-1, 1:-1].astype(np.float32)
        cell_area = (field_mm[0] / gw) * (field_mm[1] / gh)
        acc /= np.float32(cell_area)
        if EDGE_GAIN and self.edges:
            acc = _enhance(acc, max(int(round(EDGE_MM / self.spacing)), 1), EDGE_GAIN)
        return _resample(acc, size)

    def _finishing(self, size: int) -> np.ndarray:
        """Per-size background: a soft vignette and fixed (seeded) quantum-like noise, added to every frame."""
        if size not in self._finish:
            y, x = np.mgrid[0:size, 0:size].astype(np.float32)
            r2 = ((x - 0.5 * (size - 1)) ** 2 + (y - 0.5 * (size - 1)) ** 2) / (0.5 * size) ** 2
            noise = np.random.default_rng(size).normal(0.0, 2.0, (size, size)).astype(np.float32)
            self._finish[size] = -14.0 * np.clip(r2 - 0.35, 0.0, None) + noise
        return self._finish[size]

    def render_bone(self, rotation_deg: float, tilt_deg: float, size: int = 256, field_mm=FIELD,
                    center=(0.0, 0.0, 0.0)) -> np.ndarray:
        """The bone-only image, computed afresh (no cache)."""
        density = self.bone_density(rotation_deg, tilt_deg, size, field_mm, center)
        grey = DARKEST + (BACKGROUND - DARKEST) * np.exp(-MU * density) + self._finishing(size)
        return np.clip(grey, 0, 255).astype(np.uint8)

    def bone_image(self, rotation_deg: float = 0.0, tilt_deg: float = 0.0, size: int = 256, field_mm=FIELD,
                   center=(0.0, 0.0, 0.0)) -> np.ndarray:
        """The bone-only image from the cache (angles rounded to `angle_step`); read-only, do not draw on it."""
        key = _view_key(rotation_deg, tilt_deg, size, field_mm, center, self.angle_step)
        image = self._cache.get(key)
        if image is not None:
            self.cache_hits += 1
            self._cache.move_to_end(key)
            return image
        self.cache_misses += 1
        image = self.render_bone(key[0], key[1], size, key[3], key[4])
        image.flags.writeable = False
        self._cache[key] = image
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return image

    # --- the frame ----------------------------------------------------------------------------------------------

    def image(self, rotation_deg: float = 0.0, tilt_deg: float = 0.0, size: int = 256,
              field_mm: tuple[float, float] = FIELD, center=(0.0, 0.0, 0.0), needle=None,
              contrast=None) -> np.ndarray:
        """The fluoroscopy frame: (size, size) uint8, row 0 at the top.

        `needle`: (entry, tip) world points or None, drawn as a dark line about 2 px wide.  `contrast`:
        (points (N, 3), radius_mm) or None, each point splatted as a dark Gaussian blob of that radius.
        Angles are rounded to `angle_step` (the cache's step) for the bone and the overlays alike.
        """
        key = _view_key(rotation_deg, tilt_deg, size, field_mm, center, self.angle_step)
        out = self.bone_image(*key).copy()
        if needle is None and contrast is None:
            return out
        m, offset = _projector(key[0], key[1], size, key[3], key[4])
        if contrast is not None:
            points, radius = contrast
            points = np.asarray(points, dtype=float).reshape(-1, 3)
            if len(points):
                draw_contrast(out, points @ m + offset, radius * size / key[3][0])
        if needle is not None:
            ends = np.asarray(needle, dtype=float).reshape(2, 3) @ m + offset
            draw_line(out, ends[0], ends[1], NEEDLE_GREY)
            if np.linalg.norm(ends[1, :2] - ends[0, :2]) < END_ON_PX:  # down the beam: all its steel in one spot
                draw_contrast(out, ends[1:, :2], END_ON_MM * size / key[3][0], NEEDLE_GREY, strength=3.0)
        return out


def _view_key(rotation_deg, tilt_deg, size, field_mm, center, step: float = 0.5) -> tuple:
    return (round(float(rotation_deg) / step) * step, round(float(tilt_deg) / step) * step, int(size),
            (float(field_mm[0]), float(field_mm[1])), tuple(round(float(c), 1) for c in center))


# --- overlays (in place on a uint8 image) ---------------------------------------------------------------------


def draw_line(image: np.ndarray, a, b, grey: float = NEEDLE_GREY, half_width: float = 0.6,
              opacity: float = 0.92) -> None:
    """A dark anti-aliased segment from pixel `a` to pixel `b` (column, row), about 2 px wide, in place."""
    h, w = image.shape
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ab = b - a
    length = float(np.hypot(*ab))
    n = max(int(length * 2.0) + 1, 2)
    t = np.linspace(0.0, 1.0, n)
    centres = np.rint(a + t[:, None] * ab).astype(np.intp)
    cols, rows = _grid(centres, np.arange(-2, 3))
    keep = (cols >= 0) & (cols < w) & (rows >= 0) & (rows < h)
    cols, rows = cols[keep], rows[keep]
    if not len(cols):
        return
    p = np.column_stack([cols, rows]).astype(float) - a
    s = np.clip(p @ ab / max(length**2, 1e-9), 0.0, 1.0)
    dist = np.hypot(p[:, 0] - s * ab[0], p[:, 1] - s * ab[1])
    alpha = opacity * np.clip(half_width + 0.5 - dist, 0.0, 1.0)
    flat = rows * w + cols
    old = image.ravel()[flat].astype(np.float32)
    image.ravel()[flat] = np.rint(old + alpha * (grey - old)).astype(np.uint8)  # duplicates write equal values


def _grid(centres: np.ndarray, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pixel of a (2k+1)² square around each centre, as flat column and row arrays."""
    cols = (centres[:, 0, None, None] + off[None, None, :] + 0 * off[None, :, None]).ravel()
    rows = (centres[:, 1, None, None] + off[None, :, None] + 0 * off[None, None, :]).ravel()
    return cols, rows


def draw_contrast(image: np.ndarray, pixels: np.ndarray, radius_px: float, grey: float = CONTRAST_GREY,
                  strength: float = 1.3) -> None:
    """Contrast medium: each pixel position splatted as a Gaussian blob (about `radius_px` across), in place.

    Overlapping blobs add up before the attenuation, so a pool of contrast is darker than a thin film.
    """
    h, w = image.shape
    sigma = max(0.5 * radius_px, 0.6)
    reach = int(np.ceil(2.5 * sigma))
    off = np.arange(-reach, reach + 1)
    ky, kx = np.meshgrid(off, off, indexing="ij")
    kernel = np.exp(-(kx**2 + ky**2) / (2.0 * sigma**2)).ravel()
    centre = np.rint(pixels).astype(np.intp)
    inside = ((centre[:, 0] >= -reach) & (centre[:, 0] < w + reach) & (centre[:, 1] >= -reach)
              & (centre[:, 1] < h + reach))
    centre = centre[inside]
    if not len(centre):
        return
    cols = (centre[:, 0, None] + kx.ravel()[None, :]).ravel()
    rows = (centre[:, 1, None] + ky.ravel()[None, :]).ravel()
    weights = np.broadcast_to(kernel, (len(centre), len(kernel))).ravel()
    keep = (cols >= 0) & (cols < w) & (rows >= 0) & (rows < h)
    r0, r1 = rows[keep].min(), rows[keep].max() + 1
    c0, c1 = cols[keep].min(), cols[keep].max() + 1
    bw = c1 - c0
    acc = np.bincount((rows[keep] - r0) * bw + (cols[keep] - c0), weights=weights[keep],
                      minlength=(r1 - r0) * bw).reshape(r1 - r0, bw)
    patch = image[r0:r1, c0:c1].astype(np.float32)
    image[r0:r1, c0:c1] = np.rint(grey + (patch - grey) * np.exp(-strength * acc)).astype(np.uint8)


# --- landmarks ---------------------------------------------------------------------------------------------------


def scotty_dog_points(spine, level: str, side: str) -> dict[str, np.ndarray]:
    """World points of the parts the oblique view's 'Scotty dog' is made of, for one vertebra and side.

    Keys: 'transverse process' (nose), 'pedicle' (eye), 'superior articular process' (ear),
    'pars interarticularis' (neck), 'inferior articular process' (front leg), 'lamina' (body).
    `side` is 'right' or 'left'; the right dog is seen at positive rotation (see module doc).
    """
    from meshes import alignment, neural
    from meshes import vertebra as vt
    from meshes.params import VERTEBRAE
    from meshes.spine import placed_frames

    s = {"right": 1.0, "left": -1.0}[side]
    v = VERTEBRAE[level]
    world = placed_frames()
    joints = alignment.facet_joints(world)[level]
    root = vt.pedicle_root(v, s)
    wall = vt.wall_point(v, s)
    mid = vt.lamina_midline(v)
    back, up = np.radians(v.tp_angle_back), np.radians(v.tp_angle_up)
    tp_dir = np.array([s * np.cos(back) * np.cos(up), -np.sin(back), np.sin(up)])
    tp_base = root + (s * 0.25 * v.pedicle_width, 0.0, 1.0)
    above, below = joints["above"][s], joints["below"][s]
    n_above = above.normal / np.linalg.norm(above.normal)
    n_below = below.normal / np.linalg.norm(below.normal)
    sap = above.center - n_above * (0.5 * v.sap_thickness + 1.0) + (0.0, 0.0, 0.25 * v.facet_height)
    iap = below.center + n_below * (0.5 * v.iap_thickness + 1.0) - (0.0, 0.0, 0.2 * v.facet_height)
    lamina_low = np.array([root[0], root[1] - 1.0, v.lamina_z])
    local = {
        "transverse process": tp_base + tp_dir * (0.6 * v.tp_length + 0.5 * v.pedicle_width),
        "pedicle": 0.5 * (wall + root),
        "superior articular process": sap,
        "pars interarticularis": lamina_low + 0.45 * (below.center - lamina_low) + (0.0, 0.0, 2.0),
        "inferior articular process": iap,
        "lamina": 0.5 * (lamina_low + mid) + (0.0, 0.0, 0.0),
    }
    out = {k: neural.to_world(world[level], p) for k, p in local.items()}
    mesh = spine.structures[level].mesh if level in spine.structures else None
    if mesh is not None:
        out = {k: _into_bone(p, mesh) for k, p in out.items()}
    return out


def _into_bone(point: np.ndarray, mesh: pv.PolyData, depth: float = 1.5) -> np.ndarray:
    """A point outside (or just under) the bone's surface moved to `depth` mm inside it."""
    from meshes.surface import signed_distance

    d = float(signed_distance(point[None], mesh)[0])
    if d < -depth:
        return point
    i = mesh.find_closest_point(point)
    normal = np.asarray(mesh.point_data["Normals"][i], dtype=float) if "Normals" in mesh.point_data else None
    surface_point = np.asarray(mesh.points[i], dtype=float)
    if normal is None:
        return surface_point
    return surface_point - depth * normal / max(np.linalg.norm(normal), 1e-9)


# --- pictures ------------------------------------------------------------------------------------------------------


def png_bytes(image: np.ndarray) -> bytes:
    """A greyscale (H, W) or RGB (H, W, 3) uint8 array as PNG file bytes (zlib only, no extra dependency)."""
    a = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = a.shape[:2]
    colour = 2 if a.ndim == 3 else 0
    raw = np.hstack([np.zeros((h, 1), np.uint8), a.reshape(h, -1)]).tobytes()

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, colour, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b""))


def save_png(path, image: np.ndarray) -> None:
    with open(path, "wb") as f:
        f.write(png_bytes(image))


def main(argv: Sequence[str] | None = None) -> None:
    """Write PA, ±35° oblique and lateral pictures centred on L4–L5 (and one with a needle and contrast)
    into a folder: `python -m meshes.fluoro [folder]`."""
    import sys
    from pathlib import Path

    from meshes import build_spine
    from meshes.spine import placed_frames

    folder = Path((list(argv) if argv is not None else sys.argv[1:] or ["fluoro_views"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    spine = build_spine()
    radiograph = Radiograph([s.mesh for s in spine.structures.values() if s.group in ("bones", "pelvis")])
    world = placed_frames()["L5"]
    centre = world[:3, 3] + world[:3, :3] @ np.array([0.0, 0.0, 4.0])
    for rotation in (0, 35, -35, 90):
        save_png(folder / f"fluoro_{rotation:+d}.png", radiograph.image(rotation, 0.0, 256, FIELD, centre))
    tip = world[:3, 3] + world[:3, :3] @ np.array([22.0, -20.0, -24.0])
    entry = tip + np.array([55.0, -70.0, 25.0])
    dye = tip + np.random.default_rng(1).normal(0.0, 3.0, (80, 3))
    save_png(folder / "fluoro_+35_needle.png",
             radiograph.image(35, 0.0, 256, FIELD, centre, needle=(entry, tip), contrast=(dye, 2.0)))
    print(f"{len(radiograph)} points; pictures in {folder}")


if __name__ == "__main__":
    main()

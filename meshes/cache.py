"""On-disk cache of the computed spine, keyed by the parameter table and the geometry code.

Computing the surfaces takes seconds; loading them takes milliseconds.  The cache lives in the user's cache
folder (XDG_CACHE_HOME, else ~/.cache; LUMBAR_EXPLAINER_CACHE overrides it).  A file is written to a temporary
name and renamed, so a crash never leaves half a file; a file that does not load and check out is rebuilt,
never trusted.  Plain numpy arrays only (no pickle).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyvista as pv

from meshes import params

FORMAT = 2


def cache_dir() -> Path:
    """Where cached geometry goes."""
    if os.environ.get("LUMBAR_EXPLAINER_CACHE"):
        return Path(os.environ["LUMBAR_EXPLAINER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lumbar-explainer"


def cache_key() -> str:
    """Changes with any parameter or any line of the geometry code."""
    digest = hashlib.sha256(f"{FORMAT}|{params.table_key()}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def cache_path() -> Path:
    return cache_dir() / f"spine-{cache_key()}.npz"


def to_arrays(spine) -> dict[str, np.ndarray]:
    """Flatten a Spine into named arrays."""
    arrays: dict[str, np.ndarray] = {}
    names = list(spine.structures)
    arrays["names"] = np.array(names)
    arrays["labels"] = np.array([s.label for s in spine.structures.values()])
    arrays["groups"] = np.array([s.group for s in spine.structures.values()])
    for i, s in enumerate(spine.structures.values()):
        for kind, mesh in (("", s.mesh), ("coarse_", s.coarse)):
            arrays[f"{kind}points{i}"] = np.asarray(mesh.points, dtype=np.float32)
            arrays[f"{kind}normals{i}"] = np.asarray(mesh.point_data["Normals"], dtype=np.float32)
            arrays[f"{kind}triangles{i}"] = mesh.faces.reshape(-1, 4)[:, 1:].astype(np.int32)
    arrays["landmark_names"] = np.array(list(spine.landmarks))
    arrays["landmarks"] = np.array(list(spine.landmarks.values()), dtype=np.float64).reshape(-1, 3)
    return arrays


def mesh_from(points: np.ndarray, normals: np.ndarray, triangles: np.ndarray) -> pv.PolyData:
    """Rebuild one surface, checking that the arrays are consistent (a damaged file fails here)."""
    if points.ndim != 2 or points.shape[1] != 3 or normals.shape != points.shape:
        raise ValueError("points and normals do not match")
    if triangles.ndim != 2 or triangles.shape[1] != 3 or triangles.size == 0:
        raise ValueError("bad triangle array")
    if triangles.min() < 0 or triangles.max() >= len(points) or not np.isfinite(points).all():
        raise ValueError("triangle indices or points out of range")
    faces = np.hstack([np.full((len(triangles), 1), 3, dtype=np.int32), triangles]).ravel()
    mesh = pv.PolyData(points, faces)
    mesh.point_data["Normals"] = normals
    mesh.point_data.active_normals_name = "Normals"
    return mesh


def from_arrays(arrays) -> object:
    """The inverse of to_arrays; raises ValueError on anything inconsistent."""
    from meshes.spine import GROUPS, Spine, Structure

    structures = {}
    for i, (name, label, group) in enumerate(zip(arrays["names"], arrays["labels"], arrays["groups"])):
        if str(group) not in GROUPS:
            raise ValueError(f"unknown group {group!r}")
        fine, coarse = (mesh_from(arrays[f"{k}points{i}"], arrays[f"{k}normals{i}"], arrays[f"{k}triangles{i}"])
                        for k in ("", "coarse_"))
        structures[str(name)] = Structure(str(name), str(label), str(group), fine, coarse)
    marks = arrays["landmarks"]
    landmarks = {str(n): marks[i].copy() for i, n in enumerate(arrays["landmark_names"])}
    return Spine(structures, landmarks)


def load(path: Path):
    """The cached spine, or None when the file is missing or damaged."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return from_arrays(data)
    except FileNotFoundError:
        return None
    except Exception:  # any damage at all means "rebuild": zip, dtype, key, shape or value errors
        return None


def save(spine, path: Path) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".spine-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **to_arrays(spine))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_or_build(compute: Callable[[], object]):
    """Cached spine if valid, else compute it and (best effort) cache it."""
    path = cache_path()
    spine = load(path)
    if spine is not None:
        return spine
    spine = compute()
    with contextlib.suppress(OSError):  # a read-only cache folder costs speed, not correctness
        save(spine, path)
    return spine

"""On-disk cache of the computed spine, keyed by the parameter table and the geometry code.

Computing the surfaces takes seconds; loading them takes milliseconds.  The cache lives in the user's cache
folder (XDG_CACHE_HOME, else ~/.cache; LUMBAR_EXPLAINER_CACHE overrides it).  A file is written to a temporary
name and renamed, so a crash never leaves half a file; a file that does not load and check out is rebuilt,
never trusted (the warning names the field at fault).  Plain numpy arrays only (no pickle).  A cache folder that
cannot be written costs speed, not the spine: `notice()` says so once, for the window's status bar.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pyvista as pv

from meshes import params

log = logging.getLogger(__name__)

FORMAT = 2
# The code that shapes the cached surfaces: meshes.spine and every meshes module it imports, transitively (a test
# keeps the list complete).  The others (the needle, the X-ray, the pathology, this file, whose layout FORMAT
# covers) change without throwing the cache away.
GEOMETRY_MODULES = ("alignment", "discs", "ligaments", "muscles", "neural", "params", "pelvis", "sacroiliac", "sacrum",
                    "sdf", "spine", "surface", "vertebra")
SOURCE = Path(__file__).parent


def cache_dir() -> Path:
    """Where cached geometry goes."""
    if os.environ.get("LUMBAR_EXPLAINER_CACHE"):
        return Path(os.environ["LUMBAR_EXPLAINER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lumbar-explainer"


def cache_key() -> str:
    """Changes with any parameter or any line of the code that shapes the geometry (GEOMETRY_MODULES)."""
    digest = hashlib.sha256(f"{FORMAT}|{params.table_key()}".encode())
    for name in GEOMETRY_MODULES:
        digest.update((SOURCE / f"{name}.py").read_bytes())
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


def _field(arrays: Mapping[str, np.ndarray], key: str, kinds: str, ndim: int) -> np.ndarray:
    """`arrays[key]`, with `ndim` dimensions and (unless empty) a dtype of one of `kinds` ("f" float, "iu"
    integer, "U" text); raises ValueError naming the field otherwise."""
    if key not in arrays:
        raise ValueError(f"field {key!r} is missing")
    array = arrays[key]
    if array.ndim != ndim or (array.size and array.dtype.kind not in kinds):
        raise ValueError(f"field {key!r} holds a {array.ndim}-d {array.dtype} array, not {ndim}-d of kind {kinds!r}")
    return array


def _surface(arrays: Mapping[str, np.ndarray], kind: str, i: int) -> pv.PolyData:
    """Rebuild one surface from its three fields, checking that they agree (a damaged file fails here)."""
    keys = (f"{kind}points{i}", f"{kind}normals{i}", f"{kind}triangles{i}")
    points, normals = (_field(arrays, key, "f", 2).astype(np.float32) for key in keys[:2])
    triangles = _field(arrays, keys[2], "iu", 2)
    if points.shape[1] != 3 or not np.isfinite(points).all():
        raise ValueError(f"field {keys[0]!r} is not finite 3D points")
    if normals.shape != points.shape or not np.isfinite(normals).all():
        raise ValueError(f"field {keys[1]!r} does not give a finite normal for each of {keys[0]!r}")
    if triangles.shape[1] != 3 or not len(triangles) or triangles.min() < 0 or triangles.max() >= len(points):
        raise ValueError(f"field {keys[2]!r} is not triangles of {keys[0]!r}")
    faces = np.hstack([np.full((len(triangles), 1), 3, dtype=np.int32), triangles.astype(np.int32)]).ravel()
    mesh = pv.PolyData(points, faces)
    mesh.point_data["Normals"] = normals
    mesh.point_data.active_normals_name = "Normals"
    return mesh


def _expected_fields(count: int) -> set[str]:
    """The fields `to_arrays` writes for `count` structures."""
    per_surface = [f"{kind}{array}{i}" for i in range(count) for kind in ("", "coarse_")
                   for array in ("points", "normals", "triangles")]
    return {"names", "labels", "groups", "landmark_names", "landmarks", *per_surface}


def from_arrays(arrays: Mapping[str, np.ndarray]) -> object:
    """The inverse of to_arrays; raises ValueError, naming the field, on anything missing, extra or inconsistent."""
    from meshes.spine import GROUPS, Spine, Structure

    names, labels, groups = (_field(arrays, key, "U", 1) for key in ("names", "labels", "groups"))
    if not len(names) == len(labels) == len(groups) == len(set(names)):
        raise ValueError("fields 'names', 'labels' and 'groups' do not list each structure once")
    extra = sorted(set(arrays) - _expected_fields(len(names)))
    if extra:
        raise ValueError(f"unexpected field {extra[0][:40]!r}")
    structures = {}
    for i, (name, label, group) in enumerate(zip(names, labels, groups)):
        if str(group) not in GROUPS:
            raise ValueError(f"field 'groups' holds an unknown group {str(group)[:40]!r}")
        fine, coarse = (_surface(arrays, kind, i) for kind in ("", "coarse_"))
        structures[str(name)] = Structure(str(name), str(label), str(group), fine, coarse)
    marks, mark_names = _field(arrays, "landmarks", "f", 2), _field(arrays, "landmark_names", "U", 1)
    if marks.shape != (len(mark_names), 3) or not np.isfinite(marks).all():
        raise ValueError("fields 'landmarks' and 'landmark_names' do not give one finite 3D point per name")
    return Spine(structures, {str(n): np.array(marks[i], dtype=np.float64) for i, n in enumerate(mark_names)})


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array in the archive at `path`; a member that fails raises ValueError naming its field."""
    size = path.stat().st_size
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            key = info.filename.removesuffix(".npy")
            try:
                arrays[key] = _read_member(archive, info, size)
            except Exception as error:  # zip, CRC, header, dtype or size: all damage to this one field
                raise ValueError(f"field {key[:40]!r}: {_reason(error)}") from error
    return arrays


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> np.ndarray:
    """One array, its header checked before anything is allocated: stored uncompressed (as np.savez writes), and
    describing exactly the member's bytes, which lie within the file. So a damaged shape cannot ask for gigabytes,
    and the array is read to the member's end, where zipfile checks its CRC."""
    if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
        raise ValueError("not stored as np.savez stores it")
    with archive.open(info) as member:
        version = np.lib.format.read_magic(member)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
        if version not in read_header:
            raise ValueError(f"unknown .npy version {version}")
        shape, _, dtype = read_header[version](member)
        if member.tell() + math.prod(shape) * dtype.itemsize != info.file_size:
            raise ValueError(f"its header describes {shape} of {dtype}, not its {info.file_size} bytes")
    with archive.open(info) as member:
        return np.lib.format.read_array(member, allow_pickle=False)


def _reason(error: BaseException) -> str:
    """Why, in one short line: the system's words for an OSError, else the error's own."""
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return "a file stands where the folder should be"
    text = (error.strerror if isinstance(error, OSError) else None) or str(error) or type(error).__name__
    return " ".join(text.split())[:200]


def load(path: Path):
    """The cached spine, or None when the file is missing or damaged (damage is logged, naming the field)."""
    try:
        return from_arrays(_read_arrays(path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except Exception as error:  # noqa: BLE001 - any damage at all means "rebuild", never a failed start
        log.warning("geometry cache %s cannot be used (%s); it will be rebuilt", path, _reason(error))
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


_notice: str | None = None


def notice() -> str | None:
    """Why the geometry just built could not be cached (for the window to show once), or None when it was."""
    return _notice


def load_or_build(compute: Callable[[], object]):
    """Cached spine if valid, else compute it and (best effort) cache it; a failed save is kept as `notice()`."""
    global _notice
    path = cache_path()
    spine = load(path)
    if spine is not None:
        return spine
    spine = compute()
    try:
        save(spine, path)
        _notice = None
    except OSError as error:  # a read-only or full cache folder costs speed, not correctness
        _notice = (f"Geometry could not be cached in {path.parent}: {_reason(error)}; "
                   "it will be computed again next time")
        log.warning("%s", _notice)
    return spine

"""Fuzzing the geometry cache reader: whatever the file holds, `load` gives the spine that was saved or None
(rebuild), never raises, never allocates what the file does not hold, and logs why, naming the file and the
field at fault."""

from __future__ import annotations

import io
import logging
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_meshes_cache import tiny_spine

from fuzz.harness import damaged
from meshes import cache

SPINE = tiny_spine()
ARRAYS = cache.to_arrays(SPINE)


def archive(arrays: dict[str, np.ndarray]) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


VALID = archive(ARRAYS)


def npy_claiming(shape: tuple[int, ...], dtype: str = "<f4", payload: bytes = b"\0" * 24) -> bytes:
    """A .npy member whose header claims `shape` but that holds only `payload`."""
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": dtype, "fortran_order": False, "shape": shape})
    return out.getvalue() + payload


def with_member(data: bytes, key: str, member: bytes) -> bytes:
    """`data` (an archive) with the member for `key` replaced by raw `member` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != f"{key}.npy":
                target.writestr(info, source.read(info))
        target.writestr(f"{key}.npy", member)
    return out.getvalue()


WRONG = {
    "transposed": lambda a: a.T,
    "flattened": lambda a: a.ravel(),
    "one more axis": lambda a: a[..., None],
    "emptied": lambda a: a[:0],
    "complex": lambda a: a.astype(np.complex64) if a.dtype.kind != "U" else a,
    "bytes": lambda a: a.astype("S8"),
    "bool": lambda a: a.astype(bool),
    "big-endian": lambda a: a.astype(a.dtype.newbyteorder(">")),
    "nan": lambda a: np.full(a.shape, np.nan) if a.size else a,
    "huge values": lambda a: np.full(a.shape, 2**40) if a.size else a,
    "negative": lambda a: -np.ones(a.shape, dtype=np.int64),
}


@st.composite
def damaged_cache(draw) -> tuple[bytes, str | None]:
    """(an archive damaged at one field or in its bytes, the field to be named in the warning or None)."""
    key = draw(st.sampled_from(sorted(ARRAYS)))
    how = draw(st.sampled_from(["bytes", "wrong array", "huge claim", "missing", "extra"]))
    if how == "bytes":
        return draw(damaged(VALID)), None
    if how == "huge claim":
        shape = draw(st.sampled_from([(10**12, 3), (2**31, 3), (10**6, 10**6), (5, 3)]))
        return with_member(VALID, key, npy_claiming(shape)), key
    arrays = dict(ARRAYS)
    if how == "missing":
        del arrays[key]
    elif how == "extra":
        arrays[f"{key}x"], key = ARRAYS[key], f"{key}x"
    else:
        try:
            arrays[key] = np.asarray(WRONG[draw(st.sampled_from(sorted(WRONG)))](ARRAYS[key]))
        except ValueError:  # text that cannot become that dtype
            assume(False)
    return archive(arrays), key


def same_spine(a, b) -> bool:
    if list(a.structures) != list(b.structures) or a.landmarks.keys() != b.landmarks.keys():
        return False
    for name, s in a.structures.items():
        t = b.structures[name]
        if (s.label, s.group) != (t.label, t.group):
            return False
        for m, n in ((s.mesh, t.mesh), (s.coarse, t.coarse)):
            if not (np.array_equal(m.points, n.points) and np.array_equal(m.faces, n.faces)
                    and np.array_equal(m.point_data["Normals"], n.point_data["Normals"])):
                return False
    return all(np.array_equal(a.landmarks[k], b.landmarks[k]) for k in a.landmarks)


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "spine-fuzz.npz"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=damaged_cache())
def test_a_damaged_cache_is_refused_with_a_reason_or_read_whole(path: Path, case, caplog):
    data, field = case
    path.write_bytes(data)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="meshes.cache"):
        spine = cache.load(path)
    if spine is not None:
        assert same_spine(spine, SPINE)  # a harmless flip (a zip timestamp): never a changed spine
        return
    (record,) = [r for r in caplog.records if r.name == "meshes.cache"]
    message = record.getMessage()
    assert str(path) in message and "\n" not in message and len(message) < 400
    if field is not None:
        assert repr(field) in message, message
    assert path.read_bytes() == data  # a reader writes nothing


def test_a_huge_claimed_array_allocates_nothing(path: Path):
    path.write_bytes(with_member(VALID, "points0", npy_claiming((2**30, 3))))  # 12 GiB claimed, 24 bytes held
    tracemalloc.start()
    try:
        assert cache.load(path) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20

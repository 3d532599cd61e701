"""The geometry cache: round trip, refusal of damaged files, atomic writes, keyed by the parameters."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import pyvista as pv

from meshes import cache, params, surface
from meshes.spine import Spine, Structure


def tiny_spine() -> Spine:
    ball = surface.finish(pv.Sphere(radius=5.0))
    disc = surface.finish(pv.Cylinder(radius=4.0, height=2.0).triangulate())
    structures = {
        "L4": Structure("L4", "L4 vertebra", "bones", ball, surface.coarse_copy(ball, 0.3)),
        "disc_L4-L5": Structure("disc_L4-L5", "L4–L5 disc", "discs", disc, surface.coarse_copy(disc, 0.3)),
    }
    return Spine(structures, {"L4": np.array([1.0, 2.0, 3.0])})


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LUMBAR_EXPLAINER_CACHE", str(tmp_path))
    return tmp_path


def test_round_trip_keeps_every_array(cache_folder):
    spine = tiny_spine()
    cache.save(spine, cache.cache_path())
    back = cache.load(cache.cache_path())
    assert list(back.structures) == list(spine.structures)
    for name, s in spine.structures.items():
        b = back.structures[name]
        assert (b.label, b.group) == (s.label, s.group)
        np.testing.assert_array_equal(b.mesh.points, s.mesh.points)
        np.testing.assert_array_equal(b.mesh.faces, s.mesh.faces)
        np.testing.assert_array_equal(b.coarse.faces, s.coarse.faces)
        np.testing.assert_array_equal(b.mesh.point_data["Normals"], s.mesh.point_data["Normals"])
    np.testing.assert_array_equal(back.landmarks["L4"], [1.0, 2.0, 3.0])


def test_a_missing_cache_is_built_once_then_loaded(cache_folder):
    calls = []

    def compute():
        calls.append(1)
        return tiny_spine()

    cache.load_or_build(compute)
    second = cache.load_or_build(compute)
    assert len(calls) == 1
    assert "L4" in second.structures


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad_indices"])
def test_a_damaged_cache_is_rebuilt_never_trusted(cache_folder, damage):
    path = cache.cache_path()
    cache.save(tiny_spine(), path)
    if damage == "garbage":
        path.write_bytes(b"not a numpy archive at all")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:500])
    else:
        arrays = dict(np.load(path))
        arrays["triangles0"] = arrays["triangles0"] + 10_000
        np.savez(path, **arrays)
    assert cache.load(path) is None
    rebuilt = cache.load_or_build(tiny_spine)
    assert rebuilt.structures["L4"].mesh.n_cells > 0
    assert cache.load(path) is not None  # replaced by a good file
    assert [p.name for p in cache_folder.iterdir()] == [path.name]  # no temporary files left behind


def test_the_key_follows_the_parameters(monkeypatch):
    before = cache.cache_key()
    changed = dataclasses.replace(params.VERTEBRAE["L4"], body_width=params.VERTEBRAE["L4"].body_width + 1)
    monkeypatch.setitem(params.VERTEBRAE, "L4", changed)
    assert cache.cache_key() != before


def test_an_unwritable_cache_folder_costs_speed_not_the_spine(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("LUMBAR_EXPLAINER_CACHE", str(blocker / "cache"))
    assert "L4" in cache.load_or_build(tiny_spine).structures

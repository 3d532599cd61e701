"""The geometry cache's key: it covers the code the build runs, and nothing else, so that editing the needle,
the X-ray or the pathology does not throw a computed spine away."""

from __future__ import annotations

import ast
import shutil

import pytest

from meshes import cache

OUTSIDE_THE_BUILD = ("fluoro", "needle", "pathology", "loads", "cache", "__init__")


def imported_modules(name: str, skip: set[str]) -> set[str]:
    """`name` and every meshes module it imports, anywhere in its code, transitively (not through `skip`)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        module = todo.pop()
        if module in seen or module in skip:
            continue
        seen.add(module)
        for node in ast.walk(ast.parse((cache.SOURCE / f"{module}.py").read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "meshes":
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("meshes."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                todo += [alias.name.split(".")[1] for alias in node.names if alias.name.startswith("meshes.")]
    return {m for m in seen if (cache.SOURCE / f"{m}.py").exists()}


def test_the_key_covers_every_module_the_build_imports():
    """spine imports cache only to store what it built; everything else it reaches shapes the surfaces."""
    assert set(cache.GEOMETRY_MODULES) == imported_modules("spine", skip={"cache"})


@pytest.fixture
def source(tmp_path, monkeypatch):
    """A copy of the meshes sources for the key to read, free to edit."""
    copy = tmp_path / "meshes"
    shutil.copytree(cache.SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "SOURCE", copy)
    return copy


def edit(path) -> None:
    path.write_text(path.read_text() + "\n# edited\n")


@pytest.mark.parametrize("module", OUTSIDE_THE_BUILD)
def test_editing_a_module_outside_the_build_keeps_the_key(source, module):
    assert module not in cache.GEOMETRY_MODULES
    before = cache.cache_key()
    edit(source / f"{module}.py")
    assert cache.cache_key() == before


@pytest.mark.parametrize("module", cache.GEOMETRY_MODULES)
def test_editing_the_geometry_code_changes_the_key(source, module):
    before = cache.cache_key()
    edit(source / f"{module}.py")
    assert cache.cache_key() != before

"""A 3D model for slides: binary glTF 2.0 read back byte by byte (no npm here; the Khronos validator was run on
these files by hand: see the commit), each structure a named node in its colour, the scene as a story left it."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

import numpy as np
import pytest
from test_faults import fill_the_disk_after, needs_dev_full

from explainer.cli import main
from explainer.export import GLB_NAME
from explainer.render.gltf import TO_GLTF, scene_parts, spine_parts, write_glb
from explainer.render.materials import HIDDEN_AT_START, material_for
from explainer.render.offscreen import OffscreenView
from explainer.stories import STORIES

COMPONENTS = {5126: np.float32, 5125: np.uint32}
WIDTH = {"SCALAR": 1, "VEC3": 3}


def read_glb(path) -> tuple[dict, bytes]:
    """The JSON and the binary chunk of a .glb, after checking its header and chunk layout."""
    data = path.read_bytes()
    magic, version, length = struct.unpack_from("<4sII", data)
    assert (magic, version, length) == (b"glTF", 2, len(data))
    json_length, json_type = struct.unpack_from("<I4s", data, 12)
    assert json_type == b"JSON" and json_length % 4 == 0
    bin_length, bin_type = struct.unpack_from("<I4s", data, 20 + json_length)
    assert bin_type == b"BIN\0" and bin_length % 4 == 0 and 28 + json_length + bin_length == len(data)
    return json.loads(data[20:20 + json_length]), data[28 + json_length:]


def accessor(model: dict, blob: bytes, index: int) -> np.ndarray:
    """Accessor `index` as an array (tightly packed buffer views, as written)."""
    a = model["accessors"][index]
    view = model["bufferViews"][a["bufferView"]]
    assert view["byteOffset"] % 4 == 0
    values = np.frombuffer(blob, COMPONENTS[a["componentType"]], a["count"] * WIDTH[a["type"]],
                           view["byteOffset"] + a.get("byteOffset", 0))
    return values.reshape(a["count"], -1)


def display(linear: float) -> float:
    """glTF's linear colour back to the display (sRGB) value the palette gives."""
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


@pytest.fixture(scope="module")
def healthy(spine, tmp_path_factory):
    out = tmp_path_factory.mktemp("glb") / "spine.glb"
    write_glb(spine_parts(spine), out)
    return read_glb(out)


def test_each_shown_structure_is_a_named_node_with_its_mesh(spine, healthy):
    model, blob = healthy
    shown = [n for n, s in spine.structures.items() if s.group not in HIDDEN_AT_START]
    assert model["asset"]["version"] == "2.0" and model["scene"] == 0
    assert [model["nodes"][i]["name"] for i in model["scenes"][0]["nodes"]] == shown
    for node in model["nodes"]:
        structure = spine.structures[node["name"]]
        assert node["extras"]["label"] == structure.label
        primitive = model["meshes"][node["mesh"]]["primitives"][0]
        points = accessor(model, blob, primitive["attributes"]["POSITION"])
        normals = accessor(model, blob, primitive["attributes"]["NORMAL"])
        indices = accessor(model, blob, primitive["indices"])
        assert len(points) == len(normals) == structure.mesh.n_points
        assert len(indices) == 3 * structure.mesh.n_cells and indices.max() < len(points)
        assert np.allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-5)
        a = model["accessors"][primitive["attributes"]["POSITION"]]
        assert np.allclose(a["min"], points.min(axis=0)) and np.allclose(a["max"], points.max(axis=0))


def test_the_model_stands_up_in_metres_facing_the_viewer(spine, healthy):
    model, blob = healthy
    centre = {node["name"]: accessor(model, blob, model["meshes"][node["mesh"]]["primitives"][0]["attributes"]
                                     ["POSITION"]).mean(axis=0) for node in model["nodes"]}
    assert centre["L1"][1] > centre["L5"][1] > centre["sacrum"][1]  # superior is +Y
    assert 0.15 < centre["L1"][1] - centre["sacrum"][1] < 0.3  # metres
    body = spine.structures["L3"].mesh.points.mean(axis=0)
    assert np.allclose(centre["L3"], TO_GLTF @ body, atol=1e-6)
    assert np.isclose(np.linalg.det(TO_GLTF / 0.001), 1.0)  # a turn, not a mirror: the left stays left


def test_each_material_is_its_palette_colour_and_opacity(spine, healthy):
    model, _ = healthy
    for node in model["nodes"]:
        material = material_for(spine.structures[node["name"]])
        mesh = model["meshes"][node["mesh"]]
        gltf = model["materials"][mesh["primitives"][0]["material"]]["pbrMetallicRoughness"]
        *rgb, alpha = gltf["baseColorFactor"]
        assert [display(c) for c in rgb] == pytest.approx(material.color, abs=1e-6)
        assert alpha == pytest.approx(material.opacity)
        assert model["materials"][mesh["primitives"][0]["material"]].get("alphaMode", "OPAQUE") == (
            "BLEND" if material.opacity < 1 else "OPAQUE")


def test_a_story_state_exports_as_it_shows(spine):
    model = STORIES["degeneration"].make("L4-L5", "left")
    model.set_position(model.last)
    with OffscreenView((64, 64), "degeneration", model) as shown:
        parts = {p.name: p for p in scene_parts(shown.scene)}
        nucleus = shown.scene.shown_colour("nucleus_L4-L5")
        riders = [n for n in ("L1", "L2", "L3", "L4") if shown.scene.actors[n].GetUserMatrix() is not None]
    assert parts["nucleus_L4-L5"].colour == pytest.approx(nucleus)  # dark on T2, as shown
    assert nucleus != pytest.approx(material_for(spine.structures["nucleus_L4-L5"]).color)
    assert riders and parts["L4"].points[:, 2].mean() < spine.structures["L4"].mesh.points[:, 2].mean() - 0.5  # settled


@needs_dev_full
def test_a_full_disk_is_status_2_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    fill_the_disk_after(monkeypatch, 0)
    assert main(["export", str(tmp_path), "--format", "glb"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {tmp_path}: No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explainer", *args], capture_output=True, text=True, timeout=180)


def test_the_command_writes_one_glb(tmp_path, spine):
    result = run("export", str(tmp_path / "out"), "--format", "glb")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [GLB_NAME]
    model, _ = read_glb(tmp_path / "out" / GLB_NAME)
    assert len(model["nodes"]) == sum(s.group not in HIDDEN_AT_START for s in spine.structures.values())


def test_the_command_exports_a_story_state_and_refuses_one_for_other_formats(tmp_path):
    result = run("export", str(tmp_path / "out"), "--format", "glb", "--story", "injection", "--at", "50")
    assert result.returncode == 0, result.stderr
    model, _ = read_glb(tmp_path / "out" / GLB_NAME)
    nodes = {n["name"]: n for n in model["nodes"]}
    assert "ilium_left" not in nodes  # after the harvest the film takes the pelvis away from L4-L5
    disc = model["materials"][model["meshes"][nodes["disc_L4-L5"]["mesh"]]["primitives"][0]["material"]]
    assert disc["alphaMode"] == "BLEND" and disc["pbrMetallicRoughness"]["baseColorFactor"][3] == pytest.approx(0.4)
    refused = run("export", str(tmp_path / "vtp"), "--story", "injection")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "--format glb" in refused.stderr

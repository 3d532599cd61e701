"""The command line as a user runs it: whole processes, exit statuses and the files they write."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import pyvista as pv


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explainer", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_screenshot_writes_a_picture_of_ivory_bone(tmp_path):
    out = tmp_path / "shot.png"
    result = run("screenshot", str(out), "--view", "anterior", "--size", "640x360")
    assert result.returncode == 0, result.stderr
    image = pv.read(out)
    assert image.dimensions[:2] == (640, 360)
    rgb = np.asarray(image.point_data[image.point_data.keys()[0]])[:, :3].astype(int)
    assert len(np.unique(rgb, axis=0)) > 100  # a picture, not a blank
    r, g, b = rgb.T
    ivory = (r > 150) & (r >= g) & (g > b) & (r - b > 20)
    assert ivory.mean() > 0.02


def test_screenshot_needs_an_existing_folder(tmp_path):
    result = run("screenshot", str(tmp_path / "missing" / "shot.png"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


@pytest.mark.parametrize("fmt", ["vtp", "stl", "ply"])
def test_export_writes_every_structure_readably(tmp_path, spine, fmt):
    result = run("export", str(tmp_path / "out"), "--format", fmt)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(f"{name}.{fmt}" for name in spine.structures)
    for name, structure in spine.structures.items():
        mesh = pv.read(tmp_path / "out" / f"{name}.{fmt}")
        assert mesh.n_cells == structure.mesh.n_cells
        np.testing.assert_allclose(mesh.bounds, structure.mesh.bounds, atol=1e-3)  # mm, RAS kept


def test_export_loads_neither_qt_nor_vtk_rendering(tmp_path):
    code = (
        "import sys; from explainer.cli import main; "
        f"assert main(['export', {str(tmp_path)!r}]) == 0; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'vtkmodules.vtkRendering'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("args", [
    ["screenshot"],
    ["screenshot", "x.png", "--view", "sideways"],
    ["screenshot", "x.png", "--size", "big"],
    ["screenshot", "x.png", "--size", "0x0"],
    ["export", "out", "--format", "obj"],
    ["explode"],
    ["--frobnicate"],
    ["screenshot", "x.png", "--story", "degeneration", "--at", "9"],
    ["screenshot", "x.png", "--story", "degeneration", "--level", "L6-L7"],
    ["screenshot", "x.png", "--story", "injection", "--at", "90"],
    ["screenshot", "x.png", "--story", "injection", "--target", "bone"],
    ["screenshot", "no\nsuch/x.png"],  # a newline in an argument must not split the error line
    ["export", "out", "--format", "o\nbj"],
])
def test_bad_arguments_give_one_line_and_status_2(args, capsys, monkeypatch, tmp_path):
    from explainer.cli import main

    monkeypatch.chdir(tmp_path)
    try:  # in the process: a process each took a second or two
        code = main(args)
    except SystemExit as leaving:  # argparse's own errors
        code = leaving.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err


def test_help_explains_every_command():
    top = run("--help")
    assert top.returncode == 0
    assert "screenshot" in top.stdout and "export" in top.stdout and "not a diagnosis" in top.stdout
    assert all(w in run("screenshot", "--help").stdout for w in ("--view", "--size", "oblique"))
    assert all(w in run("export", "--help").stdout for w in ("--format", "stl", "RAS"))


def test_window_without_a_display_says_so_and_exits_1():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run(env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr


class _NoOpenGL:
    """Stands in for a render window on a machine without a usable OpenGL: SupportsOpenGL() is false."""

    def __init__(self, real):
        self._real = real

    def SupportsOpenGL(self) -> bool:  # noqa: N802 (VTK's name)
        return False

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_screenshot_without_opengl_says_so_and_exits_1(tmp_path, monkeypatch, capsys):
    from explainer.cli import main
    from explainer.render import offscreen as snapshot

    real = snapshot.vtkRenderWindow
    monkeypatch.setattr(snapshot, "vtkRenderWindow", lambda: _NoOpenGL(real()))
    out = tmp_path / "shot.png"
    assert main(["screenshot", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no usable OpenGL" in err and "Mesa" in err
    assert not out.exists()


def test_a_story_screenshot_shows_the_degenerated_segment(tmp_path):
    pictures = []
    for at in ("1", "7"):  # both past the first stage: the camera frames the segment the same way
        out = tmp_path / f"at{at}.png"
        result = run("screenshot", str(out), "--story", "degeneration", "--at", at, "--view", "lateral",
                     "--size", "480x360")
        assert result.returncode == 0, result.stderr
        image = pv.read(out)
        pictures.append(np.asarray(image.point_data[image.point_data.keys()[0]])[:, :3].astype(int))
    changed = np.abs(pictures[0] - pictures[1]).sum(axis=1) > 30
    assert 0.005 < changed.mean() < 0.5  # the segment changed, not the whole picture


def test_an_injection_screenshot_has_the_fluoroscopy_inset_in_its_corner(tmp_path):
    out = tmp_path / "needle.png"
    result = run("screenshot", str(out), "--story", "injection", "--at", "40", "--target", "facet", "--side",
                 "right", "--size", "640x360")
    assert result.returncode == 0, result.stderr
    image = pv.read(out)
    rgb = np.asarray(image.point_data[image.point_data.keys()[0]])[:, :3].astype(int).reshape(360, 640, 3)
    inset = rgb[::-1][20:160, 470:620]  # top right (VTK's rows run upwards)
    grey = np.abs(inset[..., 0] - inset[..., 2]) < 8  # an X-ray is grey, the 3D view's background is blue
    assert grey.mean() > 0.8 and inset.std() > 15  # a grey picture with structure in it


REPORTS = os.path.join(os.path.dirname(__file__), "corpus", "reports")


def test_findings_prints_the_reports_findings_as_json():
    from explainer.stories.findings import from_json, parse_report

    report = os.path.join(REPORTS, "roots.txt")
    result = run("findings", report)
    assert result.returncode == 0 and result.stderr == ""
    printed = from_json(result.stdout)
    with open(report, encoding="utf-8") as file:
        assert printed == parse_report(file.read())
    assert printed.levels["L5-S1"].herniation.type == "extrusion"


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"), ("folder", "is a folder"), (b"", "is empty"), (b" \n\t\n", "is empty"),
    (b"%PDF-1.4\x00\x01\x02", "is not plain text"), ("L4-5 ".encode("utf-16"), "is not plain text"),
    (bytes(range(1, 32)) * 100, "is not plain text"), (b"L4-5: bulge. " * 80_000, "is too large"),
])
def test_findings_refuses_what_is_no_report_on_one_line(tmp_path, content, message):
    path = tmp_path / "report.txt"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = run("findings", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_findings_reads_a_windows_1252_report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("L4\u20135: mild disc bulge. Patient\u2019s foramina are patent.".encode("cp1252"))
    result = run("findings", str(path))
    assert result.returncode == 0, result.stderr
    assert '"L4-L5"' in result.stdout


def test_findings_loads_neither_qt_nor_vtk(tmp_path):
    code = (
        "import sys; from explainer.cli import main; "
        f"assert main(['findings', {os.path.join(REPORTS, 'terse.txt')!r}]) == 0; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'vtkmodules', 'pyvista'))), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"

"""Faults where files go: a cache folder that is missing, read-only or full still gives the spine (with one
notice); `screenshot` and `export` into a folder that cannot take their files say so in one line, exit with
status 2 and leave no file, whole or partial, behind. Commands run in the process, as `main(argv)`.

Root writes into read-only folders, so a read-only folder is a monkeypatched PermissionError, besides paths
that fail for root too (a folder under a regular file); a full disk is /dev/full, which fails every write.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path

import pytest
from test_meshes_cache import tiny_spine

from explainer.cli import main
from explainer.files import write_vtk
from meshes import cache

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full to fill")


def refuse_temporary_files(monkeypatch) -> None:
    """Every new temporary file is refused, as in a read-only folder."""

    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def fill_the_disk_after(monkeypatch, files: int) -> None:
    """The temporary files after the first `files` lead to /dev/full: each write to them fails with ENOSPC."""
    real, made = tempfile.mkstemp, []

    def mkstemp(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        made.append(path)
        if len(made) > files:
            os.close(fd)
            os.unlink(path)
            os.symlink("/dev/full", path)
            fd = os.open(path, os.O_WRONLY)
        return fd, path

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---- the geometry cache ----------------------------------------------------------------------------------------------


@pytest.fixture
def cache_in(monkeypatch):
    def use(folder: Path) -> Path:
        monkeypatch.setenv("LUMBAR_EXPLAINER_CACHE", str(folder))
        return folder

    return use


def test_a_missing_cache_folder_is_made_and_filled(tmp_path, cache_in):
    folder = cache_in(tmp_path / "not" / "yet")
    assert "L4" in cache.load_or_build(tiny_spine).structures
    assert cache.notice() is None
    assert [p.name for p in folder.iterdir()] == [cache.cache_path().name]


@pytest.mark.parametrize("where", ["the folder", "a parent folder"])
def test_a_file_in_the_cache_folders_place_costs_speed_not_the_spine(tmp_path, cache_in, where):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"a file, not a folder")
    folder = cache_in(blocker if where == "the folder" else blocker / "cache")
    assert "L4" in cache.load_or_build(tiny_spine).structures
    assert cache.notice() == (f"Geometry could not be cached in {folder}: a file stands where the folder should be; "
                              "it will be computed again next time")
    assert blocker.read_bytes() == b"a file, not a folder"


def test_a_read_only_cache_folder_costs_speed_not_the_spine(tmp_path, cache_in, monkeypatch, caplog):
    folder = cache_in(tmp_path)
    refuse_temporary_files(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="meshes.cache"):
        assert "L4" in cache.load_or_build(tiny_spine).structures
        assert "L4" in cache.load_or_build(tiny_spine).structures
    notice = f"Geometry could not be cached in {folder}: Permission denied; it will be computed again next time"
    assert cache.notice() == notice
    logged = [r.getMessage() for r in caplog.records if r.name == "meshes.cache"]
    assert logged == [notice, notice]  # the log has each attempt; the window shows the notice once
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_cache_folder(tmp_path, cache_in):
    folder = cache_in(tmp_path / "locked")
    folder.mkdir(mode=0o500)
    assert "L4" in cache.load_or_build(tiny_spine).structures
    assert "Permission denied" in cache.notice()


@needs_dev_full
def test_a_full_disk_costs_speed_not_the_spine_and_leaves_no_partial_file(tmp_path, cache_in, monkeypatch):
    folder = cache_in(tmp_path)
    (folder / "spine-older.npz").write_bytes(b"another version's cache")
    fill_the_disk_after(monkeypatch, 0)
    assert "L4" in cache.load_or_build(tiny_spine).structures
    assert cache.notice() == (f"Geometry could not be cached in {folder}: No space left on device; "
                              "it will be computed again next time")
    assert listing(folder) == {"spine-older.npz": b"another version's cache"}
    monkeypatch.undo()  # room again: the next start caches it and the notice goes
    monkeypatch.setenv("LUMBAR_EXPLAINER_CACHE", str(folder))
    cache.load_or_build(tiny_spine)
    assert cache.notice() is None and cache.cache_path().exists()


# ---- screenshot and export -------------------------------------------------------------------------------------------


def one_error_line(capture) -> str:
    err = capture.readouterr().err
    assert err.count("\n") == 1 and err.startswith("lumbar-explainer: error: "), err
    return err


@pytest.mark.parametrize(("where", "words"), [
    ("missing/shot.png", "folder {tmp}/missing does not exist"),
    ("blocker/shot.png", "folder {tmp}/blocker is a file, not a folder"),
    ("folder", "{tmp}/folder is a folder; name the PNG file"),
])
def test_screenshot_where_no_file_can_go_is_status_2_before_drawing(tmp_path, capsys, where, words):
    (tmp_path / "blocker").write_bytes(b"a file")
    (tmp_path / "folder").mkdir()
    assert main(["screenshot", str(tmp_path / where)]) == 2
    assert words.format(tmp=tmp_path) in one_error_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "folder"]


@pytest.mark.parametrize("fault", ["read-only", pytest.param("full", marks=needs_dev_full)])
def test_screenshot_into_a_folder_that_fails_is_status_2_and_leaves_no_file(tmp_path, capfd, monkeypatch, spine,
                                                                          fault):
    if fault == "read-only":
        refuse_temporary_files(monkeypatch)
    else:
        fill_the_disk_after(monkeypatch, 0)
    out = tmp_path / "shot.png"
    assert main(["screenshot", str(out), "--size", "64x64"]) == 2
    reason = "Permission denied" if fault == "read-only" else "No space left on device"
    assert f"cannot write {out}: {reason}" in one_error_line(capfd)  # and nothing else: VTK's print is silenced
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["blocker", "blocker/out"])
def test_export_where_a_file_is_in_the_way_is_status_2(tmp_path, capsys, spine, where):
    (tmp_path / "blocker").write_bytes(b"a file")
    assert main(["export", str(tmp_path / where)]) == 2
    one_error_line(capsys)
    assert listing(tmp_path) == {"blocker": b"a file"}


def test_export_into_a_read_only_folder_is_status_2_and_writes_nothing(tmp_path, capsys, monkeypatch, spine):
    refuse_temporary_files(monkeypatch)
    assert main(["export", str(tmp_path)]) == 2
    assert f"cannot write {tmp_path}: Permission denied" in one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


@needs_dev_full
@pytest.mark.parametrize("fmt", ["vtp", "stl"])  # vtkPLYWriter does not report a full disk (VTK 9.7)
def test_export_onto_a_full_disk_leaves_the_folder_as_it_was(tmp_path, capsys, monkeypatch, spine, fmt):
    first = next(iter(spine.structures))
    (tmp_path / f"{first}.{fmt}").write_bytes(b"an earlier export")
    fill_the_disk_after(monkeypatch, 3)
    assert main(["export", str(tmp_path), "--format", fmt]) == 2
    assert f"cannot write {tmp_path}: No space left on device" in one_error_line(capsys)
    assert listing(tmp_path) == {f"{first}.{fmt}": b"an earlier export"}  # all or nothing, no temporary file


@needs_dev_full
def test_a_failing_vtk_writer_raises_and_prints_nothing(tmp_path, capfd):
    import pyvista as pv
    from vtkmodules.vtkIOXML import vtkXMLPolyDataWriter

    target = tmp_path / "full.vtp"
    target.symlink_to("/dev/full")
    writer = vtkXMLPolyDataWriter()
    writer.SetInputData(pv.Sphere())
    with pytest.raises(OSError, match="No space left on device"):
        write_vtk(writer, str(target))
    assert capfd.readouterr().err == ""


def test_a_written_file_can_be_shared_as_a_plainly_written_one(tmp_path):
    """Atomic writes go through a private temporary file; what lands has the umask's ordinary permissions."""
    import os

    from explainer.files import atomic_path

    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "handout.txt") as tmp:
            Path(tmp).write_text("x")
    finally:
        os.umask(old)
    assert (tmp_path / "handout.txt").stat().st_mode & 0o777 == 0o644

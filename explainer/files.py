"""Writing output files so that a reader never sees half a file."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[str]:
    """Yield a temporary path beside `target` (same suffix, for writers that go by it); on success
    move it onto `target` in one step (os.replace), on failure remove it.  The file gets the permissions a
    plainly written one would (mkstemp's are private: a video or handout is made to be shared)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_vtk(writer, path: str) -> None:
    """Run a VTK `writer` into `path`, raising OSError when it fails. A VTK writer never raises: it prints
    several lines and sets an error code (a full disk leaves a partial file), so its print is silenced here
    and its code checked. (vtkPLYWriter reports not even a full disk: VTK 9.7.)"""
    from vtkmodules.vtkCommonCore import vtkObject  # here: the command line imports this module before any VTK
    from vtkmodules.vtkCommonMisc import vtkErrorCode

    writer.SetFileName(path)
    shown = vtkObject.GetGlobalWarningDisplay()
    vtkObject.GlobalWarningDisplayOff()
    try:
        writer.Write()
    finally:
        vtkObject.SetGlobalWarningDisplay(shown)
    code = writer.GetErrorCode()
    if code == vtkErrorCode.OutOfDiskSpaceError:
        code = errno.ENOSPC
    if code >= vtkErrorCode.FirstVTKErrorCode:
        raise OSError(errno.EIO, f"the writer failed ({vtkErrorCode.GetStringFromErrorCode(code)})")
    if code:  # below VTK's own codes: the system's errno
        raise OSError(code, os.strerror(code))

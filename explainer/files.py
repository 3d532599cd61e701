"""Writing output files so that a reader never sees half a file, and reading a small input file with a bound."""

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


class Unreadable(ValueError):
    """Why a file could not be read, in a few words that follow its name ("does not exist")."""


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path` when it is a file of at most `limit` bytes that is not blank; Unreadable otherwise (a
    folder, missing, unreadable, a name the system cannot open, too large even if it grew while read, empty)."""
    if path.is_dir():
        raise Unreadable(f"is a folder; name the {what} file")
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= limit else b""
    except FileNotFoundError:
        raise Unreadable("does not exist") from None
    except OSError as error:
        raise Unreadable(f"cannot be read ({error.strerror or error})") from None
    except ValueError:  # a NUL, or bytes the file system's encoding cannot name
        raise Unreadable("is not a file name this system can open") from None
    if size > limit or len(data) > limit:
        raise Unreadable(f"is too large for a {what} ({max(size, len(data)):,} bytes; at most {limit:,})")
    if not data.strip():
        raise Unreadable("is empty")
    return data

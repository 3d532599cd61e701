"""Reading a report's text file: what the `findings` command and an "Open report" both accept.

A report is plain text of at most 1 MB, UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252
or Latin-1 as older systems save it. Anything else is refused with a one-line reason.
"""

from __future__ import annotations

from pathlib import Path

from explainer.files import Unreadable, read_bounded

LIMIT = 1_000_000
"""Bytes in the largest report read: a long report is 10 kB."""


class ReportError(ValueError):
    """A file that cannot be read as a report; the message says why, on one line."""


def _decoded(data: bytes) -> str:
    """UTF-8 first (what editors save now); Windows-1252 keeps its dashes and quotes; Latin-1 takes any byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _is_text(text: str) -> bool:
    """Text has next to no control characters; a binary file decoded byte for byte has many."""
    control = sum(1 for c in text if not c.isprintable() and c not in "\t\n\r\f\v")
    return control <= len(text) // 100


def read_report(path: Path) -> str:
    """The report's text. Raises ReportError for a missing file, a folder, an unreadable, huge, empty or binary
    file."""
    try:
        data = read_bounded(path, LIMIT, "report")
    except Unreadable as error:
        raise ReportError(f"{path} {error}") from None
    if b"\0" in data:
        raise ReportError(f"{path} is not plain text (a PDF, a word-processor file or UTF-16?); "
                          "save the report as plain text")
    text = _decoded(data)
    if not _is_text(text):
        raise ReportError(f"{path} is not plain text; save the report as plain text")
    return text

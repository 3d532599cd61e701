"""The shared fuzzing harness: a valid file damaged as files get damaged, and the contract a reader keeps.

`damaged(valid)` is a Hypothesis strategy for `valid` with one to three damages: cut short, a bit flipped, a line
doubled or lost, junk put in (stray syntax, control characters, odd line breaks), a huge run of one character,
invalid UTF-8.
`assert_reported(problems, path, data)` checks what every reader of a text file owes its user: each problem is
one printable line, "path:line: message", naming that file and a line it has, and the file is left as it was.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

TOKENS = (
    "---", "## ", "##", "patient", "student", "caption", "evidence", "stage:", "title:", "sources:", "story:",
    "injection", "disc", "facet", "|", ":", "-", ",", " ", "\t", "\n", "\r\n", "\r", "0:00", "1:16", "9:59.5",
    "[S97]", "[S47]", "[S", "]", "S9999", "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "é", "٣",
)
"""Pieces of the narration syntax and characters that trip parsers (a Unicode digit, line breaks Python splits
on but editors do not), for junk that looks almost right."""

INVALID_UTF8 = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80")

HUGE_UNITS = (" ", "a", "9", "[S97]", "\t", "-", "0:00-", "é")
HUGE_PREFIXES = ("", "\n", "\n## ", "\ntitle: ", "\nsources: ", "\n0:00-0:03 | ", "\n0:", "\n  ")


def _at(draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def _truncate(draw, data: bytes) -> bytes:
    return data[: _at(draw, data)]


def _flip(draw, data: bytes) -> bytes:
    if not data:
        return data
    index = draw(st.integers(0, len(data) - 1))
    return data[:index] + bytes([data[index] ^ (1 << draw(st.integers(0, 7)))]) + data[index + 1 :]


def _duplicate_line(draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    return b"\n".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def _delete_line(draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    return b"\n".join(lines[:index] + lines[index + 1 :])


def _junk(draw, data: bytes) -> bytes:
    pieces = st.one_of(st.sampled_from(TOKENS), st.text(max_size=4))
    junk = "".join(draw(st.lists(pieces, min_size=1, max_size=8))).encode("utf-8")
    index = _at(draw, data)
    return data[:index] + junk + data[index:]


def _huge_run(draw, data: bytes) -> bytes:
    """A run of 20k-200k characters put anywhere: inside a line, or as a line of its own (a prefix with a line
    break)."""
    unit = draw(st.sampled_from(HUGE_UNITS))
    run = draw(st.sampled_from(HUGE_PREFIXES)) + unit * draw(st.integers(20_000, 200_000))
    index = _at(draw, data)
    return data[:index] + run.encode("utf-8") + data[index:]


def _invalid_utf8(draw, data: bytes) -> bytes:
    index = _at(draw, data)
    return data[:index] + draw(st.sampled_from(INVALID_UTF8)) + data[index:]


DAMAGES = {
    "truncate": _truncate,
    "flip": _flip,
    "duplicate line": _duplicate_line,
    "delete line": _delete_line,
    "junk": _junk,
    "huge run": _huge_run,
    "invalid UTF-8": _invalid_utf8,
}


@st.composite
def damaged(draw, valid: bytes, at_most: int = 3) -> bytes:
    """`valid` with one to `at_most` damages drawn from `DAMAGES`."""
    data = valid
    for _ in range(draw(st.integers(1, at_most))):
        data = DAMAGES[draw(st.sampled_from(sorted(DAMAGES)))](draw, data)
    return data


def assert_reported(problems, path: Path, data: bytes) -> None:
    """Each problem is one printable line naming `path` and a line of it; the file is as it was (a reader writes
    nothing). A problem may name the line after the last, where a missing section would go."""
    last = data.count(b"\n") + 2
    for problem in problems:
        assert problem.path == path, str(problem)
        assert 1 <= problem.line <= last, str(problem)
        assert str(problem) == f"{path}:{problem.line}: {problem.message}"
        assert problem.message.isprintable() and len(problem.message) <= 300, str(problem)
    assert path.read_bytes() == data

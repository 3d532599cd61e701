"""Fuzzing the command line: any argv gives success or one line on stderr with exit status 2, never a traceback.

The commands' heavy work (drawing, building the spine, opening the window) is stubbed: what is fuzzed is how
the arguments are read and checked, in the process, as `main(argv)`.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import cli, export
from explainer.render import offscreen, video

WORDS = (
    "screenshot", "export", "video", "findings", "--captions", "burn", "vtt", "--depth", "student", "glb",
    "x.mp4", "--view", "--size", "--story", "--at", "--level", "--side", "--target", "--section",
    "--student", "--format", "--help", "-h", "--", "-", "=", "--view=lateral", "--size=640x360", "--at=3.5",
    "--at=-0", "--sect", "anterior", "oblique", "1280x720", "0x0", "16x16", "8193x10", "1x2x3", "9" * 5000 + "x9",
    "degeneration", "injection", "0", "7", "76", "-1", "nan", "inf", "1e309", "L4-L5", "L6-L7", "left", "right",
    "disc", "facet", "vtp", "obj", "x.png", "out", "", ".", "/", "no/such/folder/x.png", "a\x00b", "é", "\udcff",
    "a\nb/x.png", "\n",
)
"""The command line's own words, values at and past their limits, and paths that cannot be written."""

ARGV = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=10)), max_size=8)


@pytest.fixture
def stubbed(monkeypatch, tmp_path):
    """The commands, without their heavy work; run in an empty folder so that a stray write lands there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(offscreen, "write_screenshot", lambda *args: None)
    monkeypatch.setattr(video, "export_video", lambda *args, **kwargs: iter(()))
    monkeypatch.setattr(export, "export_structures", lambda *args: [])
    monkeypatch.setattr("meshes.build_spine", lambda: None)
    monkeypatch.setattr(cli, "_window", lambda: 0)


def run(argv: list[str]) -> tuple[int, str]:
    """main's exit status, returned or raised (argparse raises SystemExit), and its stderr, which escapes what it
    cannot encode as the real one does (an argv byte that is not UTF-8 arrives as a lone surrogate)."""
    out, err = (io.TextIOWrapper(io.BytesIO(), "utf-8", "backslashreplace", write_through=True) for _ in "12")
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as leaving:
            code = leaving.code
    return code, err.buffer.getvalue().decode("utf-8")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=ARGV)
def test_any_argv_succeeds_or_gives_one_line_and_status_2(stubbed, argv):
    code, err = run(argv)
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.count("\n") == 1 and err.startswith(f"{cli.PROG}") and "error:" in err, err
    else:
        assert err == ""

"""The narration loader: shipped files load cleanly; every broken file is reported once, by file and line, and
skipped without stopping the other stages or raising."""

from __future__ import annotations

import ast
import logging
import sys
import time
from pathlib import Path

import pytest

import narration
from narration import DEGENERATION_STAGES, PLACEHOLDER, Problem, load_story

PACKAGE = Path(narration.__file__).resolve().parent


def stage_file(
    stage: str, *, sources: str = "S47", patient: str = "Plain words.", student: str = "Terms [S47]."
) -> str:
    """A valid narration file for `stage`; line 6 is '## patient', 9 '## student', 12 '## caption'."""
    return (
        f"---\nstage: {stage}\ntitle: Title of {stage}\nsources: {sources}\n---\n"
        f"## patient\n{patient}\n\n## student\n{student}\n\n## caption\nCaption of {stage}\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A complete, valid degeneration story: one file per stage."""
    for number, stage in enumerate(DEGENERATION_STAGES, start=1):
        (tmp_path / f"{number:02d}-{stage}.md").write_text(stage_file(stage), encoding="utf-8")
    return tmp_path


# ---- the shipped story ----------------------------------------------------------------------------------------------


def test_shipped_story_loads_without_problems():
    story = load_story("degeneration")
    assert story.problems == []
    assert tuple(story.stages) == DEGENERATION_STAGES
    for stage_id in DEGENERATION_STAGES:
        for depth in ("patient", "student", "caption"):
            text = story.text_for(stage_id, depth)
            assert text and text != PLACEHOLDER, (stage_id, depth)


def test_shipped_files_sit_in_story_order():
    names = sorted(p.name for p in (PACKAGE / "degeneration").glob("*.md"))
    story = load_story("degeneration")
    assert [story.stages[s].path.name for s in DEGENERATION_STAGES] == names


# ---- a valid folder -------------------------------------------------------------------------------------------------


def test_valid_folder_parses_every_field(folder: Path):
    (folder / "01-healthy.md").write_text(
        "\ufeff---\r\nstage: healthy\r\n\r\ntitle:  A healthy back \r\nsources: S47, S58 S63\r\n---\r\n"
        "## patient\r\nOne line\r\nand its continuation.\r\n\r\nA second paragraph.\r\n"
        "## student\r\nText [S47][S58] and [S63].\r\n",
        encoding="utf-8",
    )
    story = load_story("degeneration", folder)
    assert story.problems == []
    assert tuple(story.stages) == DEGENERATION_STAGES
    healthy = story.stages["healthy"]
    assert healthy.title == "A healthy back"
    assert healthy.sources == ("S47", "S58", "S63")
    assert healthy.patient == "One line and its continuation.\n\nA second paragraph."
    assert healthy.student == "Text [S47][S58] and [S63]."
    assert healthy.caption == ""
    assert story.text_for("healthy", "caption") == "A healthy back"  # no caption: the title stands in
    assert healthy.path == folder / "01-healthy.md"


def test_stages_come_in_story_order_whatever_the_file_names(folder: Path):
    for path in folder.glob("*.md"):
        path.rename(folder / f"z-{path.name[3:]}")
    assert tuple(load_story("degeneration", folder).stages) == DEGENERATION_STAGES


def test_other_files_and_hidden_files_are_ignored(folder: Path):
    (folder / "notes.txt").write_text("not narration", encoding="utf-8")
    (folder / ".#01-healthy.md").write_text("editor lock", encoding="utf-8")
    assert load_story("degeneration", folder).problems == []


# ---- broken files: one problem each, by file and line; the others still load -----------------------------------------

GOOD = stage_file("healthy")
BROKEN = {
    # case: (file name, content (str or bytes), line, words in the message, stage left without text)
    "unknown stage": ("09-extra.md", stage_file("disc_melting"), 2, "unknown stage id 'disc_melting'", None),
    "duplicate stage": ("99-again.md", stage_file("bone_spurs"), 2, "duplicate stage id 'bone_spurs'", None),
    "missing patient": (
        "03-disc_narrowing.md",
        "---\nstage: disc_narrowing\ntitle: T\nsources: S47\n---\n## student\nTerms [S47].\n",
        6,
        "missing '## patient'",
        "disc_narrowing",
    ),
    "missing student": (
        "03-disc_narrowing.md",
        "---\nstage: disc_narrowing\ntitle: T\nsources: S47\n---\n\n## patient\nWords.\n",
        6,
        "missing '## student'",
        "disc_narrowing",
    ),
    "empty patient": (
        "03-disc_narrowing.md",
        "---\nstage: disc_narrowing\ntitle: T\nsources: S47\n---\n## patient\n\n## student\nTerms [S47].\n",
        6,
        "'## patient' section is empty",
        "disc_narrowing",
    ),
    "missing sources": (
        "02-disc_dehydration.md",
        "---\nstage: disc_dehydration\ntitle: T\n---\n## patient\nWords.\n## student\nTerms.\n",
        1,
        "no 'sources:'",
        "disc_dehydration",
    ),
    "empty sources": (
        "02-disc_dehydration.md",
        stage_file("disc_dehydration", sources=" ,", student="Terms."),
        4,
        "empty 'sources:'",
        "disc_dehydration",
    ),
    "unknown source id": (
        "04-facet_loading.md",
        stage_file("facet_loading", sources="S47, S9999"),
        4,
        "unknown source id 'S9999'",
        "facet_loading",
    ),
    "malformed source id": (
        "04-facet_loading.md",
        stage_file("facet_loading", sources="S47, Adams1980"),
        4,
        "unknown source id 'Adams1980'",
        "facet_loading",
    ),
    "inline tag not listed": (
        "04-facet_loading.md",
        stage_file("facet_loading", student="Fine [S47].\nNot listed [S75]."),
        11,
        "[S75] is cited in the text but not listed",
        "facet_loading",
    ),
    "no closing fence": (
        "05-cartilage_wear.md",
        "---\nstage: cartilage_wear\ntitle: T\nsources: S47\n## patient\nWords.\n## student\nTerms.\n",
        1,
        "no closing '---'",
        "cartilage_wear",
    ),
    "no opening fence": (
        "05-cartilage_wear.md",
        "stage: cartilage_wear\n---\n## patient\nWords.\n## student\nTerms.\n",
        1,
        "must start with a '---'",
        "cartilage_wear",
    ),
    "bad header line": (
        "06-bone_spurs.md",
        "---\nstage: bone_spurs\ntitle: T\nsources: S47\nthis line has no colon\n---\n## patient\nW.\n## student\nT.\n",
        5,
        "not 'key: value'",
        "bone_spurs",
    ),
    "unknown key": (
        "06-bone_spurs.md",
        "---\nstage: bone_spurs\nauthor: me\ntitle: T\nsources: S47\n---\n## patient\nW.\n## student\nT.\n",
        3,
        "unknown header key 'author'",
        "bone_spurs",
    ),
    "key twice": (
        "06-bone_spurs.md",
        "---\nstage: bone_spurs\ntitle: T\ntitle: U\nsources: S47\n---\n## patient\nW.\n## student\nT.\n",
        4,
        "'title' given twice (first on line 3)",
        "bone_spurs",
    ),
    "unknown section": (
        "07-disc_herniation.md",
        stage_file("disc_herniation").replace("## caption", "## presenter"),
        12,
        "unknown section '## presenter'",
        "disc_herniation",
    ),
    "section twice": (
        "07-disc_herniation.md",
        stage_file("disc_herniation").replace("## caption", "## patient"),
        12,
        "section '## patient' given twice (first on line 6)",
        "disc_herniation",
    ),
    "text before sections": (
        "07-disc_herniation.md",
        stage_file("disc_herniation").replace("---\n## patient", "---\nstray words\n## patient"),
        6,
        "text before the first",
        "disc_herniation",
    ),
    "invalid UTF-8": (
        "08-nerve_compression.md",
        stage_file("nerve_compression").encode("utf-8").replace(b"Plain words.", b"Plain \xff words."),
        7,
        "not valid UTF-8",
        "nerve_compression",
    ),
    "empty file": ("08-nerve_compression.md", "", 1, "empty file", "nerve_compression"),
    "blank file": ("08-nerve_compression.md", " \n\n\t\n", 1, "empty file", "nerve_compression"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_one_problem_by_file_and_line(folder: Path, case: str, caplog):
    name, content, line, words, lost = BROKEN[case]
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="narration.loader"):
        story = load_story("degeneration", folder)

    assert len(story.problems) == 1, [str(p) for p in story.problems]
    problem = story.problems[0]
    assert problem.path == path
    assert problem.line == line, str(problem)
    assert words in problem.message
    assert str(problem) == f"{path}:{line}: {problem.message}"
    assert str(problem) in caplog.text
    expected = tuple(s for s in DEGENERATION_STAGES if s != lost)
    assert tuple(story.stages) == expected
    assert story.missing == (() if lost is None else (lost,))
    if lost is not None:
        assert story.text_for(lost, "patient") == PLACEHOLDER
        assert story.text_for(lost, "student") == PLACEHOLDER
        assert story.text_for(lost, "caption") == PLACEHOLDER


def test_duplicate_keeps_the_first_file(folder: Path):
    (folder / "99-again.md").write_text(stage_file("bone_spurs", patient="Second."), encoding="utf-8")
    story = load_story("degeneration", folder)
    assert story.stages["bone_spurs"].path.name == "06-bone_spurs.md"
    assert "06-bone_spurs.md" in story.problems[0].message


def test_a_directory_named_like_a_file(folder: Path):
    (folder / "08-nerve_compression.md").unlink()
    (folder / "08-nerve_compression.md").mkdir()
    story = load_story("degeneration", folder)
    assert [(p.path.name, p.line) for p in story.problems] == [("08-nerve_compression.md", 1)]
    assert "directory" in story.problems[0].message
    assert story.missing == ("nerve_compression",)
    assert story.text_for("nerve_compression", "patient") == PLACEHOLDER


def test_an_unreadable_file(folder: Path, monkeypatch):
    blocked = folder / "02-disc_dehydration.md"
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == blocked:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    story = load_story("degeneration", folder)
    assert [str(p) for p in story.problems] == [f"{blocked}:1: cannot read the file: Permission denied"]
    assert story.missing == ("disc_dehydration",)


def test_several_broken_files_each_reported(folder: Path):
    (folder / "01-healthy.md").write_text("", encoding="utf-8")
    (folder / "05-cartilage_wear.md").write_bytes(b"---\n\xc3\x28\n")
    story = load_story("degeneration", folder)
    assert [(p.path.name, p.line) for p in story.problems] == [("01-healthy.md", 1), ("05-cartilage_wear.md", 2)]
    assert story.missing == ("healthy", "cartilage_wear")


# ---- never raises ---------------------------------------------------------------------------------------------------


def test_missing_folder_is_a_problem_not_an_error(tmp_path: Path):
    story = load_story("degeneration", tmp_path / "nowhere")
    assert len(story.problems) == 1 and "not found" in story.problems[0].message
    assert story.stages == {}
    assert story.missing == DEGENERATION_STAGES
    assert story.text_for("healthy", "patient") == PLACEHOLDER


def test_unknown_story_is_a_problem_not_an_error(tmp_path: Path):
    story = load_story("no_such_story", tmp_path)
    assert len(story.problems) == 1 and "unknown story" in story.problems[0].message
    assert story.text_for("healthy", "patient") == PLACEHOLDER


def test_text_for_unknown_stage_or_depth_is_the_placeholder(folder: Path):
    story = load_story("degeneration", folder)
    assert story.text_for("no_such_stage", "patient") == PLACEHOLDER
    assert story.text_for("healthy", "no_such_depth") == PLACEHOLDER
    assert story.text_for("healthy", "patient") == "Plain words."
    assert "missing" in PLACEHOLDER and "log" in PLACEHOLDER


def test_problem_reads_like_a_compiler_message():
    assert str(Problem(Path("a/b.md"), 7, "unknown key")) == "a/b.md:7: unknown key"


# ---- pure standard library ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_narration_uses_the_standard_library_only(module: Path):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"eval", "exec", "compile", "__import__"}, module.name
    allowed = set(sys.stdlib_module_names) | {"narration", "__future__"}
    assert imported <= allowed, imported - allowed
    assert not imported & {"pickle", "marshal", "shelve", "socket", "urllib", "http", "subprocess"}


# ---- bad input found by fuzzing (tests/fuzz) ------------------------------------------------------------------------


def test_line_numbers_count_newlines_only(folder: Path):
    """Python's splitlines() also breaks at form feeds and Unicode line separators; editors and grep -n do not."""
    path = folder / "04-facet_loading.md"
    odd = "Plain\x0cwords\x85with\u2028odd\x1cbreaks."
    path.write_text(stage_file("facet_loading", patient=odd).replace("## caption", "## presenter"), encoding="utf-8")
    story = load_story("degeneration", folder)
    assert [(p.path, p.line) for p in story.problems] == [(path, 12)]


def test_a_huge_line_gives_a_short_printable_message(folder: Path):
    path = folder / "04-facet_loading.md"
    path.write_text(stage_file("facet_loading").replace("title:", "x\x0b" + "x" * 100_000 + "\ntitle:"), "utf-8")
    (problem,) = load_story("degeneration", folder).problems
    assert problem.line == 3 and "not 'key: value': 'x\\x0bxxx" in problem.message
    assert problem.message.isprintable() and len(problem.message) < 120


def test_a_heading_with_a_huge_gap_is_read_in_linear_time(folder: Path):
    """The heading pattern backtracked quadratically: 200,000 spaces inside a heading took minutes."""
    path = folder / "04-facet_loading.md"
    path.write_text(stage_file("facet_loading").replace("## caption", "## a" + " " * 200_000 + "b"), "utf-8")
    started = time.perf_counter()
    (problem,) = load_story("degeneration", folder).problems
    assert time.perf_counter() - started < 5
    assert problem.line == 12 and "unknown section '## a" in problem.message

"""The patient handout: its words (plain sections, without Qt), the PDF read back with poppler's tools as a reader's
program would (every step's title and picture, the disclaimer, the paper, the reading level), what a failure
leaves (nothing), the command line and the window's File menu."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import textstat
from test_faults import fill_the_disk_after, needs_dev_full, refuse_temporary_files

from explainer import cli
from explainer.stories import STORIES
from explainer.stories.handout import HANDOUTS, SAID_IN_FULL, reading_text, story_handout
from narration import load_cues, load_story
from narration.claims import ALL_CITATIONS

MAX_GRADE = 6.0
DISCLAIMER = "An explanation aid, not a diagnosis or a treatment recommendation."
SOURCES_HEADING = "Where these facts come from"


def needs_poppler() -> None:
    """pdftotext and friends read the PDF back; a developer without them may skip, CI (which installs
    poppler-utils in .ci/setup) must not pass without reading it."""
    if not shutil.which("pdftotext"):
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)("poppler-utils (pdftotext) not installed")


def poppler(tool: str, *args: str) -> str:
    needs_poppler()
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_text(path: Path) -> str:
    """The PDF's words as pdftotext reads them, one space between words, page numbers left out."""
    text = poppler("pdftotext", str(path), "-")
    text = re.sub(r"^Page \d+ of \d+$", "", unicodedata.normalize("NFC", text), flags=re.MULTILINE)
    return " ".join(text.split())


def read_part(text: str) -> str:
    """What a patient is meant to read: everything before the list of sources (the fine print, last)."""
    return text[:text.index(SOURCES_HEADING)]


def model(story: str, target: str = "disc"):
    made = STORIES[story].make("L4-L5", "left")
    if hasattr(made, "set_target"):
        made.set_target(target, "L4-L5", "left")
    return made


# ---- the words (no Qt) -----------------------------------------------------------------------------------------------


def test_the_cascade_has_a_pictured_section_per_stage_ending_with_what_can_help():
    handout = story_handout("degeneration", model("degeneration"))
    pictured = [s for s in handout.sections if s.picture is not None]
    titles = [stage.title for stage in load_story("degeneration").stages.values()]
    assert [s.heading for s in pictured] == titles and titles[-1] == "What can help"
    assert [s.picture for s in pictured] == [float(i) for i in range(len(titles))]  # where Next stops
    assert all(s.paragraphs for s in pictured)


@pytest.mark.parametrize("target", ["disc", "facet"])
def test_the_film_has_a_pictured_section_per_phase_then_the_evidence_and_what_can_help(target):
    made = model("injection", target)
    handout = story_handout("injection", made)
    pictured = [s for s in handout.sections if s.picture is not None]
    assert [s.heading for s in pictured] == [p.title for p in made.phases]
    assert all(p.start < s.picture < p.end for s, p in zip(pictured, made.phases))
    headings = [s.heading for s in handout.sections]
    assert "Is it approved?" in headings and "What can help" in headings and SAID_IN_FULL not in headings
    other = "facet" if target == "disc" else "disc"
    words = reading_text(handout)
    cues = load_cues()
    assert all(c.text in words for c in cues.cues_for("patient", target))
    own = {c.text for c in cues.cues_for("patient", target)}  # a line both targets say is said once each
    assert not any(c.text in words for c in cues.cues["patient"] if c.target == other and c.text not in own)
    helps = next(s for s in handout.sections if s.heading == "What can help")
    assert helps.picture is None and not any("The model" in p for p in helps.paragraphs)  # no picture to describe


@pytest.mark.parametrize("story", sorted(HANDOUTS))
def test_the_sources_are_named_from_the_reference_and_the_reading_text_has_no_tags(story):
    handout = story_handout(story, model(story))
    sources = handout.sections[-1]
    assert sources.heading == SOURCES_HEADING and sources.fine_print and len(sources.paragraphs) >= 10
    ids = [re.match(r"\[(S\d+)\] ", line).group(1) for line in sources.paragraphs]
    assert len(ids) == len(set(ids))
    assert all(line.endswith(ALL_CITATIONS[i]) for i, line in zip(ids, sources.paragraphs))
    assert not re.search(r"\[S\d+\]", reading_text(handout))


@pytest.mark.parametrize("story", sorted(HANDOUTS))
def test_the_handout_reads_at_grade_6_or_below(story):
    grade = textstat.flesch_kincaid_grade(reading_text(story_handout(story, model(story))))
    assert grade <= MAX_GRADE, f"{story}: Flesch–Kincaid grade {grade:.1f}"


def test_a_story_without_a_handout_is_refused_by_name():
    with pytest.raises(ValueError, match="'flash' has no handout"):
        story_handout("flash", model("degeneration"))


# ---- the PDF ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(qapp, tmp_path_factory):
    """Each story's handout written once, on A4: (path, pages the writer reported, its handout)."""
    from explainer.ui.handout import write_handout

    folder = tmp_path_factory.mktemp("handouts")
    made = {}
    for story in sorted(HANDOUTS):
        handout = story_handout(story, model(story))
        out = folder / f"{story}.pdf"
        made[story] = (out, write_handout(out, handout, "a4"), handout)
    return made


@pytest.mark.parametrize("story", sorted(HANDOUTS))
def test_the_pdf_holds_every_title_its_pictures_and_the_disclaimer(pdfs, story):
    out, pages, handout = pdfs[story]
    info = poppler("pdfinfo", str(out))
    assert re.search(rf"^Pages:\s+{pages}$", info, re.MULTILINE) and "595 x 842 pts (A4)" in info
    text = pdf_text(out)
    for section in handout.sections:
        assert section.heading in text, section.heading
    assert DISCLAIMER in read_part(text) and handout.where in text  # the disclaimer before the fine print
    assert "For:" not in text  # no name unless one is typed
    images = poppler("pdfimages", "-list", str(out)).splitlines()[2:]
    pictured = [s for s in handout.sections if s.picture is not None]
    assert len(images) == len(pictured)
    assert all(int(line.split()[3]) >= 1500 for line in images)  # drawn at print resolution


@pytest.mark.parametrize("story", sorted(HANDOUTS))
def test_the_pdfs_words_read_at_grade_6_or_below(pdfs, story):
    grade = textstat.flesch_kincaid_grade(read_part(pdf_text(pdfs[story][0])))
    assert grade <= MAX_GRADE, f"{story}: Flesch–Kincaid grade {grade:.1f} as pdftotext reads it"


def test_a_name_is_printed_only_when_typed(qapp):
    from explainer.ui.handout import document

    handout = story_handout("injection", model("injection"))
    assert "For: Ann Lee" in document(handout, {}, name="  Ann Lee ").toPlainText()
    assert "For:" not in document(handout, {}, name="  ").toPlainText()


def test_the_paper_follows_the_locale(qapp):
    from PySide6.QtCore import QLocale

    from explainer.ui.handout import paper_for

    language, country = QLocale.Language, QLocale.Country
    for where in (country.UnitedStates, country.Canada, country.Mexico):
        assert paper_for(QLocale(language.English, where)) == "letter"
    for where in (country.Germany, country.UnitedKingdom, country.Australia):
        assert paper_for(QLocale(language.English, where)) == "a4"


# ---- failures leave nothing ------------------------------------------------------------------------------------------


@pytest.fixture
def small_pictures(monkeypatch):
    """Pictures drawn small: the tests of failures and of the window need them, not their detail."""
    from explainer.ui import handout

    monkeypatch.setattr(handout, "picture_pixels", lambda: (240, 160))


def test_a_failure_midway_leaves_nothing_and_keeps_the_old_file(qapp, tmp_path, monkeypatch, small_pictures):
    from explainer.ui import handout as writer

    out = tmp_path / "handout.pdf"
    out.write_bytes(b"the handout of last week")
    pages = []

    def page_number(self, *args):
        pages.append(args)
        if len(pages) == 3:
            raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(writer.QPainter, "drawText", page_number)
    with pytest.raises(RuntimeError):
        writer.write_handout(out, story_handout("degeneration", model("degeneration")), "a4")
    assert len(pages) == 3 and [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]
    assert out.read_bytes() == b"the handout of last week"


def test_a_folder_that_refuses_files_leaves_nothing(qapp, tmp_path, monkeypatch, small_pictures):
    from explainer.ui.handout import write_handout

    refuse_temporary_files(monkeypatch)
    with pytest.raises(PermissionError):
        write_handout(tmp_path / "handout.pdf", story_handout("injection", model("injection")))
    assert list(tmp_path.iterdir()) == []


@needs_dev_full
def test_a_full_disk_is_status_2_and_leaves_nothing(qapp, tmp_path, capsys, monkeypatch, small_pictures):
    fill_the_disk_after(monkeypatch, 0)
    out = tmp_path / "handout.pdf"
    assert cli.main(["handout", str(out), "--story", "injection"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {out}: the PDF was not written whole" in err, err
    assert list(tmp_path.iterdir()) == []


# ---- the command line ------------------------------------------------------------------------------------------------


def test_the_command_writes_a_letter_handout_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "film.pdf"
    result = subprocess.run([sys.executable, "-m", "explainer", "handout", str(out), "--story", "injection",
                             "--target", "facet", "--paper", "letter"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "612 x 792 pts (letter)" in poppler("pdfinfo", str(out))
    assert "the needle to a facet joint" in pdf_text(out)
    assert [p.name for p in tmp_path.iterdir()] == ["film.pdf"]


@pytest.mark.parametrize(("args", "words"), [
    (["handout", "x.pdf"], "one of the arguments --story --case is required"),
    (["handout", "x.pdf", "--story", "injection", "--case", "c.json"], "not allowed with"),
    (["handout", "x.pdf", "--case", "no-such-case.json"], "no-such-case.json"),
    (["handout", "x.pdf", "--story", "injection", "--paper", "a3"], "invalid choice: 'a3'"),
    (["handout", "missing/x.pdf", "--story", "injection"], "folder missing does not exist"),
    (["handout", ".", "--story", "injection"], "is a folder; name the PDF file"),
])
def test_bad_handout_arguments_give_one_line_and_status_2(args, words, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    try:
        code = cli.main(args)
    except SystemExit as leaving:  # argparse's own errors
        code = leaving.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_refuses_the_file_is_status_2(qapp, tmp_path, capsys, monkeypatch, small_pictures):
    refuse_temporary_files(monkeypatch)
    out = tmp_path / "x.pdf"
    assert cli.main(["handout", str(out), "--story", "degeneration"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {out}: Permission denied" in err, err


# ---- the window ------------------------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, spine, small_pictures):
    from conftest import shown_window

    with shown_window(qtbot, spine) as window:
        yield window


def test_the_file_menu_writes_the_shown_storys_handout_and_remembers_the_folder(window, tmp_path, monkeypatch):
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QFileDialog

    from explainer.ui.settings import last_folder, store

    actions = window.menus.actions
    assert actions["handout"].shortcut() == QKeySequence("Ctrl+Shift+H")
    assert actions["print"].shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.show_story("injection")
    window.session.set_depth("student")  # the handout is in the patient's words whatever the window shows
    chosen = tmp_path / "for you"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), ""))
    actions["handout"].trigger()
    out = tmp_path / "for you.pdf"
    text = pdf_text(out)
    assert "A guided injection" in text and "You lie face down." in text and DISCLAIMER in text
    assert last_folder(store(), "handout") == tmp_path
    assert "Handout saved" in window.statusBar().currentMessage()


def test_print_sends_the_same_handout_to_the_chosen_printer(window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    out = tmp_path / "printed.pdf"

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.menus.actions["print"].trigger()
    text = pdf_text(out)
    assert all(stage.title in text for stage in load_story("degeneration").stages.values())
    assert DISCLAIMER in text and "sent to the printer" in window.statusBar().currentMessage()


def test_print_declined_prints_nothing(window, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from explainer.ui import menus

    made = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(menus, "print_handout", lambda *args: made.append(args))
    window.menus.actions["print"].trigger()
    assert made == []

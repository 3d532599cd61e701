"""The window's manners: its menus and their keys, the exports from the window, the preferences remembered between
runs (a damaged settings file ignored) and an accessible name on every control.  QSettings points at a folder of
each test's own (conftest.settings_folder)."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from conftest import shown_window
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QFileDialog,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollBar,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from explainer.stories import STORIES
from explainer.stories.camera import PRESETS
from explainer.ui import menus
from explainer.ui.menus import time_left, versions
from explainer.ui.panel import DISCLAIMER
from explainer.ui.settings import last_folder, remember, session_from, store
from explainer.ui.window import MainWindow


@pytest.fixture
def window(qtbot, spine):
    with shown_window(qtbot, spine, hand_clock=False) as window:
        yield window


@pytest.fixture
def save_as(monkeypatch):
    """The file dialog answers with the path a test puts in `save_as[0]` (and records the folder it offered)."""
    answer: list = [None]

    def chosen(parent, title, offered, filters):
        answer.append(offered)
        return (str(answer[0]) if answer[0] else "", filters)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chosen)
    return answer


@pytest.fixture
def messages(monkeypatch):
    """Message boxes recorded instead of shown (a modal box would wait for a click)."""
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *_, k=kind: shown.append((k, text)))
    return shown


def test_each_action_is_there_with_its_key(window):
    actions = window.menus.actions
    standard = {"save_case": QKeySequence.StandardKey.Save, "open_case": QKeySequence.StandardKey.Open,
                "save_case_as": QKeySequence.StandardKey.SaveAs, "quit": QKeySequence.StandardKey.Quit,
                "keys": QKeySequence.StandardKey.HelpContents}
    for name, key in standard.items():
        assert actions[name].shortcut() == QKeySequence(key)
    assert actions["save_picture"].shortcut() == QKeySequence("Ctrl+Shift+P")
    assert actions["enter_report"].shortcut() == QKeySequence("Ctrl+R")
    assert actions["export_video"].shortcut() == QKeySequence("Ctrl+E")
    assert actions["export_model"].shortcut() == QKeySequence("Ctrl+Shift+E")
    assert [actions[f"view:{view}"].shortcut() for view in PRESETS] == [
        QKeySequence(f"Ctrl+{i}") for i in range(1, len(PRESETS) + 1)]
    for name in STORIES:
        assert actions[f"story:{name}"].text() == STORIES[name].title
    # keys the window binds itself are only shown in the menu: bound twice, neither would fire
    for name, key in (("back", "Left"), ("next", "Right"), ("play", "Space"), ("full_screen", "F11")):
        assert actions[name].text().endswith(f"\t{key}")
        assert actions[name].shortcut().isEmpty()
    bound = [s.key() for s in window.shortcuts]
    assert all(action.shortcut() not in bound for action in actions.values() if not action.shortcut().isEmpty())


def test_story_actions_drive_the_window(window):
    actions = window.menus.actions
    for name in STORIES:  # each story's action shows it; the steps are tried on the last with more than one
        actions[f"story:{name}"].trigger()
        assert window.active == name
    last = [name for name in STORIES if len(window.session.models[name].stops) > 1][-1]
    actions[f"story:{last}"].trigger()
    actions["next"].trigger()
    assert window.model.position > 0
    actions["back"].trigger()
    assert window.model.position == 0
    actions["play"].trigger()
    assert window.playing
    actions["play"].trigger()
    assert not window.playing


def test_labels_action_and_the_panel_agree(window):
    labels = window.menus.actions["labels"]
    labels.trigger()
    assert not window.panel.labels.isChecked()
    window.panel.labels.setChecked(True)
    assert labels.isChecked()


def test_about_names_the_disclaimer_and_the_versions(window, messages):
    window.menus.actions["about"].trigger()
    text = messages[0][1]
    assert "An explanation aid, not a diagnosis or a treatment recommendation" in DISCLAIMER
    assert DISCLAIMER in text
    assert [name for name, _ in versions()] == ["Python", "Qt", "PySide6", "VTK", "PyAV"]
    assert all(f"{name} {version}" in text for name, version in versions())
    window.menus.actions["keys"].trigger()
    assert "Space" in messages[1][1]


def test_save_picture_writes_the_view_at_the_story_point(window, save_as, tmp_path):
    window.model.step(+1)
    save_as[0] = tmp_path / "picture"  # no suffix typed: .png added
    window.menus.actions["save_picture"].trigger()
    out = tmp_path / "picture.png"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert last_folder(store(), "picture") == tmp_path  # offered there next time
    window.menus.actions["save_picture"].trigger()
    assert Path(save_as[-1]).parent == tmp_path


def test_declining_the_dialog_writes_nothing(window, save_as, tmp_path):
    window.menus.actions["save_picture"].trigger()
    assert not list(tmp_path.glob("*.png"))


def test_export_model_writes_a_glb(window, save_as, tmp_path):
    save_as[0] = tmp_path / "spine.glb"
    window.menus.actions["export_model"].trigger()
    assert (tmp_path / "spine.glb").read_bytes()[:4] == b"glTF"


def _finish(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.menus.video.running, timeout=60_000)


def test_export_video_writes_a_short_mp4(window, save_as, tmp_path, qtbot, monkeypatch):
    shorten = menus.story_copy

    def short(win):
        model = shorten(win)
        model.last = 0.1  # a few frames
        return model

    monkeypatch.setattr(menus, "story_copy", short)
    monkeypatch.setattr(menus, "VIDEO_SIZE", (96, 54))
    save_as[0] = tmp_path / "film.mp4"
    window.menus.actions["export_video"].trigger()
    _finish(qtbot, window)
    with av.open(str(tmp_path / "film.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 96, 54)
    assert (tmp_path / "film.vtt").exists()
    assert "saved" in window.statusBar().currentMessage()


def _fake_export(log: list, fail_at: int | None = None):
    """Stands in for export_video: a partial file while it runs, removed when closed or failing, as the real one."""

    def export(out, *args, **kwargs):
        out.write_bytes(b"partial")
        try:
            for done in range(1, 1000):
                if done == fail_at:
                    raise OSError("disk full")
                yield done, 999
        finally:
            log.append("closed")
            out.unlink()

    return export


def test_cancel_closes_the_generator_and_leaves_no_file(window, save_as, tmp_path, qtbot, monkeypatch, messages):
    log: list = []
    monkeypatch.setattr(menus, "export_video", _fake_export(log))
    save_as[0] = tmp_path / "film.mp4"
    window.menus.actions["export_video"].trigger()
    progress = window.menus.video
    qtbot.waitUntil(lambda: progress.dialog.value() >= 3)
    assert "left" in progress.dialog.labelText()
    progress.dialog.findChild(QPushButton).click()  # Cancel
    assert log == ["closed"] and not progress.running
    assert not (tmp_path / "film.mp4").exists()
    assert not messages
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_failed_export_shows_one_message_and_leaves_no_file(window, save_as, tmp_path, qtbot, monkeypatch,
                                                               messages):
    log: list = []
    monkeypatch.setattr(menus, "export_video", _fake_export(log, fail_at=3))
    save_as[0] = tmp_path / "film.mp4"
    window.menus.actions["export_video"].trigger()
    _finish(qtbot, window)
    assert log == ["closed"]
    assert [kind for kind, _ in messages] == ["warning"] and "disk full" in messages[0][1]
    assert not (tmp_path / "film.mp4").exists()


def test_time_left_reads_as_a_countdown():
    assert time_left(65.2) == "about 1:05 left"
    assert time_left(-1) == "about 0:00 left"


def test_preferences_come_back_at_the_next_start(qtbot, spine, tmp_path):
    settings = store()
    first = MainWindow(spine, session_from(settings))
    remember(first, settings)
    first.session.set_depth("student")
    first.page.panel.level.setCurrentText("L3-L4")
    first.page.panel.side.setCurrentIndex(1)
    first.resize(1000, 700)
    first.close()
    settings = store()
    session = session_from(settings)
    assert (session.depth, session.level, session.side) == ("student", "L3-L4", "right")
    second = MainWindow(spine, session)
    remember(second, settings)
    try:
        assert (second.model.level, second.model.side) == ("L3-L4", "right")
        assert second.page.panel.depth == "student"
        assert (second.width(), second.height()) == (1000, 700)
    finally:
        second.close()


GARBAGE = b"""[General]
depth=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x12NotAType\\xff\\xfe)
level=L9-L10
side=@ByteArray(\\x1\\x2)
geometry=not a geometry
geometry2=@ByteArray(\\xff\\xff\\0)
[folders]
picture=\\0\\0\\xff
video=@Invalid()
\x00\xff\xfe\x80 [[[ = = =
"""


@pytest.mark.parametrize("content", [GARBAGE, bytes(range(256)) * 4, b"geometry=@ByteArray(\\xff\\xff\\0)\n"])
def test_a_damaged_settings_file_is_ignored(qtbot, spine, settings_folder, content):
    path = settings_folder / "Lumbar Explainer" / "Lumbar Explainer.ini"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings = store()
    session = session_from(settings)
    assert (session.depth, session.level, session.side) == ("patient", "L4-L5", "left")
    assert last_folder(settings, "picture") == Path.home()
    window = MainWindow(spine, session)
    remember(window, settings)
    window.close()


def test_a_foreign_geometry_is_ignored(qtbot, spine):
    store().setValue("geometry", QByteArray(b"\x01\xd9\xd0\xcb garbage of the right type"))
    window = MainWindow(spine)
    remember(window, store())
    assert (window.width(), window.height()) == (1440, 860)
    window.close()


INTERACTIVE = (QAbstractButton, QComboBox, QAbstractSlider, QListWidget, QTextBrowser, QTabBar)


def _controls(window) -> list[QWidget]:
    """Every control of the window, every story's page made."""
    for name in STORIES:  # every page made and in the tree
        window.show_story(name)
    return [w for w in window.findChildren(QWidget)  # a view's bars, a tab bar's arrows: parts of it, Qt's own
            if isinstance(w, INTERACTIVE) and not isinstance(w, QScrollBar) and not isinstance(w.parent(), QTabBar)]


def test_every_control_has_an_accessible_name_and_description(window):
    controls = _controls(window)
    unnamed = [f"{type(w).__name__} in {type(w.parent()).__name__}" for w in controls
               if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())]
    assert not unnamed, "; ".join(unnamed)
    undescribed = [f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', str)()!r}" for w in controls
                   if not w.accessibleDescription()]
    assert not undescribed, "; ".join(undescribed)


def _tab_chain(qtbot, window, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from `start` until it comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    chain = [start]
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return chain
        chain.append(QApplication.focusWidget())
    raise AssertionError("Tab never came back: " + ", ".join(type(w).__name__ for w in chain[-5:]))


def test_tab_reaches_every_control_in_reading_order(window, qtbot):
    controls = _controls(window)
    window.activateWindow()
    qtbot.waitActive(window)
    for story in STORIES:
        window.show_story(story)
        for tab in range(window.side_tabs.count()):
            window.side_tabs.setCurrentIndex(tab)
            chain = _tab_chain(qtbot, window, window.side_tabs.tabBar())
            shown = [w for w in controls if w.isVisible() and w.isEnabled()
                     and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
            missed = [w.accessibleName() or getattr(w, "text", str)() for w in shown if w not in chain]
            assert not missed, f"{story}, tab {tab}: Tab never reaches {missed}"
            page = window.side_tabs.currentWidget()
            in_page = [w for w in chain if page.isAncestorOf(w)]
            assert chain[1:1 + len(in_page)] == in_page  # from the tabs into their page, then on
            order = [w.mapTo(page, w.rect().topLeft()).y() for w in in_page]
            assert order == sorted(order) or tab == 1, (story, [w.accessibleName() or w.text() for w in in_page])

"""Preferences remembered between runs (QSettings): the reading depth, segment and side, the text size, the last
folder of each kind of export and the window's geometry.

Everything read is checked before it is used: a value from a damaged or foreign settings file, or from another
version of the app, is ignored and the default kept, never a crash.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings

from explainer.stories import DEPTHS, Session
from meshes.params import SEGMENTS, SIDES

ORGANISATION = "Lumbar Explainer"
APPLICATION = "Lumbar Explainer"


def store() -> QSettings:
    """The app's settings: an INI file in the user's settings folder (the same format on every system, and one that
    tests point elsewhere with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def _value(settings: QSettings, key: str):
    """The stored value of `key`, or None when there is none or it cannot be read (a damaged file may hold a
    serialised value the binding cannot convert)."""
    try:
        return settings.value(key)
    except Exception:  # noqa: BLE001  (whatever a damaged file makes Qt or the binding raise: the default is kept)
        return None


def _choice(settings: QSettings, key: str, allowed: tuple[str, ...]) -> str | None:
    """The stored text of `key` if it is one of `allowed`; None otherwise."""
    value = _value(settings, key)
    return value if isinstance(value, str) and value in allowed else None


def session_from(settings: QSettings) -> Session:
    """A session at the remembered segment, side and depth (each one that is missing or unknown: the default)."""
    where = {key: value for key, allowed in (("level", SEGMENTS), ("side", SIDES))
             if (value := _choice(settings, key, allowed)) is not None}
    session = Session(**where)
    depth = _choice(settings, "depth", DEPTHS)
    if depth is not None:
        session.set_depth(depth)
    return session


def last_folder(settings: QSettings, kind: str) -> Path:
    """The folder the last export of `kind` went to, while it still exists; the home folder otherwise."""
    value = _value(settings, f"folders/{kind}")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return Path.home()


def keep_folder(settings: QSettings, kind: str, folder: Path) -> None:
    settings.setValue(f"folders/{kind}", str(folder))


def text_percent(settings: QSettings, allowed: tuple[int, ...]) -> int:
    """The remembered text size in percent if it is one of `allowed`; the first of them (100 %) otherwise."""
    value = _value(settings, "text_size")
    try:
        percent = int(value)
    except (TypeError, ValueError):
        return allowed[0]
    return percent if percent in allowed else allowed[0]


def keep_text_percent(settings: QSettings, percent: int) -> None:
    settings.setValue("text_size", percent)


def save_preferences(settings: QSettings, window) -> None:
    """The window's depth, the shown story's segment and side, and the window's geometry."""
    settings.setValue("depth", window.session.depth)
    model = window.session.models.get(window.session.active)
    settings.setValue("level", getattr(model, "level", window.session.level))
    settings.setValue("side", getattr(model, "side", window.session.side))
    settings.setValue("geometry", window.saveGeometry())
    settings.sync()


def restore_geometry(settings: QSettings, window) -> None:
    """The window where it last was (Qt checks the bytes: a damaged geometry leaves the window as it is)."""
    geometry = _value(settings, "geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)


class _SaveOnClose(QObject):
    """Saves the preferences when the window closes, while its story and geometry are still there."""

    def __init__(self, settings: QSettings, window):
        super().__init__(window)
        self.settings, self.window = settings, window

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            save_preferences(self.settings, self.window)
        return False


def remember(window, settings: QSettings) -> None:
    """Put `window` where it last was and save its preferences to `settings` when it closes."""
    restore_geometry(settings, window)
    window.installEventFilter(_SaveOnClose(settings, window))

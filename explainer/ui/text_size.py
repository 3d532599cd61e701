"""Text size, 100 % to 200 % (View ▸ Text size, Ctrl + / Ctrl − / Ctrl 0): the panels' fonts, the widths that were
sized for their text, and the text over the 3D view, all by one factor; remembered between runs.

Widgets that set their own point size (titles, the narration) keep their proportions: each is scaled from the size
it was made with, which it carries in a property; everything else follows the application's font.  A story's page
made later is sized when it is first shown (the window's `story_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

from explainer.ui.settings import keep_text_percent, store, text_percent

PERCENTS = (100, 110, 125, 150, 175, 200)
_POINTS, _WIDTH, _HEIGHT = "base_points", "base_width", "base_height"  # the sizes a widget was made with


def _base(holder: QObject, key: str, now: float) -> float:
    """The size `holder` was made with, noted the first time it is scaled."""
    value = holder.property(key)
    if value is None:
        holder.setProperty(key, now)
        return now
    return float(value)


def scale_widget(widget: QWidget, factor: float) -> None:
    """Its own font (if it set one) and any fixed width or height, at `factor` times the size it was made with."""
    if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        font = widget.font()
        font.setPointSizeF(_base(widget, _POINTS, font.pointSizeF()) * factor)
        widget.setFont(font)
    if widget.minimumWidth() == widget.maximumWidth() > 0:
        widget.setFixedWidth(round(_base(widget, _WIDTH, widget.minimumWidth()) * factor))
    if widget.minimumHeight() == widget.maximumHeight() > 0:
        widget.setFixedHeight(round(_base(widget, _HEIGHT, widget.minimumHeight()) * factor))


class Scrolled(QScrollArea):
    """A side page that scrolls when its text makes it taller than the window (squeezed, its rows would overlap);
    as wide as the page and its scroll bar, whatever the text size."""

    def __init__(self, page: QWidget):
        super().__init__()
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the page's controls, scrolled into view

    def _width(self, page_width: int) -> int:
        page = self.widget()
        return max(page_width, page.minimumWidth()) + self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(self.widget().minimumSizeHint().width()), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self._width(self.widget().sizeHint().width()), super().sizeHint().height())


class TextSize(QObject):
    """The window's text size: `percent` now; `bigger`, `smaller` and `reset` step through PERCENTS.  The
    application's font is put back when the window closes."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.percent = text_percent(store(), PERCENTS)
        app = QApplication.instance()
        self._app_points = _base(app, _POINTS, app.font().pointSizeF())
        window.story_shown.connect(lambda _name: self.apply())
        window.installEventFilter(self)
        self.apply()

    def set_percent(self, percent: int) -> None:
        self.percent = min(max(percent, PERCENTS[0]), PERCENTS[-1])
        keep_text_percent(store(), self.percent)
        self.apply()

    def bigger(self) -> None:
        self.set_percent(next((p for p in PERCENTS if p > self.percent), PERCENTS[-1]))

    def smaller(self) -> None:
        self.set_percent(next((p for p in reversed(PERCENTS) if p < self.percent), PERCENTS[0]))

    def reset(self) -> None:
        self.set_percent(PERCENTS[0])

    def apply(self) -> None:
        """Every widget of the window and the 3D view's text at the current size, then one frame."""
        factor = self.percent / 100
        self._app_font(factor)
        for widget in self.window.findChildren(QWidget):
            scale_widget(widget, factor)
            widget.updateGeometry()  # in a hidden tab, its layout would keep the sizes it had
        self.window.scene.set_text_size(scale=factor)
        self.window.render()

    def _app_font(self, factor: float) -> None:
        font = QApplication.font()
        font.setPointSizeF(self._app_points * factor)
        QApplication.setFont(font)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._app_font(1.0)  # the next window (a test's, a restart's) starts from the plain font
        return False

"""Opening the window: a splash on screen within a fraction of a second, then the geometry, then the window.

Only Qt is imported before the splash shows.  VTK, PyVista and the geometry (computed on the first start,
read from the cache after) load behind it, on a worker thread, while the splash says what is being done, so
a first start never looks like nothing happened.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait

from PySide6.QtCore import QEventLoop, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from explainer.ui.binding import binding_problem

TITLE = "Lumbar Explainer"
SPLASH_SIZE = (560, 300)
POLL_S = 0.05  # how often the splash is repainted while the geometry is made
TRACE = "LUMBAR_EXPLAINER_TRACE_START"  # set: print when the splash is first on screen (benchmarks read it)


class Splash(QLabel):
    """The app's name, what it is (and is not), and a line saying what is being made.  A frameless label,
    not a QSplashScreen: on X11 without a window manager that one waits a second to be shown."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle(TITLE)
        self.picture = _splash_picture()
        self.setPixmap(self.picture)
        self.message = ""

    def say(self, text: str) -> None:
        """Show `text` along the bottom (repainted at once only when it changed)."""
        if text == self.message:
            return
        self.message = text
        picture = self.picture.copy()
        painter = QPainter(picture)
        painter.setPen(QColor("#d8dde3"))
        painter.drawText(picture.rect().adjusted(10, 0, -10, -18),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, text)
        painter.end()
        self.setPixmap(picture)

    def show_centred(self) -> None:
        self.adjustSize()
        screen = self.screen().availableGeometry()
        self.move(screen.center() - self.rect().center())
        self.show()


def _splash_picture() -> QPixmap:
    width, height = SPLASH_SIZE
    picture = QPixmap(width, height)
    picture.fill(QColor("#1e2a36"))
    painter = QPainter(picture)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(QFont(QApplication.font().family(), 26, QFont.Weight.Bold))
    painter.drawText(QRect(0, 70, width, 50), Qt.AlignmentFlag.AlignCenter, TITLE)
    painter.setPen(QColor("#aab7c4"))
    painter.setFont(QFont(QApplication.font().family(), 12))
    painter.drawText(QRect(20, 125, width - 40, 60), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                     "A 3D model of the lower back for explaining it.\n"
                     "An explanation aid, not a diagnosis or a treatment recommendation.")
    painter.end()
    return picture


class Progress:
    """How far the geometry has come: written by the worker thread, read by the splash."""

    def __init__(self) -> None:
        self.done, self.total = 0, 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def message(self, seconds: int) -> str:
        if not self.total:
            return "Preparing the 3D model…"
        return (f"Building the 3D model (first start only): "
                f"{self.done} of {self.total} parts, {seconds} s")


def _load_model(progress: Progress):
    """On the worker thread: the heavy modules, then the spine (from the cache, or computed)."""
    import explainer.ui.window  # noqa: F401  (VTK and the scene: loaded here, not in front of the splash)
    from meshes import build_spine

    return build_spine(progress=progress)


def _wait_showing(app: QApplication, splash: Splash, work: Future, progress: Progress):
    """Keep the splash alive (painted, with the parts and seconds counting) until `work` is done; its result."""
    start = time.monotonic()
    while not work.done():
        splash.say(progress.message(int(time.monotonic() - start)))
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, int(POLL_S * 1000))
        wait([work], timeout=POLL_S)
    return work.result()


def _refuse(message: str) -> int:
    print(f"lumbar-explainer: error: {message}", file=sys.stderr)
    QMessageBox.critical(None, TITLE, message)
    return 1


def run() -> int:
    """Open the window and run until it is closed; a clear message if the Qt binding or OpenGL is unfit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(TITLE)
    font = QFont(app.font())
    font.setPointSize(14)
    app.setFont(font)
    problem = binding_problem()
    if problem:
        return _refuse(problem)
    splash = Splash()
    splash.show_centred()
    app.processEvents()
    if os.environ.get(TRACE):
        print(f"splash shown {time.time():.3f}", file=sys.stderr, flush=True)
    with ThreadPoolExecutor(1) as worker:
        progress = Progress()
        spine = _wait_showing(app, splash, worker.submit(_load_model, progress), progress)
    from explainer.render.scene import OpenGLUnavailable, require_opengl
    from explainer.ui.settings import ORGANISATION, remember, session_from, store
    from explainer.ui.window import MainWindow
    from meshes import cache

    app.setOrganizationName(ORGANISATION)  # the preferences' place (explainer.ui.settings)
    settings = store()
    window = MainWindow(spine, session_from(settings))
    remember(window, settings)
    if cache.notice():  # the geometry is in memory, but could not be kept for the next start: say so once
        window.statusBar().showMessage(cache.notice())
    try:
        require_opengl(window.render_window)
    except OpenGLUnavailable as error:
        splash.close()
        return _refuse(f"Cannot show the 3D view: {error}.")
    window.show()
    window.view3d.Initialize()
    splash.close()
    return app.exec()

"""The patient handout on paper: a PDF (Qt's own writer) or a printer, laid out from a handout's sections.

The words come from explainer.stories.handout (plain sections); here they are set with QTextDocument, headings
and short paragraphs in a large type, each step's picture drawn offscreen by the same path as a screenshot, the
date, a name only if one was typed, and the disclaimer.  A PDF is written atomically: a failure leaves no file.
"""

from __future__ import annotations

import datetime
import errno
import html
from pathlib import Path

import numpy as np
from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from explainer.files import atomic_path
from explainer.render.offscreen import OffscreenView, rgb
from explainer.stories.handout import Handout, Section
from explainer.ui.panel import DISCLAIMER

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
LETTER_COUNTRIES = {getattr(QLocale.Country, name) for name in (
    "UnitedStates", "Canada", "Mexico", "Chile", "Colombia", "CostaRica", "Guatemala", "Philippines", "PuertoRico",
    "Venezuela", "DominicanRepublic", "ElSalvador", "Nicaragua", "Panama")}  # where Letter is the usual paper
MARGINS_MM = QMarginsF(20, 18, 20, 16)
RESOLUTION = 300  # dots per inch of the PDF's layout and of the pictures
PICTURE_MM = (150.0, 100.0)  # each step's picture on the page
PICTURE_SCALE = 2.0  # labels and captions twice a window's pixels: as on a ~890-pixel view at 300 dpi
BODY_PT, SMALL_PT = 13, 9
PLAIN = ("This sheet explains how the back works. It does not say what is wrong with your back. "
         "It does not say which care is right for you. Ask your doctor about that.")
STYLE = f"""
h1 {{ font-size: 24pt; margin-bottom: 6px; }}
h2 {{ font-size: 18pt; margin-top: 18px; margin-bottom: 8px; color: #1f3b57; }}
h3 {{ font-size: 15pt; margin-top: 14px; margin-bottom: 4px; color: #1f3b57; }}
p {{ margin-top: 0px; margin-bottom: 12px; line-height: 120%; }}
p.picture {{ margin-bottom: 12px; line-height: 100%; }}
p.meta {{ color: #4a4f56; }}
p.small {{ font-size: {SMALL_PT}pt; margin-bottom: 4px; line-height: 100%; }}
p.note {{ font-size: {BODY_PT}pt; color: #4a4f56; }}
"""


def offscreen_app() -> QGuiApplication:
    """The running Qt application, or one without a screen: the command line lays out text and writes PDFs
    with no window and no display."""
    return QGuiApplication.instance() or QGuiApplication(["lumbar-explainer", "-platform", "offscreen"])


def paper_for(locale: QLocale | None = None) -> str:
    """The usual paper where the user is: Letter in the Americas that use it, A4 elsewhere."""
    return "letter" if (locale or QLocale()).territory() in LETTER_COUNTRIES else "a4"


def picture_pixels() -> tuple[int, int]:
    """The size a step's picture is drawn at: PICTURE_MM at RESOLUTION dots per inch."""
    return tuple(round(mm / 25.4 * RESOLUTION) for mm in PICTURE_MM)


def draw_pictures(handout: Handout) -> dict[float, QImage]:
    """Each section's picture, drawn offscreen from the handout's story at that position as a screenshot draws it
    (patient depth), its text and lines scaled as if a window's pixels were PICTURE_SCALE times larger."""
    positions = [s.picture for s in handout.sections if s.picture is not None]
    if not positions or handout.story is None:
        return {}
    pictures = {}
    start = handout.model.position
    with OffscreenView(picture_pixels(), handout.story, handout.model) as shown:
        shown.window.SetDPI(round(72 * PICTURE_SCALE))
        for position in positions:
            shown.draw(position)
            pictures[position] = qimage(rgb(shown.image()))
    handout.model.set_position(start)
    return pictures


def qimage(pixels: np.ndarray) -> QImage:
    """RGB rows from the top as a QImage of its own (the array may go)."""
    height, width, _ = pixels.shape
    data = np.ascontiguousarray(pixels)
    return QImage(data.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def document(handout: Handout, pictures: dict[float, QImage], name: str = "",
             today: datetime.date | None = None) -> QTextDocument:
    """The handout as a rich-text document: title, date, the name if given, its sections (a step with a picture
    starts a page), the disclaimer, and last the fine print (the sources)."""
    doc = QTextDocument()
    doc.setDefaultFont(_font(BODY_PT))
    doc.setDefaultStyleSheet(STYLE)
    doc.setDocumentMargin(0)
    for position, image in pictures.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_picture_url(position)), image)
    today = today or datetime.date.today()
    parts = [f"<h1>{html.escape(handout.title)}</h1>",
             f"<p class='meta'>{today.day} {today:%B %Y}. {html.escape(handout.where)}</p>"]
    if name.strip():
        parts.append(f"<p class='meta'>For: {html.escape(name.strip())}</p>")
    first = next((s for s in handout.sections if s.picture is not None), None)
    parts += [_section(s, new_page=s.picture is not None and s is not first) for s in handout.sections
              if not s.fine_print]
    parts.append(_section(Section("Please note", (DISCLAIMER, PLAIN)), new_page=False))
    parts += [_section(s, new_page=False) for s in handout.sections if s.fine_print]
    doc.setHtml("".join(parts))
    return doc


def _font(points: float) -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setFamilies(["DejaVu Sans", "Arial", "Helvetica"])
    font.setPointSizeF(points)
    font.setFeature(QFont.Tag("liga"), 0)  # "fi" stays two letters: copied, searched and read aloud as written
    return font


def _picture_url(position: float) -> str:
    return f"picture:{position:g}"


def _section(section: Section, new_page: bool) -> str:
    """One section's HTML, on a `new_page` if asked: a pictured step after the first starts a page so that its
    heading, picture and words stay together (QTextDocument cannot keep blocks together otherwise)."""
    tag = f"h{section.level}"
    brk = " style='page-break-before: always'" if new_page else ""
    out = [f"<{tag}{brk}>{html.escape(section.heading)}</{tag}>"]
    if section.picture is not None:
        width, height = (round(mm / 25.4 * 96) for mm in PICTURE_MM)  # CSS pixels: 96 a printed inch
        out.append(f"<p class='picture' align='center'><img src='{_picture_url(section.picture)}' width='{width}' "
                   f"height='{height}'></p>")
    kind = " class='small'" if section.fine_print else ""
    out += [f"<p{kind}>{html.escape(p)}</p>" for p in section.paragraphs]
    return "".join(out)


def paint(doc: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay `doc` out on `device`'s pages (a PDF writer or a printer) with a page number at the foot of each;
    returns the number of pages.  OSError if the device cannot be painted on."""
    doc.documentLayout().setPaintDevice(device)
    foot = device.logicalDpiY() * 0.3  # a line's height under the text for the page number
    page = QSizeF(device.width(), device.height() - foot)
    doc.setPageSize(page)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the page could not be drawn on")
    count = doc.pageCount()
    painter.setFont(_font(SMALL_PT))
    try:
        for index in range(count):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * page.height())
            # a pixel short: a block that starts the next page touches this one's edge and would be drawn here too
            doc.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height() - 1))
            painter.restore()
            painter.drawText(QRectF(0, page.height(), page.width(), foot), Qt.AlignmentFlag.AlignCenter,
                             f"Page {index + 1} of {count}")
    finally:
        painter.end()
    return count


def setup_pages(device: QPagedPaintDevice, paper: str) -> None:
    """`paper` ("a4" or "letter") upright with the handout's margins."""
    device.setPageLayout(QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))


def print_handout(printer: QPrinter, handout: Handout, name: str = "") -> int:
    """Print `handout` on `printer` (set up by the print dialog) as the PDF is laid out; returns its pages."""
    return paint(document(handout, draw_pictures(handout), name), printer)


def new_printer() -> QPrinter:
    """A printer at its full resolution, offered the locale's paper and the handout's margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_pages(printer, paper_for())
    return printer


def write_handout(out: Path, handout: Handout, paper: str | None = None, name: str = "") -> int:
    """Write `handout` to `out` as a PDF on `paper` (default: the locale's), atomically; returns its pages.
    The pictures are drawn first, so a failure there (no OpenGL) leaves no file either."""
    doc = document(handout, draw_pictures(handout), name)
    with atomic_path(out) as tmp:
        writer = QPdfWriter(tmp)
        writer.setResolution(RESOLUTION)
        writer.setTitle(handout.title)
        writer.setCreator("Lumbar Explainer")
        setup_pages(writer, paper or paper_for())
        pages = paint(doc, writer)
        del writer  # closes the file before it is moved onto `out`
        _check_pdf(Path(tmp))
    return pages


def _check_pdf(path: Path) -> None:
    """OSError unless `path` holds a whole PDF (Qt's writer does not report a full disk)."""
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(5)
        file.seek(max(size - 32, 0))
        tail = file.read(32)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise OSError(errno.EIO, f"the PDF was not written whole ({size} bytes)")

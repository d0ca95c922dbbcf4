"""The certificate as a one-page A4 landscape PDF, drawn with reportlab.

Text is set in DejaVu Sans, embedded in the file (subset), so Cyrillic names print on any
reader. reportlab's own fonts (Vera) have no Cyrillic; DejaVu comes from the operating
system (Debian/Ubuntu: the `fonts-dejavu-core` package) or from CERTIFICATES_FONT_DIR.

The PDF is drawn on request from the certificate's snapshot, in the active language: it
takes a few milliseconds (`python -m tests.bench.certificates` measures it), so nothing is
stored and a revoked certificate's PDF says it is revoked.
"""

import io
import itertools
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .app_settings import app_settings
from .models import Certificate

REGULAR, BOLD = "UstatSans", "UstatSans-Bold"
FONT_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# Where distributions put DejaVu; CERTIFICATES_FONT_DIR, when set, is tried first.
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu-sans-fonts",  # Fedora, RHEL
    "/usr/share/fonts/dejavu",  # Alpine
    "/usr/share/fonts/TTF",  # Arch
    "/usr/local/share/fonts/dejavu",  # FreeBSD
)

BRAND = HexColor("#2f5bd3")
ACCENT = HexColor("#f2a33a")
TEXT = HexColor("#1d2433")
MUTED = HexColor("#5d6678")
LINE = HexColor("#dde2ee")
SOFT = HexColor("#f4f6fb")
REVOKED = HexColor("#b42318")

PAGE = landscape(A4)
MARGIN = 64


def font_dir() -> Path:
    configured = app_settings.CERTIFICATES_FONT_DIR
    candidates = [Path(configured)] if configured else []
    candidates += [Path(folder) for folder in FONT_DIRS]
    for folder in candidates:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    raise ImproperlyConfigured(
        "Certificate PDFs need the DejaVu Sans fonts (DejaVuSans.ttf, DejaVuSans-Bold.ttf) "
        "to print Cyrillic. Install them (Debian/Ubuntu: apt-get install fonts-dejavu-core) "
        "or set CERTIFICATES_FONT_DIR to the folder that holds them. Looked in: "
        + ", ".join(str(folder) for folder in candidates)
    )


def register_fonts() -> None:
    """Load the fonts into reportlab's registry once per process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if registered.issuperset(FONT_FILES):
        return
    folder = font_dir()
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))


def _fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size (in 1pt steps) at which the text fits on one line, or the smallest."""
    size = largest
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _lines(text: str, font: str, size: float, width: float, most: int) -> list[str]:
    lines = simpleSplit(text, font, size, width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _centred_block(
    canvas: Canvas, text: str, font: str, sizes: tuple[float, float], top: float, most: int
) -> float:
    """Centre the text below `top`: one line shrunk to fit, else wrapped. Returns the bottom."""
    width = PAGE[0] - 2 * MARGIN - 40
    largest, smallest = sizes
    size = _fit(text, font, largest, smallest, width)
    lines = _lines(text, font, size, width, most)
    leading = size * 1.2
    canvas.setFont(font, size)
    y = top - size
    for line in lines:
        canvas.drawCentredString(PAGE[0] / 2, y, line)
        y -= leading
    return y + leading - size * 0.3


def _logo(canvas: Canvas, x: float, y: float) -> None:
    """The text logo: the blue "U" mark and the word Ustat, as in the site's header."""
    side = 30
    canvas.setFillColor(BRAND)
    canvas.roundRect(x, y, side, side, 7, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setFont(BOLD, 19)
    canvas.drawCentredString(x + side / 2, y + 8, "U")
    canvas.setFillColor(TEXT)
    canvas.setFont(BOLD, 20)
    canvas.drawString(x + side + 9, y + 8, "Ustat")


def _qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code as one filled path: reportlab's QrCodeWidget encodes it, and its modules
    are drawn straight on the canvas (the widget's own drawing makes a shape per run of
    modules and encodes twice: four fifths of a certificate's time)."""
    widget = QrCodeWidget(value, barLevel="M")
    qr = widget.qr
    qr.make()
    count = qr.getModuleCount()
    module = size / count
    path = canvas.beginPath()
    for row_index, row in enumerate(qr.modules):
        top = y + size - (row_index + 1) * module
        column = 0
        for dark, run in itertools.groupby(row, key=bool):
            length = len(list(run))
            if dark:
                path.rect(x + column * module, top, length * module, module)
            column += length
    canvas.setFillColor(TEXT)
    canvas.drawPath(path, stroke=0, fill=1)


def _label_and_value(canvas: Canvas, x: float, y: float, label: str, value: str) -> None:
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(x, y + 18, label.upper())
    canvas.setFillColor(TEXT)
    canvas.setFont(BOLD, _fit(value, BOLD, 13, 8, 280))
    canvas.drawString(x, y, value)


MARK_NAMES = {
    5: _lazy("excellent"),
    4: _lazy("good"),
    3: _lazy("satisfactory"),
    2: _lazy("unsatisfactory"),
}


def grade_text(certificate: Certificate) -> str:
    """ "Final grade: 87.5 % — 5 (excellent)", or "" for a certificate without a grade."""
    if certificate.final_grade is None:
        return ""
    percent = floatformat(certificate.final_grade, -2)
    mark = certificate.final_mark
    if mark in MARK_NAMES:
        return _("Final grade: %(percent)s %% — %(mark)s (%(name)s)") % {
            "percent": percent,
            "mark": mark,
            "name": MARK_NAMES[mark],
        }
    return _("Final grade: %(percent)s %%") % {"percent": percent}


def render(certificate: Certificate) -> bytes:
    """The certificate's PDF, labels in the active language."""
    register_fonts()
    width, height = PAGE
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1, initialFontName=REGULAR)
    title = _("Certificate of completion")
    canvas.setTitle(f"{title}: {certificate.learner_name}")
    canvas.setSubject(certificate.course_title)
    canvas.setAuthor("Ustat")
    canvas.setCreator("Ustat")
    canvas.setKeywords(certificate.code)

    # Frame: a soft band, a brand-coloured border and a thin inner line.
    canvas.setFillColor(SOFT)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(2.5)
    canvas.rect(20, 20, width - 40, height - 40, stroke=1, fill=1)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.8)
    canvas.rect(28, 28, width - 56, height - 56, stroke=1, fill=0)

    # Header: the logo on the left, the certificate's number on the right.
    _logo(canvas, MARGIN, height - MARGIN - 30)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 10)
    canvas.drawRightString(
        width - MARGIN,
        height - MARGIN - 20,
        _("Certificate No. %(code)s") % {"code": certificate.display_code},
    )

    # The heading.
    canvas.setFillColor(BRAND)
    canvas.setFont(BOLD, 38)
    heading = _("CERTIFICATE")
    canvas.drawCentredString(width / 2, height - 182, heading)
    canvas.setFillColor(ACCENT)
    canvas.rect(width / 2 - 40, height - 198, 80, 3, stroke=0, fill=1)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 14)
    canvas.drawCentredString(width / 2, height - 222, _("of completion"))

    # Who completed what.
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(width / 2, height - 266, _("This certifies that"))
    canvas.setFillColor(TEXT)
    bottom = _centred_block(canvas, certificate.learner_name, BOLD, (32, 20), height - 278, 2)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.8)
    canvas.line(width / 2 - 220, bottom - 6, width / 2 + 220, bottom - 6)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(width / 2, bottom - 30, _("has completed the course"))
    canvas.setFillColor(TEXT)
    bottom = _centred_block(canvas, f"«{certificate.course_title}»", BOLD, (22, 15), bottom - 42, 2)
    grade = grade_text(certificate)
    if grade:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 13)
        canvas.drawCentredString(width / 2, bottom - 26, grade)

    # Footer: teacher and date on the left, verification on the right.
    footer = MARGIN - 8
    if certificate.teacher_name:
        _label_and_value(canvas, MARGIN, footer + 52, _("Teacher"), certificate.teacher_name)
    issued = date_format(timezone.localtime(certificate.issued_at).date(), "DATE_FORMAT")
    _label_and_value(canvas, MARGIN, footer, _("Date of issue"), issued)

    qr_size = 92
    qr_x = width - MARGIN - qr_size
    url = certificate.get_verification_url()
    _qr(canvas, url, qr_x, footer - 4, qr_size)
    text_right = qr_x - 14
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 9)
    canvas.drawRightString(text_right, footer + 70, _("Check this certificate at").upper())
    canvas.setFillColor(BRAND)
    canvas.setFont(REGULAR, 9)
    canvas.drawRightString(text_right, footer + 54, url)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(text_right, footer + 24, _("Verification code").upper())
    canvas.setFillColor(TEXT)
    canvas.setFont(BOLD, 15)
    canvas.drawRightString(text_right, footer + 6, certificate.display_code)

    if not certificate.is_valid:
        canvas.saveState()
        canvas.setFillColor(REVOKED)
        canvas.setFillAlpha(0.28)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(22)
        canvas.setFont(BOLD, 64)
        canvas.drawCentredString(0, -20, _("REVOKED"))
        canvas.restoreState()

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""PDF for printing: ReportLab with a TrueType Chinese font embedded (WenQuanYi Micro Hei
by default; ReportLab cannot read the CFF outlines of Noto CJK), the header repeated on
every page and "page x of y" at the foot."""

import os
from functools import cache

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from . import Format

FONT_NAME = "ReportCJK"
# A list longer than this is not printed: its PDF would run to hundreds of pages and
# ReportLab lays out the whole table in memory. The XLSX and CSV files have every row.
MAX_ROWS = 5000


@cache
def _register_font(path):
    """Register the font once per process; return the error message if it cannot be."""
    if not path or not os.path.exists(path):
        return gettext(
            "PDF is not available: the Chinese font %(path)s is not installed "
            "(install the fonts-wqy-microhei package, or set REPORT_PDF_FONT)."
        ) % {"path": path}
    try:
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    except Exception as error:  # a CFF (Noto) or damaged font
        return gettext("PDF is not available: the font %(path)s cannot be used (%(error)s).") % {
            "path": path,
            "error": error,
        }
    return None


class PdfFormat(Format):
    code = "pdf"
    label = _("PDF")
    extension = "pdf"
    content_type = "application/pdf"

    def unavailable_reason(self, rows=None):
        if rows is not None and rows > MAX_ROWS:
            return gettext(
                "No PDF: a list of %(rows)s rows is too long to print (at most %(most)s); "
                "the Excel and CSV files have every row."
            ) % {"rows": f"{rows:,}", "most": f"{MAX_ROWS:,}"}
        return _register_font(settings.REPORT_PDF_FONT)

    def write(self, document, path):
        reason = self.unavailable_reason(document.table.row_count())
        if reason:
            raise RuntimeError(reason)
        table = document.table
        text = ParagraphStyle("text", fontName=FONT_NAME, fontSize=9, leading=12)
        title = ParagraphStyle(
            "title", fontName=FONT_NAME, fontSize=16, leading=22, alignment=1, spaceAfter=6
        )
        cell = ParagraphStyle("cell", fontName=FONT_NAME, fontSize=7, leading=9, alignment=1)

        depth, cells = table.header()
        width = len(table.lead) + len(table.columns)
        header = [["" for _ in range(width)] for _ in range(depth)]
        spans = []
        for c in cells:
            header[c.row][c.col] = Paragraph(_escape(c.label), cell)
            if c.rowspan > 1 or c.colspan > 1:
                spans.append(
                    ("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1))
                )
        # The rows are read once (a long list streams them from the database).
        body, strong = [], []
        for i, row in enumerate(table.rows, depth):
            body.append(
                [str(label) for label in row.lead]
                + [document.cell_text(row, column) for column in table.columns]
            )
            if row.kind in ("subtotal", "total"):
                strong.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F7F7F7")))
        weights = [18] * len(table.lead) + [column.width for column in table.columns]
        page_size = page_for(sum(weights))
        page_width = page_size[0] - 20 * mm
        column_widths = [page_width * w / sum(weights) for w in weights]
        style = [
            ("FONT", (0, 0), (-1, -1), FONT_NAME, 7),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (len(table.lead), depth), (-1, -1), "RIGHT"),
            ("BACKGROUND", (0, 0), (-1, depth - 1), colors.HexColor("#F2F2F2")),
            *spans,
            *strong,
        ]
        grid = PdfTable(
            header + body, colWidths=column_widths, repeatRows=depth, style=TableStyle(style)
        )
        story = [Paragraph(_escape(document.title), title)]
        story += [Paragraph(_escape(line), text) for line in document.info_lines()]
        story += [Spacer(1, 4 * mm), grid, Spacer(1, 4 * mm)]
        story.append(Paragraph(_escape(document.definition_line()), text))

        pdf = SimpleDocTemplate(
            path,
            pagesize=page_size,
            leftMargin=10 * mm,
            rightMargin=10 * mm,
            topMargin=10 * mm,
            bottomMargin=12 * mm,
            title=document.title,
            invariant=True,  # no timestamp or random id: the same run writes the same file
        )
        pdf.build(story, canvasmaker=NumberedCanvas)


# A column of width 10 (a number) needs about 9 mm at 7 points to stay legible.
MM_PER_WIDTH = 0.9


def page_for(total_width):
    """The smallest landscape page (A4 up to A0) the table fits at a legible size: a wide
    form (many months or types) is printed on a larger sheet, or scaled down to fit."""
    needed = total_width * MM_PER_WIDTH * mm + 20 * mm
    for size in (A4, A3, A2, A1):
        if landscape(size)[0] >= needed:
            return landscape(size)
    return landscape(A0)


def _escape(value):
    """Text for a ``Paragraph``, which parses markup: shown as it is, never read as a tag
    (a code-table name with ``<`` or ``<img src=…>``)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NumberedCanvas(Canvas):
    """Draws "page x of y" on every page once the number of pages is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self.setFont(FONT_NAME, 8)
            self.drawCentredString(
                self._pagesize[0] / 2,
                6 * mm,
                gettext("Page %(page)d of %(pages)d") % {"page": self._pageNumber, "pages": total},
            )
            super().showPage()
        super().save()

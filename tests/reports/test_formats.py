"""The files of a run: XLSX like an official form, CSV that Excel opens with the Chinese
intact, PDF with the Chinese font embedded."""

import csv
import io

import openpyxl
import pytest
from django.utils import translation

from communitypolice.core.periods import Period
from tests.reports.test_population import make_person


@pytest.fixture
def run(make_run, branch, beat_a, beat_b, beat_c, house_a, house_c, analyst):
    make_person(house_a)
    make_person(house_a, gender="F", category="floating")
    make_person(house_c, category="floating")
    return make_run(branch, period=Period.month(2026, 10), by=analyst)


def content(run, fmt):
    with run.files.get(format=fmt).file.open("rb") as f:
        return f.read()


def zh(text):
    with translation.override("zh-hans"):
        return translation.gettext(text)


def test_xlsx_is_laid_out_like_the_form(run, beat_a, beat_b, beat_c, station_a, station_b):
    book = openpyxl.load_workbook(io.BytesIO(content(run, "xlsx")))
    sheet = book.active
    table = run.result
    width = len(table["lead"]) + len(table["columns"])
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    texts = [str(v) for row in cells for v in row if v is not None]
    merged = {str(r) for r in sheet.merged_cells.ranges}

    # Title across the whole width, then unit, period, 制表单位/制表人/审核人, 制表时间/数据截至.
    assert cells[0][0] == str(run.title)
    assert f"A1:{openpyxl.utils.get_column_letter(width)}1" in merged
    for label in ["Unit: %(unit)s", "Period: %(period)s"]:
        assert zh(label).split("%")[0] in texts[1] + texts[2]
    assert any(zh("Data as of: %(time)s").split("%")[0] in t for t in texts)
    assert any(zh("Reviewed by: %(name)s").split("%")[0] in t for t in texts)
    assert any(zh("Counting definition: %(text)s").split("%")[0] in t for t in texts)

    # Two header levels: lead columns merged downwards, a group merged across.
    header = next(i for i, row in enumerate(cells) if row[0] == zh("Police station"))
    first = header + 1  # 1-based row of the header
    assert f"A{first}:A{first + 1}" in merged and f"B{first}:B{first + 1}" in merged
    assert f"C{first}:E{first}" in merged  # 实有人口: total, male, female
    assert sheet.freeze_panes == f"C{first + 2}"

    # Rows: each beat by station, subtotals, the totals row equal to the sum of beats.
    body = cells[header + 2 : header + 2 + len(table["rows"])]
    assert [tuple(row[:2]) for row in body] == [
        (station_a.name, beat_a.name),
        (station_a.name, beat_b.name),
        (station_a.name, zh("Subtotal")),
        (station_b.name, beat_c.name),
        (station_b.name, zh("Subtotal")),
        (zh("Total"), None),
    ]
    total = body[-1]
    assert total[0] == zh("Total")
    beats = [row for row in body if row[1] not in (zh("Subtotal"), None, "")]
    for col in range(2, width):
        assert total[col] == sum(row[col] for row in beats)
    assert total[2] == 3
    assert sheet.column_dimensions["A"].width >= 16


def test_csv_has_a_byte_order_mark_and_reads_as_chinese(run, station_a):
    data = content(run, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [str(run.title)]
    assert station_a.name in text and "流动人口" in text
    assert rows[-1][0].startswith(zh("Counting definition: %(text)s").split("%")[0])
    total = next(row for row in rows if row and row[0] == zh("Total"))
    assert total[2] == "3"


def test_pdf_embeds_the_chinese_font_and_numbers_its_pages(run):
    data = content(run, "pdf")
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data  # the TrueType font program is embedded
    assert b"WenQuanYi" in data or b"MicroHei" in data


def test_pdf_repeats_the_header_and_numbers_every_page(run, monkeypatch, tmp_path):
    from reports.catalogue.base import Table
    from reports.formats import Document
    from reports.formats.pdf import NumberedCanvas, PdfFormat

    document = Document.for_run(run, Table.from_json(run.result))
    document.table.rows = document.table.rows * 40  # enough rows for several pages
    footers = []
    draw = NumberedCanvas.drawCentredString

    def record(canvas, x, y, text, *args, **kwargs):
        footers.append(text)
        return draw(canvas, x, y, text, *args, **kwargs)

    monkeypatch.setattr(NumberedCanvas, "drawCentredString", record)
    with translation.override("en"):
        PdfFormat().write(document, str(tmp_path / "long.pdf"))
    pages = len(footers)
    assert pages > 1
    assert footers == [f"Page {n} of {pages}" for n in range(1, pages + 1)]


def test_a_wide_form_goes_on_a_larger_sheet(run, tmp_path):
    """Eighty figure columns (months by type) still print, on a larger landscape sheet."""
    from reportlab.lib.pagesizes import A4, landscape

    from reports.catalogue.base import Column, Table
    from reports.formats import Document
    from reports.formats.pdf import PdfFormat, page_for

    document = Document.for_run(run, Table.from_json(run.result))
    table = document.table
    table.columns = [Column(f"c{n}", "月份", f"{n}") for n in range(80)]
    for row in table.rows:
        row.values = {f"c{n}": n for n in range(80)}
    path = tmp_path / "wide.pdf"
    PdfFormat().write(document, str(path))
    assert path.read_bytes().startswith(b"%PDF")
    assert page_for(18 * 2 + 10 * 80)[0] > landscape(A4)[0]
    assert page_for(18 * 2 + 10 * 20) == landscape(A4)


def test_names_that_look_like_formulas_or_markup_are_shown_not_run(
    make_run, branch, beat_a, house_a, analyst
):
    from places.models import HouseUse

    beat_a.name = '=HYPERLINK("http://evil.example","点这里")'
    beat_a.save()
    HouseUse.objects.filter(code="owner").update(name="自住<img src='/etc/passwd'/>")
    run = make_run(branch, period=Period.month(2026, 10), by=analyst, code="houses")

    rows = list(csv.reader(io.StringIO(content(run, "csv").decode("utf-8-sig"))))
    assert any(cell == "'" + beat_a.name for row in rows for cell in row)
    assert not any(cell.startswith(("=", "@", "+")) for row in rows for cell in row)

    sheet = openpyxl.load_workbook(io.BytesIO(content(run, "xlsx"))).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + beat_a.name in values
    assert not any(value.startswith("=") for value in values)

    # The PDF shows the code table's name as text: its "<img>" is not a tag to follow.
    pdf = content(run, "pdf")
    assert pdf.startswith(b"%PDF") and run.status == "done"


def test_a_number_is_not_taken_for_a_formula():
    from communitypolice.core.spreadsheets import inert

    assert inert("-3") == "-3" and inert("+5.5%") == "+5.5%" and inert(-3) == -3
    assert inert("-3+cmd") == "'-3+cmd" and inert("@SUM(A1)") == "'@SUM(A1)"
    assert inert("\tx") == "'\tx" and inert("李四") == "李四"

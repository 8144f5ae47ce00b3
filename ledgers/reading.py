"""Reading an uploaded ledger: an XLSX workbook (openpyxl in read-only mode, the values of
formulas as Excel last computed them) or a CSV file in UTF-8 or in GBK as Excel on
Chinese Windows writes it, row by row, never the whole file in memory. A file that is
not a ledger is refused with a message that says why."""

import codecs
import csv
import io
import re
import zipfile

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

from .columns import cell_text

# An encrypted workbook, or an old .xls, is an OLE2 compound file, not a zip.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


class LedgerFileError(ValueError):
    """A file that cannot be read as a ledger; the message says why, for the user."""


class Sheet:
    """The first sheet of a ledger: its ``title``, its header row (``headers``) and the
    rows below it (``rows()``: lists of cell values, with their row numbers in the sheet;
    empty rows skipped)."""

    def __init__(self, title, headers, rows, header_row):
        self.title, self.headers, self._rows, self.header_row = title, headers, rows, header_row

    def rows(self):
        for number, values in self._rows():
            if any(cell_text(value) for value in values):
                yield number, list(values) + [None] * (len(self.headers) - len(values))


def open_sheet(upload, *, name):
    """The sheet of an uploaded file (a Django ``UploadedFile`` or a binary file) named
    ``name``. Raises ``LedgerFileError`` for a file that is not a ledger."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.LEDGER_MAX_BYTES:
        raise LedgerFileError(
            _("The file is %(size)s MB; at most %(most)s MB can be imported at once.")
            % {"size": f"{size / 1e6:.1f}", "most": f"{settings.LEDGER_MAX_BYTES / 1e6:.0f}"}
        )
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    if not start:
        raise LedgerFileError(_("The file is empty."))
    if start.startswith(OLE2):
        raise LedgerFileError(
            _(
                "The file is an encrypted workbook or an old Excel 97-2003 (.xls) file: "
                "remove the password, or save it as .xlsx, and upload it again."
            )
        )
    if start.startswith(ZIP) or name.lower().endswith(".xlsx"):
        return _xlsx(upload)
    if name.lower().endswith(".csv"):
        return _csv(upload)
    raise LedgerFileError(
        _("%(name)s is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        % {"name": name}
    )


def _xlsx(upload):
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise LedgerFileError(
            _(
                "The workbook cannot be read (%(error)s): it may be damaged. Open it in Excel, "
                "save it again and upload it again."
            )
            % {"error": error.__class__.__name__}
        ) from error
    sheet = book.worksheets[0]
    merged = _merged_ranges(upload)
    rows = sheet.iter_rows(values_only=True)
    header_row, headers = _header(enumerate(rows, 1))
    if any(_in_row(cells, header_row) for cells in merged):
        raise LedgerFileError(
            _(
                "The header row has merged cells: give each column its own header, as in the "
                "template."
            )
        )

    def body():
        # A fresh pass from the first row: read-only sheets read the file as they go.
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > header_row:
                yield number, values

    return Sheet(sheet.title, headers, body, header_row)


def _merged_ranges(upload):
    """The merged ranges of the sheet, e.g. "A1:C1" (read-only sheets do not read them:
    they are at the end of the sheet's XML, found there without parsing the rows)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not names:
                return []
            with archive.open(names[0]) as part:
                part.seek(max(0, archive.getinfo(names[0]).file_size - 200_000))
                tail = part.read().decode("utf-8", "ignore")
    except (zipfile.BadZipFile, OSError):
        return []
    return re.findall(r'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', tail)


def _in_row(cells, row):
    _min_col, min_row, _max_col, max_row = range_boundaries(cells)
    return min_row <= row <= max_row


def _csv(upload):
    raw = upload.read(64 * 1024)
    upload.seek(0)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)
    except UnicodeDecodeError:
        encoding = "gb18030"  # GBK, as Excel on Chinese Windows saves "CSV"

    def reader():
        upload.seek(0)
        text = io.TextIOWrapper(upload, encoding=encoding, newline="")
        try:
            yield from enumerate(csv.reader(text), 1)
        except (UnicodeDecodeError, csv.Error) as error:
            raise LedgerFileError(
                _("The CSV file cannot be read (%(error)s): save it again as CSV (UTF-8).")
                % {"error": error}
            ) from error
        finally:
            text.detach()

    header_row, headers = _header(reader())

    def body():
        for number, values in reader():
            if number > header_row:
                yield number, values

    return Sheet("", headers, body, header_row)


def _header(rows):
    """The header row: the first row with at least two cells filled (a title row above
    it, merged across, has one)."""
    for number, values in rows:
        cells = [cell_text(value) for value in values]
        if sum(1 for cell in cells if cell) >= 2:
            return number, cells
        if number >= 10:
            break
    raise LedgerFileError(_("The sheet is empty: no header row was found in its first rows."))

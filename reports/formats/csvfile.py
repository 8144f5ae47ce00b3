"""CSV in UTF-8 with a byte order mark, so that Excel opens it with the Chinese intact."""

import csv

from django.utils.translation import gettext_lazy as _

from communitypolice.core.spreadsheets import inert

from . import Format


class CsvFormat(Format):
    code = "csv"
    label = _("CSV")
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def write(self, document, path):
        table = document.table
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = _InertWriter(out)
            writer.writerow([document.title])
            for line in document.info_lines():
                writer.writerow([line])
            # One header row: the labels of a column from the top level down, joined.
            writer.writerow(
                [str(label) for label in table.lead]
                + ["/".join(str(h) for h in column.headers) for column in table.columns]
            )
            for row in table.rows:
                writer.writerow(
                    [str(label) for label in row.lead]
                    + [document.cell_text(row, column) for column in table.columns]
                )
            writer.writerow([])
            writer.writerow([document.definition_line()])


class _InertWriter:
    """``csv.writer`` whose every cell is ``inert``: a name such as =HYPERLINK(…) is shown,
    not run."""

    def __init__(self, out):
        self.writer = csv.writer(out)

    def writerow(self, cells):
        self.writer.writerow([inert(str(cell)) for cell in cells])

"""XLSX laid out like an official form, written row by row (xlsxwriter ``constant_memory``)
so that a large report never holds the whole workbook in memory."""

import xlsxwriter
from django.utils.translation import gettext_lazy as _

from communitypolice.core.spreadsheets import inert

from . import Format

LEAD_WIDTH = 18


class XlsxFormat(Format):
    code = "xlsx"
    label = _("Excel (XLSX)")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, document, path):
        table = document.table
        width = len(table.lead) + len(table.columns)
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
        # The file's own timestamp is the moment the data was read, so generating the
        # same run again writes the same file.
        workbook.set_properties({"title": document.title, "created": document.data_as_of})
        formats = _formats(workbook)
        sheet = workbook.add_worksheet(document.title[:31])
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)

        for i in range(len(table.lead)):
            sheet.set_column(i, i, LEAD_WIDTH)
        for i, column in enumerate(table.columns, len(table.lead)):
            sheet.set_column(i, i, column.width)

        row = 0
        _merge(sheet, row, 0, row, width - 1, document.title, formats["title"])
        sheet.set_row(row, 30)
        for line in document.info_lines():
            row += 1
            sheet.write_string(row, 0, inert(line), formats["info"])

        row += 2
        header_top = row
        depth, cells = table.header()
        # constant_memory flushes a row as soon as a later one is written, so the header is
        # written row by row: the label in each merged cell's first cell, blanks (with the
        # border) in the cells it covers, and the merges declared beside them.
        covered = {}
        for cell in cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    covered[(r, c)] = cell
        for level in range(depth):
            sheet.set_row(header_top + level, 30)
            for col in range(width):
                cell = covered.get((level, col))
                if cell and (cell.row, cell.col) == (level, col):
                    sheet.write_string(
                        header_top + level, col, inert(str(cell.label)), formats["header"]
                    )
                else:
                    sheet.write_blank(header_top + level, col, None, formats["header"])
        for cell in cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge.append(
                    [
                        header_top + cell.row,
                        cell.col,
                        header_top + cell.row + cell.rowspan - 1,
                        cell.col + cell.colspan - 1,
                    ]
                )
        row = header_top + depth
        sheet.freeze_panes(row, len(table.lead))
        sheet.repeat_rows(header_top, row - 1)

        for line in table.rows:
            strong = line.kind in ("subtotal", "total")
            lead_format = formats["lead_strong" if strong else "lead"]
            for col, label in enumerate(line.lead):
                if label:
                    sheet.write_string(row, col, inert(str(label)), lead_format)
                else:
                    sheet.write_blank(row, col, None, lead_format)
            for col, column in enumerate(table.columns, len(table.lead)):
                value = line.values.get(column.key)
                cell_format = formats[(column.format, strong)]
                if value is None or value == "":
                    sheet.write_blank(row, col, None, cell_format)
                elif isinstance(value, int | float):
                    sheet.write_number(row, col, value, cell_format)
                else:
                    sheet.write_string(row, col, inert(str(value)), cell_format)
            row += 1

        row += 1
        _merge(sheet, row, 0, row, width - 1, document.definition_line(), formats["note"])
        sheet.set_row(row, 15 * max(2, len(document.definition) // (width * 6) + 1))
        workbook.close()


def _merge(sheet, first_row, first_col, last_row, last_col, text, cell_format):
    if first_col == last_col and first_row == last_row:
        sheet.write_string(first_row, first_col, inert(text), cell_format)
    else:
        sheet.merge_range(first_row, first_col, last_row, last_col, inert(text), cell_format)


def _formats(workbook):
    font = {"font_name": "SimSun", "font_size": 10}
    border = {**font, "border": 1, "valign": "vcenter"}
    numbers = {"int": "0", "decimal": "0.0", "percent": '0.0"%"', "text": "@"}
    formats = {
        "title": workbook.add_format(
            {**font, "bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "info": workbook.add_format(font),
        "header": workbook.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"}
        ),
        "lead": workbook.add_format(border),
        "lead_strong": workbook.add_format({**border, "bold": True}),
        "note": workbook.add_format({**font, "text_wrap": True, "valign": "top"}),
    }
    for name, number_format in numbers.items():
        align = "left" if name == "text" else "right"
        for strong in (False, True):
            formats[(name, strong)] = workbook.add_format(
                {**border, "num_format": number_format, "align": align, "bold": strong}
            )
    return formats

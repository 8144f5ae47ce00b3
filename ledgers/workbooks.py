"""The workbooks of an import: the register's template, and the rejected rows sent back
to be corrected (the user's own columns, a 错误原因 column, the bad cells marked)."""

import io

import openpyxl
from django.conf import settings
from django.utils import translation
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from communitypolice.core.spreadsheets import inert

from .columns import CODE, ledger_label
from .services import ERROR_HEADER

BAD = PatternFill("solid", fgColor="FFC7CE")
HEADER = PatternFill("solid", fgColor="F2F2F2")
NOTE = Font(color="808080", size=9)


def template(ledger):
    """The XLSX template of ``ledger``: the Chinese headers (required ones marked *), a
    notes row (format, code values), an example row, and a drop-down on each coded
    column, its values on a sheet of their own. In Chinese, as the ledgers are."""
    with translation.override(settings.LANGUAGE_CODE):
        return _template(ledger)


def _template(ledger):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = ledger.sheet_name
    codes = book.create_sheet("代码")
    example = ledger.example
    for number, column in enumerate(ledger.columns, 1):
        letter = get_column_letter(number)
        header = sheet.cell(1, number, column.header)
        header.font = Font(bold=True, color="C00000" if column.required else "000000")
        header.fill = HEADER
        if column.required:
            header.comment = Comment("必填", "系统")
        note = sheet.cell(2, number, str(column.note) if column.note else None)
        note.font, note.alignment = NOTE, Alignment(wrap_text=True, vertical="top")
        sheet.cell(3, number, example.get(column.header))
        sheet.column_dimensions[letter].width = 24 if column.kind != CODE else 16
        if column.kind == CODE:
            labels = sorted({ledger_label(label) for _value, label in column.choices()})
            for row, label in enumerate(labels, 1):
                codes.cell(row, number, label)
            rule = DataValidation(
                type="list",
                formula1=f"=代码!${letter}$1:${letter}${len(labels)}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="代码值",
                error="请从下拉列表中选择。",
            )
            sheet.add_data_validation(rule)
            rule.add(f"{letter}4:{letter}10000")
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = "A2"
    codes.sheet_state = "hidden"
    return _bytes(book)


def rejected_rows(batch):
    """The batch's rejected rows as the user's own sheet, to correct and upload again:
    their headers and cells, a 错误原因 column, the cells at fault in red."""
    book = openpyxl.Workbook(write_only=False)
    sheet = book.active
    sheet.title = batch.register.sheet_name
    headers = [header for header in batch.headers if header]
    for number, header in enumerate([*headers, ERROR_HEADER], 1):
        cell = sheet.cell(1, number, inert(header))
        cell.font, cell.fill = Font(bold=True), HEADER
    position = {header: number for number, header in enumerate(headers, 1)}
    for line, row in enumerate(batch.rows.filter(action="reject").order_by("number"), 2):
        for header, number in position.items():
            sheet.cell(line, number, inert(row.values.get(header)) or None)
        reasons = []
        for error in row.errors:
            column = error["column"]
            reasons.append(f"{column}：{error['message']}" if column else error["message"])
            if column in position:
                sheet.cell(line, position[column]).fill = BAD
        sheet.cell(line, len(headers) + 1, inert("；".join(reasons)))
    sheet.column_dimensions[get_column_letter(len(headers) + 1)].width = 60
    sheet.freeze_panes = "A2"
    return _bytes(book)


def _bytes(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

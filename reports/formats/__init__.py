"""The files of a report run: XLSX laid out like an official form, CSV for Excel, PDF
for printing. Each format writes a ``Document`` (the table and the lines around it)."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods

from ..catalogue.base import Table, format_value

# Between items on one line: an ideographic space survives PDF paragraphs and CSV alike.
SEPARATOR = "\u3000\u3000"


@dataclass
class Document:
    """What every file shows: the title, the lines above the table, the table, the 口径."""

    title: str
    unit: str
    period: str
    prepared_by_unit: str
    prepared_by: str
    reviewed_by: str
    prepared_at: object  # aware datetime
    data_as_of: object  # aware datetime
    definition: str
    table: Table

    @classmethod
    def for_run(cls, run, table):
        requester = run.requested_by
        if requester:
            prepared_by_unit = str(requester.unit or run.unit)
            prepared_by = str(requester)
        else:
            prepared_by_unit = str(run.unit)
            prepared_by = gettext("Scheduled (automatic)")
        report = run.report
        return cls(
            title=str(report.title),
            unit=str(run.unit),
            period=str(run.period.label),
            prepared_by_unit=prepared_by_unit,
            prepared_by=prepared_by,
            reviewed_by="",
            prepared_at=run.data_read_at,
            data_as_of=run.data_read_at,
            definition=str(report.definition),
            table=table,
        )

    def info_lines(self):
        """The lines between the title and the table, one string each."""
        return [
            gettext("Unit: %(unit)s") % {"unit": self.unit},
            gettext("Period: %(period)s") % {"period": self.period},
            SEPARATOR.join(
                [
                    gettext("Prepared by (unit): %(unit)s") % {"unit": self.prepared_by_unit},
                    gettext("Prepared by: %(name)s") % {"name": self.prepared_by},
                    gettext("Reviewed by: %(name)s") % {"name": self.reviewed_by or "________"},
                ]
            ),
            SEPARATOR.join(
                [
                    gettext("Prepared at: %(time)s") % {"time": _time(self.prepared_at)},
                    gettext("Data as of: %(time)s") % {"time": _time(self.data_as_of)},
                ]
            ),
        ]

    def definition_line(self):
        return gettext("Counting definition: %(text)s") % {"text": self.definition}

    def cell_text(self, row, column):
        return format_value(row.values.get(column.key), column.format)


def _time(moment):
    return periods.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class Format:
    code = ""
    label = ""
    extension = ""
    content_type = ""

    def unavailable_reason(self, rows=None):
        """None when the format can be written here (for a table of ``rows`` rows, when
        given), else a message saying why not."""
        return None

    def write(self, document, path):
        raise NotImplementedError


def all_formats():
    from .csvfile import CsvFormat
    from .pdf import PdfFormat
    from .xlsx import XlsxFormat

    return [XlsxFormat(), CsvFormat(), PdfFormat()]


def get_format(code):
    return next((f for f in all_formats() if f.code == code), None)


FORMAT_LABELS = {"xlsx": _("Excel (XLSX)"), "csv": _("CSV"), "pdf": _("PDF")}

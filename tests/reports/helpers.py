"""Helpers shared by the report tests (the per-report accuracy files and the checks every
report of the catalogue passes, test_catalogue.py)."""

import datetime

from django.urls import reverse
from django.utils.html import escape

from communitypolice.core import periods
from communitypolice.core.periods import Period
from reports.catalogue.base import ListReport, Params

OCTOBER = Period.month(2026, 10)


def at(day, hour=10, minute=0, second=0):
    """An aware moment of ``day`` in Beijing time."""
    return periods.at(day, datetime.time(hour, minute, second))


def rows_by_key(table):
    """The table's rows by key: "beat:A01", "station:<unit code>", "total"."""
    return {row.key: row for row in table.rows}


def counted_keys(table):
    """The keys of the columns that are counted (not derived from the others)."""
    return [column.key for column in table.columns if column.derive is None]


def check_run(make_run, login, report, unit, user, period=OCTOBER):
    """A run through the framework: it is generated with every file, its stored rows are
    the table's (the total row for an aggregate report, every row for a list), the
    request page answers ``user`` and the run page shows the report's definition (口径).
    Returns the run."""
    from reports.models import ReportRun

    run = make_run(unit, period=period, by=user, code=report.code)
    assert run.status == ReportRun.Status.DONE, run.error
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    table = report.build(Params(unit, period))
    if isinstance(report, ListReport):
        assert run.result["rows"] == [row.to_json() for row in table.rows]
    else:
        assert run.result["rows"][-1]["kind"] == "total"
        assert run.result["rows"][-1]["values"] == table.total().values
    client = login(user)
    assert client.get(reverse("reports:request", args=[report.code])).status_code == 200
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert escape(str(report.definition)) in page.content.decode()
    return run

"""Benchmark of the reports (issue 7, item 9), on the district of ``load_district.py``.

1. The population report (实有人口统计表) and the incident report (警情统计表) for the
   branch bureau and October 2026: the time ``Report.build`` takes (best of N) against
   the time of the bare SQL aggregate over the same rows (hand-written, GROUP BY beat,
   the same conditions, run through a cursor), as a ratio; the bare SQL's figures are
   checked against the report's. Also the time to build the table and write all three
   files (XLSX, CSV, PDF) as a run does.
2. The resident roster (实有人口名册, one row per person, 14 columns) of the branch to
   XLSX the way a run writes it: the report's streamed rows from a server-side cursor
   into the reports' own writer (``reports.formats.xlsx.XlsxFormat``, xlsxwriter
   ``constant_memory``), in a fresh process so that its peak memory (ru_maxrss) is its
   own. ``--rows 0`` writes every row (about a million).

    .venv/bin/python bench/run.py [--runs 10] [--rows 200000]
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

import common

# The incident report's column suffixes and the bare SQL's columns they come from.
SUFFIXES = (("", "current"), ("_prev", "previous"), ("_last_year", "last_year"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each timing (best kept)")
    parser.add_argument(
        "--rows", type=int, default=200_000, help="rows of the roster's XLSX (0: every row)"
    )
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        print(json.dumps(export(args.rows)))
        return

    name = common.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    print(
        f"Database {name} (PostgreSQL {server}), Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}."
    )
    reports(args.runs)
    print()
    print("The resident roster (实有人口名册) of the branch to XLSX, as a run writes it:")
    result = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--export-child", "--rows", str(args.rows)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    print(
        f"  {result['rows']:,} rows × {result['columns']} columns in "
        f"{result['seconds']:.1f} s ({result['rows'] / result['seconds']:,.0f} rows/s), "
        f"file {result['size'] / 1e6:.1f} MB, peak memory {result['peak_mb']:.0f} MB "
        f"(+{result['peak_mb'] - result['base_mb']:.0f} MB over the "
        f"{result['base_mb']:.0f} MB of the process before)"
    )


# --- reports against bare SQL ----------------------------------------------------------


def best_of(runs, function):
    best, result = None, None
    for _n in range(runs):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def reports(runs):
    from django.conf import settings
    from django.utils import translation

    from communitypolice.accounts.models import Unit
    from communitypolice.core.periods import Period
    from reports import catalogue
    from reports.catalogue.base import Params

    branch = Unit.objects.get(code=common.BRANCH_CODE)
    month = Params(branch, Period.month(common.YEAR, common.MONTH))
    quarter = Params(branch, Period.quarter(common.YEAR, (common.MONTH - 1) // 3))
    print(f"Unit {branch} ({branch.code}); times are the best of {runs} runs.")
    print(
        f"{'report':12} {'period':9} {'report':>9} {'bare SQL':>9} {'ratio':>6} {'with files':>11}"
    )
    with translation.override(settings.LANGUAGE_CODE):
        for code, params, bare, check in (
            ("population", month, population_sql, check_population),
            ("incidents", month, incidents_sql, check_incidents),
            ("incidents", quarter, incidents_sql, check_incidents),
        ):
            report = catalogue.get(code)
            beat_ids = [beat.pk for beat in report.beats(params)]
            report.build(params)  # warm up: translations, code tables, plans
            bare(params, beat_ids)
            sql_time, sql_rows = best_of(runs, lambda p=params, b=beat_ids, f=bare: f(p, b))
            report_time, table = best_of(runs, lambda r=report, p=params: r.build(p))
            check(table, sql_rows, beat_ids)
            files_time, _table = best_of(
                max(1, runs // 2), lambda r=report, p=params: with_files(r, p)
            )
            period = params.period
            label = (
                f"{period.start:%Y-%m}"
                if period.kind == Period.MONTH
                else f"{period.start.year}-Q{period.quarter_number}"
            )
            print(
                f"{code:12} {label:9} {report_time * 1000:7.0f} ms "
                f"{sql_time * 1000:6.0f} ms {report_time / sql_time:5.2f}× "
                f"{files_time * 1000:8.0f} ms"
            )


def with_files(report, params):
    """What a run does besides bookkeeping: build the table, write every format."""
    from django.utils import timezone

    from reports.formats import Document, all_formats

    table = report.build(params)
    now = timezone.now()
    document = Document(
        title=str(report.title),
        unit=str(params.unit),
        period=str(params.period.label),
        prepared_by_unit=str(params.unit),
        prepared_by="benchmark",
        reviewed_by="",
        prepared_at=now,
        data_as_of=now,
        definition=str(report.definition),
        table=table,
    )
    with tempfile.TemporaryDirectory() as folder:
        for fmt in all_formats():
            if not fmt.unavailable_reason():
                fmt.write(document, os.path.join(folder, f"report.{fmt.extension}"))
    return table


def fetch(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def population_sql(params, beat_ids):
    """The population report's figures in one hand-written aggregate."""
    period = params.period
    # The residence history: one stay per person and day, with its beat and category.
    living = (
        "s.valid_from <= %(end)s AND (s.valid_to IS NULL OR s.valid_to >= %(end)s)"
        " AND p.birth_date <= %(end)s"
        " AND (p.arrival_date IS NULL OR p.arrival_date <= %(end)s)"
        " AND (p.closed_at IS NULL OR p.closed_at >= %(end_at)s)"
    )
    not_closed = "(p.closed_at IS NULL OR p.closed_at >= %(start_at)s)"
    ended = f"s.valid_to BETWEEN %(start)s - 1 AND %(end)s - 1 AND {not_closed}"
    from_arrival = "GREATEST(p.arrival_date, p.registered_on)"
    arrived = (
        f"p.arrival_date BETWEEN %(start)s AND %(end)s AND p.registered_on <= %(end)s"
        f" AND s.valid_from <= {from_arrival}"
        f" AND (s.valid_to IS NULL OR s.valid_to >= {from_arrival}) AND {not_closed}"
    )
    categories = ("registered", "floating", "foreign", "unregistered")
    by_category = ",\n".join(
        f"COUNT(*) FILTER (WHERE {living} AND p.gender = '{g}' AND s.category = '{c}')"
        f' AS "{c}_{g}"'
        for c in categories
        for g in "MF"
    )
    sql = f"""
        SELECT s.beat_id,
            COUNT(*) FILTER (WHERE {living}) AS living,
            COUNT(*) FILTER (WHERE {living} AND p.gender = 'M') AS "living_M",
            COUNT(*) FILTER (WHERE {living} AND p.gender = 'F') AS "living_F",
            {by_category},
            COUNT(*) FILTER (WHERE {living} AND p.birth_date >= %(adult_from)s) AS age_minor,
            COUNT(*) FILTER (WHERE {living} AND p.birth_date < %(adult_from)s
                AND p.birth_date >= %(senior_from)s) AS age_adult,
            COUNT(*) FILTER (WHERE {living} AND p.birth_date < %(senior_from)s) AS age_senior,
            COUNT(*) FILTER (WHERE {arrived}) AS arrived,
            COUNT(*) FILTER (WHERE s.end_reason = 'moved_out' AND {ended}) AS moved_out,
            COUNT(*) FILTER (WHERE s.end_reason = 'deceased' AND {ended}) AS deceased
        FROM residents_stay s JOIN residents_person p ON p.id = s.person_id
        WHERE s.beat_id = ANY(%(beats)s)
            AND s.valid_from <= %(end)s
            AND (s.valid_to IS NULL OR s.valid_to >= %(start)s - 1)
        GROUP BY s.beat_id
    """
    from communitypolice.core.periods import birth_dates_for_ages

    # The earliest birth date of anyone under 18, and under 60, on the last day.
    adult_from, _latest = birth_dates_for_ages(0, 17, period.end)
    senior_from, _latest = birth_dates_for_ages(0, 59, period.end)
    return fetch(
        sql,
        {
            "beats": beat_ids,
            "start": period.start,
            "end": period.end,
            "start_at": period.start_at,
            "end_at": period.end_at,
            "adult_from": adult_from,
            "senior_from": senior_from,
        },
    )


def incidents_sql(params, beat_ids):
    """The incident report's figures: incidents of this period, the previous one and the
    same period last year, by beat and type (and by month, Beijing time, when the period
    has more than one), in one hand-written aggregate."""
    period = params.period
    previous, last_year = period.previous(), period.same_last_year()
    by_month = period.start.month != period.end.month or period.start.year != period.end.year
    month = "date_trunc('month', i.reported_at AT TIME ZONE 'Asia/Shanghai')"
    sql = f"""
        SELECT i.beat_id, t.code AS type, {month if by_month else "NULL"} AS month,
            COUNT(*) FILTER (WHERE i.reported_at >= %(start)s AND i.reported_at < %(end)s)
                AS current,
            COUNT(*) FILTER (WHERE i.reported_at >= %(prev_start)s
                AND i.reported_at < %(prev_end)s) AS previous,
            COUNT(*) FILTER (WHERE i.reported_at >= %(ly_start)s
                AND i.reported_at < %(ly_end)s) AS last_year
        FROM incidents_incident i
        JOIN incidents_incidenttype t ON t.id = i.type_id
        WHERE i.beat_id = ANY(%(beats)s)
            AND (i.reported_at >= %(start)s AND i.reported_at < %(end)s
                OR i.reported_at >= %(prev_start)s AND i.reported_at < %(prev_end)s
                OR i.reported_at >= %(ly_start)s AND i.reported_at < %(ly_end)s)
        GROUP BY i.beat_id, t.code{", 3" if by_month else ""}
    """
    return fetch(
        sql,
        {
            "beats": beat_ids,
            "start": period.start_at,
            "end": period.end_at,
            "prev_start": previous.start_at,
            "prev_end": previous.end_at,
            "ly_start": last_year.start_at,
            "ly_end": last_year.end_at,
        },
    )


def beat_values(table, beat_ids):
    from assignments.models import Beat

    codes = dict(Beat.objects.filter(pk__in=beat_ids).values_list("code", "pk"))
    return {
        codes[row.key.removeprefix("beat:")]: row.values for row in table.rows if row.kind == "beat"
    }


def check_population(table, rows, beat_ids):
    """The bare SQL's figures are the report's, beat by beat."""
    values = beat_values(table, beat_ids)
    assert len(rows) == len(values), "every beat has people"
    for row in rows:
        beat = row.pop("beat_id")
        for key, n in row.items():
            assert values[beat][key] == n, (beat, key, values[beat][key], n)


def check_incidents(table, rows, beat_ids):
    values = beat_values(table, beat_ids)
    expected = {}
    for row in rows:
        totals = expected.setdefault(row["beat_id"], {})
        for prefix in ("all", f"type_{row['type']}"):
            for suffix, key in (
                ("", "current"),
                ("_prev", "previous"),
                ("_last_year", "last_year"),
            ):
                totals[prefix + suffix] = totals.get(prefix + suffix, 0) + row[key]
        if row["month"] is not None and row["current"]:
            key = f"all_{row['month']:%Y%m}"
            totals[key] = totals.get(key, 0) + row["current"]
    for beat, totals in expected.items():
        for key, n in totals.items():
            assert values[beat][key] == n, (beat, key, values[beat][key], n)
    assert sum(v["all"] for v in values.values()) > 0, "incidents in the period"


# --- person-level export ---------------------------------------------------------------


def export(rows):
    """Write the resident roster (实有人口名册) of the branch bureau to XLSX once, in its
    own process, the way a run writes it: ``build`` gives the roster's streamed rows,
    read from a server-side cursor while the writer writes them, with the run's progress
    said as it goes. ``rows`` stops it after that many rows (0: all)."""
    common.setup()
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone, translation

    from communitypolice.accounts.models import Unit
    from communitypolice.core.periods import Period
    from reports import catalogue
    from reports.catalogue.base import Params, Table
    from reports.formats import Document
    from reports.formats.xlsx import XlsxFormat
    from reports.services import Progress

    report = catalogue.get("resident_roster")
    branch = Unit.objects.get(code=common.BRANCH_CODE)
    params = Params(branch, Period.month(common.YEAR, common.MONTH))
    base_mb = rss_mb()
    fmt = XlsxFormat()
    with (
        translation.override(settings.LANGUAGE_CODE),
        tempfile.TemporaryDirectory() as folder,
        transaction.atomic(),
    ):
        started = time.perf_counter()
        table = report.build(params)
        total = min(rows, table.row_count()) if rows else table.row_count()
        progress = Progress(0, fmt, 1, 1, total)
        written = progress.counting(_Stop(table.rows, total))
        now = timezone.now()
        document = Document(
            title=str(report.title),
            unit=str(branch),
            period=str(params.period.label),
            prepared_by_unit=str(branch),
            prepared_by="benchmark",
            reviewed_by="",
            prepared_at=now,
            data_as_of=now,
            definition=str(report.definition),
            table=Table(table.lead, table.columns, written),
        )
        path = os.path.join(folder, "roster.xlsx")
        fmt.write(document, path)
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
    return {
        "rows": total,
        "columns": len(table.columns) + 1,
        "seconds": seconds,
        "size": size,
        "base_mb": base_mb,
        "peak_mb": peak_mb(),
    }


class _Stop:
    """The first ``total`` of ``rows``."""

    def __init__(self, rows, total):
        self.rows, self.total = rows, total

    def __len__(self):
        return self.total

    def __iter__(self):
        rows = iter(self.rows)
        for _number in range(self.total):
            yield next(rows)
        rows.close()


def peak_mb():
    """The process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb():
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


if __name__ == "__main__":
    main()

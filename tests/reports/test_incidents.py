"""警情统计表: cells and totals against counts made independently (Python over plain rows
and raw SQL), per station and beat for a branch bureau, months split at midnight Beijing
time, the change against the previous period and the same period last year."""

import datetime
import itertools
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from communitypolice.core.periods import Period
from incidents.models import Incident, IncidentType
from reports import catalogue
from reports.catalogue.base import Params
from tests.reports.helpers import OCTOBER, check_run, counted_keys, rows_by_key

SHANGHAI = ZoneInfo("Asia/Shanghai")
Q4 = Period.quarter(2026, 4)
_numbers = itertools.count(1)


def at(year, month, day, hour=12, minute=0, second=0):
    """An instant in Beijing time."""
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def report_incident(address, officer, reported_at, type_code="help"):
    return Incident.objects.create(
        number=f"JQ-TEST-{next(_numbers):06d}",
        type=IncidentType.objects.get(code=type_code),
        reported_at=reported_at,
        occurred_at=reported_at - datetime.timedelta(minutes=10),
        address=address,
        beat=address.beat,
        summary="测试警情",
        handling_officer=officer,
    )


@pytest.fixture
def incidents(building_a, room_c, officer):
    """Incidents in beat A and beat C around the edges of October 2026, of Q4 2026, of
    the periods before them and of the same periods of 2025; beat B has none."""
    a, c = building_a, room_c
    cases = [
        # October 2026
        (a, at(2026, 10, 1, 0, 0, 0), "help"),  # the first instant of October
        (a, at(2026, 10, 15), "criminal"),
        (a, at(2026, 10, 31, 23, 30), "help"),  # late on the last day: October
        (a, at(2026, 10, 31, 23, 59, 59), "dispute"),
        (c, at(2026, 10, 20), "traffic"),
        # November and December 2026 (Q4, not October)
        (a, at(2026, 11, 1, 0, 10), "help"),  # just after midnight: November
        (a, at(2026, 11, 1, 0, 0, 0), "criminal"),
        (c, at(2026, 12, 31, 23, 59), "help"),
        # September 2026 (the month before October; in Q3, the quarter before Q4)
        (a, at(2026, 9, 30, 23, 59, 59), "help"),
        (a, at(2026, 9, 2), "help"),
        (c, at(2026, 9, 10), "traffic"),
        (c, at(2026, 7, 1, 0, 0, 0), "fire"),  # first instant of Q3
        (c, at(2026, 6, 30, 23, 59), "fire"),  # Q2: counted nowhere
        # October 2025 and Q4 2025 (same period last year)
        (a, at(2025, 10, 1, 0, 0, 0), "help"),
        (a, at(2025, 10, 31, 23, 30), "criminal"),
        (a, at(2025, 9, 30, 23, 59), "criminal"),  # September 2025: nowhere
        (c, at(2025, 12, 31, 23, 59), "traffic"),  # Q4 2025 only
    ]
    return [report_incident(address, officer, moment, code) for address, moment, code in cases]


def expected_by_beat(period):
    """The report's figures, counted incident by incident in Python from the local date."""
    windows = {"": period, "_prev": period.previous(), "_last_year": period.same_last_year()}
    several_months = (period.start.year, period.start.month) != (period.end.year, period.end.month)
    figures = defaultdict(Counter)
    for incident in Incident.objects.select_related("type"):
        day = timezone.localtime(incident.reported_at).date()
        for suffix, window in windows.items():
            if not window.start <= day <= window.end:
                continue
            for prefix in ("all", f"type_{incident.type.code}"):
                figures[incident.beat_id][prefix + suffix] += 1
                if suffix == "" and several_months:
                    figures[incident.beat_id][f"{prefix}_{day.year}{day.month:02d}"] += 1
    return figures


YEAR = Period.custom(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.mark.parametrize("period", [OCTOBER, Q4, YEAR], ids=["month", "quarter", "year"])
def test_branch_report_matches_independent_counts(
    period, branch, beat_a, beat_b, beat_c, incidents
):
    table = catalogue.get("incidents").build(Params(branch, period))
    rows = rows_by_key(table)
    expected = expected_by_beat(period)
    keys = counted_keys(table)

    for beat in (beat_a, beat_b, beat_c):
        got = rows[f"beat:{beat.code}"].values
        assert {key: got[key] for key in keys} == {key: expected[beat.pk][key] for key in keys}
    station_a = rows[f"station:{beat_a.station.code}"].values
    station_b = rows[f"station:{beat_c.station.code}"].values
    for key in keys:
        assert station_a[key] == rows["beat:A01"].values[key] + rows["beat:A02"].values[key]
        assert station_b[key] == rows["beat:C01"].values[key]
        assert rows["total"].values[key] == station_a[key] + station_b[key]
        assert rows["total"].values[key] == sum(counts[key] for counts in expected.values())


def test_month_boundaries_in_beijing_time(branch, beat_a, beat_c, incidents):
    a = rows_by_key(catalogue.get("incidents").build(Params(branch, OCTOBER)))["beat:A01"].values
    # 1 Oct 00:00:00, 15 Oct, 31 Oct 23:30 and 23:59:59 count; 1 Nov 00:00 and 00:10 do not.
    assert a["all"] == 4
    assert a["type_help"] == 2 and a["type_criminal"] == 1 and a["type_dispute"] == 1
    # September: 30 Sep 23:59:59 and 2 Sep; October 2025: the 1st at 00:00 and the 31st at 23:30.
    assert a["all_prev"] == 2
    assert a["all_last_year"] == 2 and a["type_criminal_last_year"] == 1
    # One month: no month columns.
    assert "all_202610" not in a

    q4 = rows_by_key(catalogue.get("incidents").build(Params(branch, Q4)))
    a, c = q4["beat:A01"].values, q4["beat:C01"].values
    assert (a["all_202610"], a["all_202611"], a["all_202612"]) == (4, 2, 0)
    assert (c["all_202610"], c["all_202611"], c["all_202612"]) == (1, 0, 1)
    assert a["type_help"] == 3 and a["type_criminal"] == 2
    assert a["all"] == 6 and c["all"] == 2
    # Q3 2026: 2 Sep, 30 Sep in beat A; 1 Jul, 10 Sep in beat C (30 June is Q2).
    assert a["all_prev"] == 2 and c["all_prev"] == 2
    assert c["type_fire_prev"] == 1
    # Q4 2025: 1 and 31 October in beat A, 31 December in beat C.
    assert a["all_last_year"] == 2 and c["all_last_year"] == 1


def test_total_equals_a_raw_sql_count_with_utc_bounds(branch, beat_a, beat_c, incidents):
    """Beijing is UTC+8 all year: October is 30 Sep 16:00 to 31 Oct 16:00 UTC."""
    start = datetime.datetime(2026, 9, 30, 16, 0, tzinfo=datetime.UTC)
    end = datetime.datetime(2026, 10, 31, 16, 0, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {Incident._meta.db_table} WHERE reported_at >= %s "
            "AND reported_at < %s",
            [start, end],
        )
        (count,) = cursor.fetchone()
    table = catalogue.get("incidents").build(Params(branch, OCTOBER))
    assert table.total().values["all"] == count == 5


def test_change_against_previous_period_and_last_year(branch, beat_a, beat_c, incidents):
    rows = rows_by_key(catalogue.get("incidents").build(Params(branch, OCTOBER)))
    a, c, total = rows["beat:A01"].values, rows["beat:C01"].values, rows["total"].values
    assert a["all_prev_change"] == 100.0  # 4 against 2
    assert a["all_last_year_change"] == 100.0  # 4 against 2
    assert (a["type_help"], a["type_help_prev"], a["type_help_last_year"]) == (2, 2, 1)
    assert (a["type_help_prev_change"], a["type_help_last_year_change"]) == (0.0, 100.0)
    assert (a["type_criminal"], a["type_criminal_prev"], a["type_criminal_last_year"]) == (1, 0, 1)
    assert c["all_prev_change"] == 0.0  # 1 against 1 (10 September)
    assert c["all_last_year_change"] is None  # against none: undefined, left empty
    # The totals' change is worked out from the summed counts, not summed itself.
    assert (total["all"], total["all_prev"], total["all_last_year"]) == (5, 3, 2)
    assert total["all_prev_change"] == round(100 * (5 - 3) / 3, 1)
    assert total["all_last_year_change"] == 150.0


def test_every_incident_type_has_its_columns(branch, beat_a):
    table = catalogue.get("incidents").build(Params(branch, Q4))
    keys = [column.key for column in table.columns]
    assert keys[:8] == [
        "all_202610",
        "all_202611",
        "all_202612",
        "all",
        "all_prev",
        "all_prev_change",
        "all_last_year",
        "all_last_year_change",
    ]
    types = list(IncidentType.objects.all())
    suffixes = ["_202610", "_202611", "_202612", ""]
    suffixes += ["_prev", "_prev_change", "_last_year", "_last_year_change"]
    assert keys[8:] == [f"type_{kind.code}{suffix}" for kind in types for suffix in suffixes]
    depth, cells = table.header()
    assert depth == 2
    top = [cell for cell in cells if cell.row == 0][len(table.lead) :]
    assert [cell.colspan for cell in top] == [8] + [8] * len(types)
    assert [cell.label for cell in top[1:]] == [kind.name for kind in types]


def test_month_columns_only_for_two_to_twelve_months(branch, beat_a):
    report = catalogue.get("incidents")

    def months(period):
        return [c.key for c in report.build(Params(branch, period)).columns if c.key[4:].isdigit()]

    assert months(OCTOBER) == []
    assert len(months(Period.custom(datetime.date(2026, 1, 15), datetime.date(2026, 12, 1)))) == 12
    assert months(Period.custom(datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))) == []


@pytest.mark.parametrize("period", [Q4, YEAR], ids=["quarter", "twelve months"])
def test_a_run_over_several_months_writes_every_file_with_the_same_totals(
    period, login, make_run, branch, beat_a, beat_c, analyst, incidents
):
    """Through the framework with the month columns (two-level merged headers of the
    months and of each type) in every file; one month is checked for every report in
    test_catalogue.py."""
    check_run(make_run, login, catalogue.get("incidents"), branch, analyst, period=period)

"""预警信息处置情况表: cells and totals against counts made tip by tip in Python, the
medians of beats, stations and the unit against medians worked out by hand, the period's
first and last instants in Beijing time, and the PostgreSQL median's SQL."""

import copy
import datetime
import statistics
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLWrapper

from incidents.models import Tip
from reports import catalogue
from reports.catalogue.base import Params
from reports.catalogue.tips import grouped_medians, median_hours
from tests.reports.helpers import OCTOBER, rows_by_key

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOURS = datetime.timedelta(hours=1)


def at(month, day, hour=12, minute=0, second=0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def make_tip(beat, officer, level, raised, status="new", handled_after=None):
    """A tip raised at ``raised`` (its deadline counted from then), closed ``handled_after``
    hours later when given."""
    tip = Tip.objects.create(
        level=level,
        category="测试",
        content="测试线索",
        source=Tip.Source.VISIT,
        beat=beat,
        reported_by=officer,
    )
    Tip.objects.filter(pk=tip.pk).update(
        created_at=raised,
        due_at=raised + settings.TIP_DEADLINE_HOURS[level] * HOURS,
        status=status,
        handled_at=None if handled_after is None else raised + handled_after * HOURS,
    )
    return tip


@pytest.fixture
def tips(beat_a, beat_c, officer):
    a, c = beat_a, beat_c
    return {
        "warning_first_instant": make_tip(a, officer, "warning", at(10, 1, 0), "handled", 10),
        "warning_last_instant": make_tip(a, officer, "warning", at(10, 31, 23, 59, 59)),
        "before": make_tip(a, officer, "warning", at(9, 30, 23, 59, 59), "handled", 1),
        "after": make_tip(a, officer, "warning", at(11, 1, 0), "handled", 1),
        "sign_late": make_tip(a, officer, "sign", at(10, 10), "handled", 80),
        "sign_at_deadline": make_tip(a, officer, "sign", at(10, 20), "handled", 72),
        "tendency_overdue": make_tip(a, officer, "tendency", at(10, 5)),
        # Handled on 2 November: pending at the end of October, not yet due then.
        "handled_after_the_period": make_tip(a, officer, "tendency", at(10, 28), "handled", 24 * 5),
        "withdrawn": make_tip(a, officer, "sign", at(10, 25), "withdrawn", 5),
        # Handled at 00:00 on 1 November: pending at the end of October, and overdue.
        "handled_at_midnight": make_tip(a, officer, "warning", at(10, 30, 20), "handled", 28),
        "warning_c": make_tip(c, officer, "warning", at(10, 15), "handled", 2),
        "tendency_c": make_tip(c, officer, "tendency", at(10, 16), "handled", 30),
        "sign_c_checking": make_tip(c, officer, "sign", at(10, 3), "checking"),
    }


def expected_by_beat(period):
    """The report's counts, tip by tip in Python."""
    end = period.end_at
    figures = defaultdict(Counter)
    for tip in Tip.objects.all():
        if not period.start_at <= tip.created_at < end:
            continue
        pending = tip.status in Tip.OPEN or (tip.handled_at is not None and tip.handled_at >= end)
        handled = tip.status == "handled" and not pending
        on_time = handled and tip.handled_at <= tip.due_at
        overdue = pending and tip.due_at < end
        counts = figures[tip.beat_id]
        for suffix in ("", f"_{tip.level}"):
            counts[f"raised{suffix}"] += 1
            counts[f"handled{suffix}"] += handled
            counts[f"on_time{suffix}"] += on_time
            counts[f"overdue{suffix}"] += overdue
        counts["pending"] += pending
        counts["withdrawn"] += tip.status == "withdrawn" and not pending
        counts["late"] += handled and tip.handled_at > tip.due_at
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, tips):
    table = catalogue.get("tips").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns if c.derive is None and c.total == "sum"]

    for beat in (beat_a, beat_b, beat_c):
        got = rows[f"beat:{beat.code}"].values
        assert {key: got[key] for key in keys} == {key: expected[beat.pk][key] for key in keys}
    station_a = rows[f"station:{beat_a.station.code}"].values
    station_b = rows[f"station:{beat_c.station.code}"].values
    for key in keys:
        assert station_a[key] == rows["beat:A01"].values[key] + rows["beat:A02"].values[key]
        assert station_b[key] == rows["beat:C01"].values[key]
        assert rows["total"].values[key] == station_a[key] + station_b[key]
    for row in table.rows:
        v = row.values
        assert v["raised"] == v["pending"] + v["handled"] + v["withdrawn"]
        assert v["handled"] == v["on_time"] + v["late"]


def test_first_and_last_instants_and_deadlines(branch, beat_a, beat_c, tips):
    a = rows_by_key(catalogue.get("tips").build(Params(branch, OCTOBER)))["beat:A01"].values
    # 1 Oct 00:00:00 to 31 Oct 23:59:59 count; 30 Sep 23:59:59 and 1 Nov 00:00 do not.
    assert a["raised"] == 8
    assert (a["raised_warning"], a["raised_sign"], a["raised_tendency"]) == (3, 3, 2)
    # Pending at the end: raised at 23:59:59 on the 31st, the overdue tendency, the one
    # handled on 2 November and the one handled at 00:00 on 1 November.
    assert a["pending"] == 4
    assert a["handled"] == 3 and a["withdrawn"] == 1
    # Handled after 10 hours (warning, 24 allowed) and after exactly 72 (sign, 72 allowed)
    # are on time; after 80 hours (sign) is late.
    assert (a["on_time"], a["late"]) == (2, 1)
    assert a["on_time_rate"] == round(100 * 2 / 3, 1)
    # Overdue at the end: the tendency raised on 5 Oct (due 12 Oct) and the warning
    # handled only at 00:00 on 1 Nov (due 31 Oct 20:00); not the tip raised at 23:59:59.
    assert a["overdue"] == 2
    assert (a["overdue_tendency"], a["overdue_warning"]) == (1, 1)


def test_medians_of_beats_stations_and_unit(branch, beat_a, beat_b, beat_c, tips):
    rows = rows_by_key(catalogue.get("tips").build(Params(branch, OCTOBER)))
    # Beat A handled in October after 10, 72 and 80 hours; beat C after 2 and 30.
    assert rows["beat:A01"].values["median_hours"] == 72.0
    assert rows["beat:A02"].values["median_hours"] is None  # nothing handled: left empty
    assert rows["beat:C01"].values["median_hours"] == 16.0
    assert rows[f"station:{beat_a.station.code}"].values["median_hours"] == 72.0
    assert rows[f"station:{beat_c.station.code}"].values["median_hours"] == 16.0
    # The unit's median is the median of all five, not a sum or an average of medians.
    assert rows["total"].values["median_hours"] == statistics.median([10, 72, 80, 2, 30]) == 30


def test_station_report_median_is_the_stations(station_a, beat_a, beat_b, tips):
    table = catalogue.get("tips").build(Params(station_a, OCTOBER))
    assert [row.kind for row in table.rows] == ["beat", "beat", "total"]
    assert table.total().values["median_hours"] == 72.0
    assert table.total().values["raised"] == 8


def test_the_postgresql_median_is_one_percentile_cont_query():
    """Compiled for PostgreSQL without connecting to one (tests run on SQLite only)."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict.update(ENGINE="django.db.backends.postgresql", NAME="unused", HOST="invalid")
    postgresql = PostgreSQLWrapper(settings_dict, alias="compile-only")
    queryset = grouped_medians(Tip.objects.filter(beat__in=[1, 2]), "beat__station")
    sql, _params = queryset.query.get_compiler(connection=postgresql).as_sql()
    assert (
        "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
        '("incidents_tip"."handled_at" - "incidents_tip"."created_at"))::double precision / 3600)'
    ) in sql
    assert sql.endswith("GROUP BY 1")
    assert postgresql.connection is None  # never connected


def test_fallback_medians_come_from_one_query(beat_a, beat_c, tips, django_assert_num_queries):
    handled = Tip.objects.filter(
        OCTOBER.datetime_q("created_at"), status="handled", handled_at__lt=OCTOBER.end_at
    )
    with django_assert_num_queries(1):
        medians = median_hours(handled, "beat")
    assert medians == {beat_a.pk: 72.0, beat_c.pk: 16.0}

"""矛盾纠纷排查化解情况表: cells and totals against counts made dispute by dispute in
Python (with the model's own overdue rule), per station and beat for a branch bureau, the
first and last days of the month, and overdue while the period is still running."""

import datetime
from collections import Counter, defaultdict

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from communitypolice.core.periods import Period
from incidents.models import Dispute, Mediation
from reports import catalogue
from reports.catalogue.base import Params
from tests.reports.helpers import OCTOBER, counted_keys, rows_by_key

D = datetime.date


def make_dispute(
    address,
    officer,
    found_on,
    *,
    risk="low",
    type="neighbour",
    status="found",
    resolved_on=None,
    mediations=(),
):
    dispute = Dispute.objects.create(
        type=type,
        parties="甲与乙",
        address=address,
        beat=address.beat,
        description="测试纠纷",
        risk=risk,
        status=status,
        found_on=found_on,
        resolved_on=resolved_on,
        responsible_officer=officer,
    )
    for day in mediations:
        Mediation.objects.create(dispute=dispute, date=day, by="社区民警", result="调解")
    return dispute


@pytest.fixture
def disputes(building_a, room_c, officer):
    """Disputes in beat A and beat C around the edges of October 2026; beat B has none."""
    a, c = building_a, room_c
    return {
        # Open on 30 Sep, resolved on the first day.
        "resolved_first_day": make_dispute(
            a,
            officer,
            D(2026, 9, 20),
            status="resolved",
            resolved_on=D(2026, 10, 1),
            mediations=[D(2026, 10, 1)],
        ),
        # Found on the first day, high risk, still being mediated: overdue by the 31st.
        "found_first_day": make_dispute(
            a,
            officer,
            D(2026, 10, 1),
            risk="high",
            type="family",
            status="mediating",
            mediations=[D(2026, 9, 30), D(2026, 10, 31), D(2026, 10, 31)],
        ),
        "found_last_day": make_dispute(a, officer, D(2026, 10, 31), risk="medium"),
        "found_after": make_dispute(a, officer, D(2026, 11, 1)),
        # Transferred on the day before the period: in no column.
        "transferred_before": make_dispute(
            a,
            officer,
            D(2026, 9, 30),
            risk="high",
            type="family",
            status="transferred",
            resolved_on=D(2026, 9, 30),
            mediations=[D(2026, 9, 30)],
        ),
        "old_open_low": make_dispute(a, officer, D(2026, 9, 1)),  # 30 days: overdue
        "transferred_last_day": make_dispute(
            a,
            officer,
            D(2026, 9, 15),
            risk="medium",
            status="transferred",
            resolved_on=D(2026, 10, 31),
            type="property",
        ),
        # Resolved the day after the period: open and overdue at its end.
        "resolved_after": make_dispute(
            a,
            officer,
            D(2026, 10, 10),
            risk="medium",
            status="resolved",
            resolved_on=D(2026, 11, 1),
            mediations=[D(2026, 11, 1)],
        ),
        "medium_exactly_15_days": make_dispute(a, officer, D(2026, 10, 16), risk="medium"),
        "high_8_days": make_dispute(a, officer, D(2026, 10, 23), risk="high"),
        "high_7_days": make_dispute(a, officer, D(2026, 10, 24), risk="high"),
        "labour_c": make_dispute(
            c,
            officer,
            D(2026, 10, 5),
            type="labour",
            status="resolved",
            resolved_on=D(2026, 10, 20),
            mediations=[D(2026, 10, 19)],
        ),
        "land_c": make_dispute(
            c, officer, D(2026, 8, 1), risk="high", type="land", status="mediating"
        ),
    }


def expected_by_beat(period, reference_day):
    """The report's figures, dispute by dispute in Python."""
    figures = defaultdict(Counter)
    for dispute in Dispute.objects.prefetch_related("mediations"):
        closed_on = None if dispute.status in Dispute.OPEN else dispute.resolved_on

        def open_on(day, dispute=dispute, closed_on=closed_on):
            return dispute.found_on <= day and (closed_on is None or closed_on > day)

        counts = figures[dispute.beat_id]
        found = period.start <= dispute.found_on <= period.end
        resolved = dispute.status == "resolved" and period.start <= closed_on <= period.end
        transferred = dispute.status == "transferred" and period.start <= closed_on <= period.end
        allowed = settings.DISPUTE_OPEN_DAYS[dispute.risk]
        overdue = open_on(reference_day) and (reference_day - dispute.found_on).days > allowed
        counts["open_start"] += open_on(period.start - datetime.timedelta(days=1))
        counts["found"] += found
        counts["mediated"] += any(
            period.start <= m.date <= period.end for m in dispute.mediations.all()
        )
        counts["resolved"] += resolved
        counts["transferred"] += transferred
        counts["open_end"] += open_on(period.end)
        counts["overdue"] += overdue
        counts[f"found_type_{dispute.type}"] += found
        counts[f"resolved_type_{dispute.type}"] += resolved
        counts[f"found_risk_{dispute.risk}"] += found
        counts[f"resolved_risk_{dispute.risk}"] += resolved
        counts[f"overdue_risk_{dispute.risk}"] += overdue
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, disputes):
    table = catalogue.get("disputes").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER, OCTOBER.end)
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
    # The caseload balances: open at the start + found = resolved + transferred + open at the end.
    for row in table.rows:
        v = row.values
        assert v["open_start"] + v["found"] == v["resolved"] + v["transferred"] + v["open_end"]


def test_first_and_last_day_of_the_month(branch, beat_a, beat_c, disputes):
    a = rows_by_key(catalogue.get("disputes").build(Params(branch, OCTOBER)))["beat:A01"].values
    # Found on 1 Oct, 10 Oct, 16 Oct, 23 Oct, 24 Oct and 31 Oct; not 30 Sep nor 1 Nov.
    assert a["found"] == 6
    # Open on 30 Sep: found 20 Sep (resolved 1 Oct), 1 Sep, 15 Sep (transferred 31 Oct);
    # not the one transferred on 30 Sep.
    assert a["open_start"] == 3
    assert a["resolved"] == 1  # on 1 Oct; the one resolved on 1 Nov is not
    assert a["transferred"] == 1  # on 31 Oct; the one on 30 Sep is not
    # Mediated in October: 1 Oct, and twice on 31 Oct (one dispute); not 30 Sep or 1 Nov.
    assert a["mediated"] == 2
    assert a["open_end"] == 7
    # Overdue on 31 Oct: high found 1 Oct and 23 Oct (>7 days), medium found 10 Oct
    # (>15 days; resolved only on 1 Nov), low found 1 Sep (>30 days); not high found
    # 24 Oct (7 days) nor medium found 16 Oct (15 days).
    assert a["overdue"] == 4
    assert (a["overdue_risk_high"], a["overdue_risk_medium"], a["overdue_risk_low"]) == (2, 1, 1)
    assert a["found_type_family"] == 1 and a["found_type_neighbour"] == 5
    assert a["resolved_type_neighbour"] == 1 and a["resolved_risk_low"] == 1
    assert a["rate"] == round(100 * 1 / 9, 1)
    c = rows_by_key(catalogue.get("disputes").build(Params(branch, OCTOBER)))["beat:C01"].values
    assert (c["found"], c["resolved"], c["open_start"], c["overdue"]) == (1, 1, 1, 1)
    assert c["rate"] == 50.0


def test_overdue_while_the_period_runs_is_the_overdue_list_of_today(
    branch, beat_a, beat_c, building_a, officer
):
    """In a running month, overdue is counted today, exactly as the disputes list's
    'overdue' filter and ``Dispute.is_overdue`` see it."""
    make_dispute(building_a, officer, D(2026, 11, 2), risk="high")  # 8 days on 10 Nov
    make_dispute(building_a, officer, D(2026, 11, 3), risk="high")  # 7 days: not yet
    make_dispute(building_a, officer, D(2026, 10, 10), risk="low")  # 31 days
    make_dispute(building_a, officer, D(2026, 10, 11), risk="low")  # 30 days: not yet
    now = datetime.datetime(
        2026, 11, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    with time_machine.travel(now, tick=False):
        table = catalogue.get("disputes").build(Params(branch, Period.month(2026, 11)))
        listed = Dispute.objects.overdue().count()
        flagged = sum(dispute.is_overdue for dispute in Dispute.objects.all())
    assert table.total().values["overdue"] == listed == flagged == 2


def test_definition_states_the_allowed_days(settings):
    settings.DISPUTE_OPEN_DAYS = {"high": 5, "medium": 10, "low": 20}
    report = catalogue.get("disputes")
    with translation.override("en"):
        definition = str(report.definition)
    assert "5 days for high" in definition and "20 for low" in definition
    with translation.override("zh-hans"):
        assert "高风险5天" in str(report.definition)

"""实有单位统计表: cells and totals against counts computed organisation by organisation in
Python from plain ORM rows, per station and beat for a branch bureau, the period's
boundaries in Beijing time, the inspection window, and a bounded number of queries."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from incidents.models import Visit
from places.models import Organization, OrganizationType
from reports import catalogue
from reports.catalogue.base import Params
from tests.places.fixtures import REGISTERED
from tests.reports.helpers import OCTOBER, at, rows_by_key

END = OCTOBER.end
D = datetime.date


def organization(address, kind, key=False, **fields):
    return Organization.objects.create(
        registered_on=REGISTERED,
        name=f"单位{kind}",
        type=OrganizationType.objects.get(code=kind),
        address=address,
        beat=address.beat,
        is_key_unit=key,
        key_reason="测试" if key else "",
        **fields,
    )


def inspect(officer, moment, *organizations, kind=Visit.Kind.SAFETY):
    record = Visit.objects.create(
        officer=officer,
        beat=organizations[0].beat,
        kind=kind,
        findings="检查",
        visited_at=moment,
    )
    record.organizations.set(organizations)


def close(record, at):
    Organization.objects.filter(pk=record.pk).update(closed_at=at)


@pytest.fixture
def organizations(building_a, room_c, organization_a, organization_c, officer):
    a, c = building_a, room_c
    o = {
        "hotel": organization(a, "hotel", key=True),
        "cafe": organization(a, "internet_cafe", key=True),
        "school": organization(a, "school", key=True),
        "hospital": organization(a, "hospital", key=True, last_inspection=D(2026, 8, 3)),
        "bank": organization(a, "finance", key=True, last_inspection=D(2026, 10, 15)),
        "petrol": organization(a, "petrol", key=True),
        "enterprise": organization(a, "enterprise"),
        "club": organization(c, "entertainment", key=True, last_inspection=D(2026, 11, 5)),
        "office": organization(c, "government", key=True),
    }
    # Inspected at the first and the last instant of October.
    inspect(officer, OCTOBER.start_at, o["hotel"])
    inspect(officer, OCTOBER.end_at - datetime.timedelta(seconds=1), o["hotel"])
    # Just before and just after October; the first is within the 90 days.
    inspect(officer, OCTOBER.start_at - datetime.timedelta(seconds=1), o["cafe"])
    inspect(officer, OCTOBER.end_at, o["cafe"])
    # 2 August is 91 days before the last day: due. A routine visit is no inspection.
    inspect(officer, at(D(2026, 8, 2)), o["school"])
    inspect(officer, at(D(2026, 10, 10)), o["school"], kind=Visit.Kind.ROUTINE)
    # Inspected, then closed at 23:59:59 on the last day.
    inspect(officer, at(D(2026, 10, 5)), o["petrol"])
    close(o["petrol"], OCTOBER.end_at - datetime.timedelta(seconds=1))
    close(o["enterprise"], OCTOBER.end_at)  # 00:00 after the last day: still there
    # One inspection of two organisations in beat C.
    inspect(officer, at(D(2026, 10, 20)), organization_c, o["office"])
    return o


def expected_by_beat(period):
    start, end = period.start, period.end
    window_from = end - datetime.timedelta(days=settings.KEY_UNIT_INSPECTION_DAYS - 1)
    safety = {}
    for org_id, moment in Visit.organizations.through.objects.filter(
        visit__kind=Visit.Kind.SAFETY
    ).values_list("organization_id", "visit__visited_at"):
        safety.setdefault(org_id, []).append(timezone.localtime(moment).date())
    figures = {}
    for org in Organization.objects.select_related("type"):
        row = figures.setdefault(org.beat_id, {})

        def add(key, n=1, row=row):
            row[key] = row.get(key, 0) + n

        closed_on = org.closed_at and timezone.localtime(org.closed_at).date()
        days = safety.get(org.pk, [])
        if closed_on is None or closed_on > end:
            add("organizations")
            add(f"type_{org.type.code}")
            if org.is_key_unit:
                add("key_units")
                recent = [d for d in days if window_from <= d <= end]
                if org.last_inspection and window_from <= org.last_inspection <= end:
                    recent.append(org.last_inspection)
                if not recent:
                    add("key_due")
        in_period = [d for d in days if start <= d <= end]
        add("inspections", len(in_period))
        if (closed_on is None or closed_on >= start) and (
            in_period or (org.last_inspection and start <= org.last_inspection <= end)
        ):
            add("inspected")
            if org.is_key_unit:
                add("key_inspected")
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, organizations):
    table = catalogue.get("organizations").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns]
    for beat in (beat_a, beat_b, beat_c):
        got, want = rows[f"beat:{beat.code}"].values, expected.get(beat.pk, {})
        assert got == {k: want.get(k, 0) for k in keys}, beat
    for station, beats in ((beat_a.station, ("A01", "A02")), (beat_c.station, ("C01",))):
        subtotal = rows[f"station:{station.code}"].values
        for key in keys:
            assert subtotal[key] == sum(rows[f"beat:{code}"].values[key] for code in beats)
    total = rows["total"].values
    for key in keys:
        assert total[key] == sum(v.get(key, 0) for v in expected.values()), key
    assert sum(total[k] for k in keys if k.startswith("type_")) == total["organizations"]


def test_hand_counted_figures_and_boundaries(branch, organizations):
    rows = rows_by_key(catalogue.get("organizations").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    # Beat A: the shop of the fixtures and seven more; the petrol station closed on the
    # last day is gone, the enterprise closed at 00:00 after it is not.
    assert a["organizations"] == 7 and a["type_individual"] == 1 and a["type_petrol"] == 0
    assert a["key_units"] == 5
    # The hotel twice (00:00 on 1 Oct and 23:59:59 on 31 Oct) and the petrol station.
    assert a["inspections"] == 3
    # Hotel, petrol station, and the bank by its recorded inspection date.
    assert a["inspected"] == 3 and a["key_inspected"] == 3
    # Only the school: the café was inspected on 30 Sep, the hospital's recorded date is
    # the first day of the 90, the bank's is in October.
    assert a["key_due"] == 1
    # Beat C: one visit to two organisations; the club's recorded date is after the period.
    assert c["organizations"] == 3 and c["key_units"] == 2
    assert c["inspections"] == 2 and c["inspected"] == 2 and c["key_inspected"] == 1
    assert c["key_due"] == 1

"""关爱对象走访情况表: cells and totals against counts computed designation by designation in
Python from plain ORM rows, per station and beat for a branch bureau, the period's
boundaries in Beijing time, zero rows, and a number of queries that does not grow."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Visit
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import CareCategory, CareDesignation, Person
from tests.places.fixtures import REGISTERED
from tests.reports.helpers import OCTOBER, at, rows_by_key
from tests.residents.fixtures import resident_id

D = datetime.date
_sequence = iter(range(100, 1000))


def make_person(house, name="测试"):
    return Person.objects.create(
        registered_on=REGISTERED,
        name=name,
        gender="F",
        birth_date=D(1940, 5, 1),
        id_number=resident_id(birth="19400501", sequence=f"{next(_sequence):03d}"),
        category=Person.Category.REGISTERED,
        house=house,
        beat=house.beat,
    )


def care(person, category, start, end=None, interval=30, last=None):
    return CareDesignation.objects.create(
        person=person,
        category=CareCategory.objects.get(code=category),
        reason="测试",
        interval_days=interval,
        start_date=start,
        end_date=end,
        last_followup=last,
    )


def visit(person, officer, moment, kind=Visit.Kind.CARE):
    record = Visit.objects.create(
        officer=officer, beat=person.beat, kind=kind, findings="正常", visited_at=moment
    )
    record.persons.add(person)


@pytest.fixture
def cared(house_a, house_c, officer):
    a, c = house_a, house_c
    p = {n: make_person(a if n <= 3 else c, f"老人{n}") for n in range(1, 7)}
    d = {
        1: care(p[1], "elderly_alone", D(2026, 1, 1)),
        2: care(p[2], "disabled", D(2026, 1, 1)),
        3: care(p[3], "hardship", D(2026, 1, 1)),
        4: care(p[1], "disabled", D(2026, 10, 1)),
        5: care(p[4], "left_behind", D(2025, 1, 1), end=D(2026, 10, 15)),
        6: care(p[5], "elderly_alone", D(2026, 11, 1)),
        7: care(p[6], "hardship", D(2026, 9, 1), interval=45),
    }
    visit(p[1], officer, at(D(2026, 9, 15)))
    visit(p[1], officer, at(D(2026, 10, 10)))
    visit(p[1], officer, OCTOBER.end_at - datetime.timedelta(seconds=1))
    visit(p[2], officer, OCTOBER.start_at)
    visit(p[3], officer, OCTOBER.start_at - datetime.timedelta(seconds=1))
    visit(p[3], officer, OCTOBER.end_at)
    visit(p[4], officer, at(D(2026, 10, 5)), kind=Visit.Kind.ROUTINE)
    visit(p[4], officer, at(D(2026, 10, 20)))  # after the designation ended
    return d


def expected_by_beat(period):
    start, end = period.start, period.end
    visit_days = {}
    for person_id, moment in Visit.persons.through.objects.values_list(
        "person_id", "visit__visited_at"
    ):
        visit_days.setdefault(person_id, []).append(timezone.localtime(moment).date())
    figures, persons = {}, {}
    for d in CareDesignation.objects.select_related("person", "category"):
        row = figures.setdefault(d.person.beat_id, {})

        def add(key, row=row):
            row[key] = row.get(key, 0) + 1

        interval = datetime.timedelta(days=d.interval_days)
        followups = sorted(
            day
            for day in visit_days.get(d.person_id, [])
            if d.start_date <= day and (d.end_date is None or day <= d.end_date)
        )
        if d.start_date <= end and (d.end_date is None or d.end_date >= end):
            persons.setdefault(d.person.beat_id, set()).add(d.person_id)
            add("designations")
            add(f"cat_{d.category.code}")
            known = [day for day in followups if day <= end]
            if d.last_followup and d.start_date <= d.last_followup <= end:
                known.append(d.last_followup)
            if max([d.start_date, *known]) + interval < end:
                add("overdue")
        for day in followups:
            if start <= day <= end:
                add("followups")
                if day <= max([d.start_date, *(f for f in followups if f < day)]) + interval:
                    add("on_time")
        if start <= d.start_date <= end:
            add("started")
        if d.end_date and start <= d.end_date <= end:
            add("ended")
    for beat_id, ids in persons.items():
        figures[beat_id]["persons"] = len(ids)
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, cared):
    table = catalogue.get("care").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns if c.derive is None]
    for beat in (beat_a, beat_b, beat_c):
        got, want = rows[f"beat:{beat.code}"].values, expected.get(beat.pk, {})
        assert {k: got[k] for k in keys} == {k: want.get(k, 0) for k in keys}, beat
    subtotal = rows[f"station:{beat_a.station.code}"].values
    for key in keys:
        assert subtotal[key] == rows["beat:A01"].values[key] + rows["beat:A02"].values[key]
        assert rows["total"].values[key] == sum(v.get(key, 0) for v in expected.values())
    total = rows["total"].values
    assert sum(total[k] for k in keys if k.startswith("cat_")) == total["designations"]


def test_hand_counted_figures_and_boundaries(branch, cared):
    rows = rows_by_key(catalogue.get("care").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    assert a["designations"] == 4 and a["persons"] == 3
    assert a["cat_disabled"] == 2 and a["cat_elderly_alone"] == 1 and a["cat_hardship"] == 1
    # 10 Oct and 23:59:59 on 31 Oct for 1 and for 4; 00:00 on 1 Oct for 2; person 3's
    # visits at 23:59:59 on 30 Sep and 00:00 on 1 Nov are outside the period.
    assert a["followups"] == 5
    assert a["on_time"] == 4 and a["late"] == 1
    assert a["on_time_rate"] == 80.0
    assert a["overdue"] == 1  # 3: due 30 Oct; 2 falls due on the last day itself
    assert a["started"] == 1  # 4, on the first day
    # Beat C: 5 ended on 15 Oct (its 5 Oct visit counts, the 20 Oct one does not);
    # 6 starts in November; 7 is due on 16 Oct.
    assert c["designations"] == 1 and c["ended"] == 1 and c["started"] == 0
    assert c["followups"] == 1 and c["on_time"] == 0
    assert c["overdue"] == 1

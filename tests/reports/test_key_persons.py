"""重点人员管控情况表 and 重点人员逾期未回访名单: cells and totals against counts computed
person by person in Python from plain ORM rows, per station and beat for a branch bureau,
the period's boundaries in Beijing time, the named list and who may run it, and a number of
queries that does not grow with beats or rows."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Visit
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import KeyPersonCategory, KeyPersonDesignation, Person
from tests.places.fixtures import REGISTERED
from tests.reports.helpers import OCTOBER, at, rows_by_key
from tests.residents.fixtures import resident_id

D = datetime.date
_sequence = iter(range(100, 1000))


def make_person(house, name="测试"):
    return Person.objects.create(
        registered_on=REGISTERED,
        name=name,
        gender="M",
        birth_date=D(1980, 1, 1),
        id_number=resident_id(birth="19800101", sequence=f"{next(_sequence):03d}"),
        category=Person.Category.REGISTERED,
        house=house,
        beat=house.beat,
    )


def designate(person, officer, category, level, start, end=None, interval=30, last=None):
    return KeyPersonDesignation.objects.create(
        person=person,
        category=KeyPersonCategory.objects.get(code=category),
        control_level=level,
        reason="测试",
        interval_days=interval,
        responsible_officer=officer,
        start_date=start,
        end_date=end,
        last_followup=last,
    )


def visit(person, officer, moment, kind=Visit.Kind.KEY_PERSON):
    record = Visit.objects.create(
        officer=officer, beat=person.beat, kind=kind, findings="正常", visited_at=moment
    )
    record.persons.add(person)
    return record


@pytest.fixture
def designations(house_a, house_c, officer):
    """Designations around the edges of October 2026 in beats A and C; beat B has none."""
    a, c = house_a, house_c
    p = {n: make_person(a if n < 10 else c, f"人员{n}") for n in range(1, 14)}
    d = {
        # Followed up on 20 Sep and on 15 Oct (25 days later: on time); not overdue.
        1: designate(p[1], officer, "released", 1, D(2026, 1, 1)),
        # 1 Aug, then 1 Oct at 00:00 (61 days: late); due on 31 Oct: not yet overdue.
        2: designate(p[2], officer, "drugs", 2, D(2026, 1, 1)),
        # Visited 30 Sep 23:59:59 and 1 Nov 00:00: none in October; due 30 Oct: overdue.
        3: designate(p[3], officer, "released", 3, D(2026, 1, 1)),
        # Started on the first day, no visit: due 31 Oct, not overdue.
        4: designate(p[10], officer, "mental", 1, D(2026, 10, 1)),
        # Ended on the last day: still under control then, and ended in the period;
        # visited at 23:59:59 on the last day, long after the start: late.
        5: designate(p[11], officer, "petition", 2, D(2025, 6, 1), end=D(2026, 10, 31)),
        # Ended before the period: its October visit is no follow-up.
        6: designate(p[13], officer, "released", 1, D(2025, 1, 1), end=D(2026, 9, 30)),
        # A second designation of person 1, started on the last day (the 15 Oct visit
        # came before it).
        7: designate(p[1], officer, "drugs", 2, D(2026, 10, 31)),
        # Starts after the period.
        8: designate(p[4], officer, "other", 3, D(2026, 11, 1)),
        # No visit, but a recorded follow-up on 5 Oct: not overdue.
        9: designate(p[5], officer, "released", 2, D(2026, 1, 1), last=D(2026, 10, 5)),
        # A recorded follow-up after the period does not count: overdue since 31 Jan.
        10: designate(p[6], officer, "released", 2, D(2026, 1, 1), last=D(2026, 11, 10)),
        # Beat C, never visited: overdue.
        11: designate(p[12], officer, "drugs", 1, D(2026, 1, 1)),
        # Weekly follow-ups, visited 1, 8 and 20 Oct: 8 Oct on time, 20 Oct late (12 days);
        # the last one 11 days before the end: overdue.
        12: designate(p[7], officer, "corrections", 1, D(2026, 9, 1), interval=7),
    }
    visit(p[1], officer, at(D(2026, 9, 20)))
    visit(p[1], officer, at(D(2026, 10, 15)), kind=Visit.Kind.ROUTINE)  # any kind counts
    visit(p[2], officer, at(D(2026, 8, 1)))
    visit(p[2], officer, OCTOBER.start_at)
    visit(p[3], officer, OCTOBER.start_at - datetime.timedelta(seconds=1))
    visit(p[3], officer, OCTOBER.end_at)
    visit(p[11], officer, OCTOBER.end_at - datetime.timedelta(seconds=1))
    visit(p[13], officer, at(D(2026, 10, 10)))
    for day in (1, 8, 20):
        visit(p[7], officer, at(D(2026, 10, day)))
    return d


def local_day(moment):
    return timezone.localtime(moment).date()


def expected_by_beat(period):
    """The figures, designation by designation, from plain rows and Python dates."""
    start, end = period.start, period.end
    visit_days = {}
    for person_id, moment in Visit.persons.through.objects.values_list(
        "person_id", "visit__visited_at"
    ):
        visit_days.setdefault(person_id, []).append(local_day(moment))
    figures = {}
    persons = {}
    for d in KeyPersonDesignation.objects.select_related("person", "category"):
        row = figures.setdefault(d.person.beat_id, {})

        def add(key, n=1, row=row):
            row[key] = row.get(key, 0) + n

        current_on_end = d.start_date <= end and (d.end_date is None or d.end_date >= end)
        followups = sorted(
            day
            for day in visit_days.get(d.person_id, [])
            if d.start_date <= day and (d.end_date is None or day <= d.end_date)
        )
        interval = datetime.timedelta(days=d.interval_days)
        if current_on_end:
            persons.setdefault(d.person.beat_id, set()).add(d.person_id)
            add("designations")
            add(f"level_{d.control_level}")
            add(f"cat_{d.category.code}_{d.control_level}")
            known = [day for day in followups if day <= end]
            if d.last_followup and d.start_date <= d.last_followup <= end:
                known.append(d.last_followup)
            due = max([d.start_date, *known]) + interval
            if due < end:
                add("overdue")
        for day in followups:
            if start <= day <= end:
                add("followups")
                base = max([d.start_date, *(f for f in followups if f < day)])
                if day <= base + interval:
                    add("on_time")
        if start <= d.start_date <= end:
            add("started")
        if d.end_date and start <= d.end_date <= end:
            add("ended")
    for beat_id, ids in persons.items():
        figures[beat_id]["persons"] = len(ids)
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, designations):
    table = catalogue.get("key_persons").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns if c.derive is None]

    for beat in (beat_a, beat_b, beat_c):
        got = rows[f"beat:{beat.code}"].values
        want = expected.get(beat.pk, {})
        assert {key: got[key] for key in keys} == {key: want.get(key, 0) for key in keys}, beat
        assert got["late"] == got["followups"] - got["on_time"]
    for station, beats in ((beat_a.station, ("A01", "A02")), (beat_c.station, ("C01",))):
        subtotal = rows[f"station:{station.code}"].values
        for key in keys:
            assert subtotal[key] == sum(rows[f"beat:{code}"].values[key] for code in beats)
    total = rows["total"].values
    for key in keys:
        assert total[key] == sum(v.get(key, 0) for v in expected.values()), key
    # The category × level cells add up to the designations under control.
    grid = [c.key for c in table.columns if c.key.startswith("cat_")]
    assert sum(total[key] for key in grid) == total["designations"]
    assert sum(total[f"level_{n}"] for n in (1, 2, 3)) == total["designations"]


def test_hand_counted_figures_and_boundaries(branch, designations):
    rows = rows_by_key(catalogue.get("key_persons").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    # Beat A under control on 31 Oct: 1, 2, 3, 7, 9, 10, 12 (8 starts in November).
    assert a["designations"] == 7
    assert a["persons"] == 6  # person 1 holds designations 1 and 7
    assert a["cat_released_1"] == 1 and a["cat_drugs_2"] == 2 and a["cat_released_2"] == 2
    # Follow-ups in October: 15 Oct (1), 1 Oct 00:00 (2), 1, 8, 20 Oct (12); the visits
    # at 23:59:59 on 30 Sep and at 00:00 on 1 Nov are outside.
    assert a["followups"] == 5
    assert a["on_time"] == 2  # 15 Oct after 20 Sep; 8 Oct after 1 Oct
    assert a["late"] == 3
    assert a["on_time_rate"] == 40.0
    assert a["overdue"] == 3  # 3, 10 and 12
    assert a["started"] == 1  # 7 on the last day; 8 on 1 November does not count
    # Beat C: 4 (started 1 Oct), 5 (ended 31 Oct) and 11 under control; 6 ended before.
    assert c["designations"] == 3
    assert c["started"] == 1 and c["ended"] == 1
    assert c["followups"] == 1 and c["on_time"] == 0  # 23:59:59 on 31 Oct, for 5 only
    assert c["overdue"] == 1  # 11; 4 falls due on the last day itself


def test_station_report_and_zero_rows(station_a, beat_a, beat_b, designations):
    table = catalogue.get("key_persons").build(Params(station_a, OCTOBER))
    assert [row.kind for row in table.rows] == ["beat", "beat", "total"]
    b = rows_by_key(table)["beat:A02"].values
    assert all(value in (0, None) for value in b.values())
    assert b["on_time_rate"] is None


def test_a_retired_category_still_in_use_keeps_its_columns(branch, beat_a, designations):
    KeyPersonCategory.objects.filter(code="released").update(is_active=False)
    KeyPersonCategory.objects.filter(code="petition").update(is_active=False)
    KeyPersonDesignation.objects.filter(category__code="petition").delete()
    keys = [c.key for c in catalogue.get("key_persons").get_columns(Params(branch, OCTOBER))]
    assert "cat_released_1" in keys
    assert "cat_petition_1" not in keys


# --- 重点人员逾期未回访名单 ------------------------------------------------------


def test_overdue_list_names_the_overdue_of_the_station_most_overdue_first(
    station_a, beat_a, designations
):
    table = catalogue.get("key_persons_overdue").build(Params(station_a, OCTOBER))
    items = [row.values for row in table.rows]
    assert [item["name"] for item in items] == ["人员6", "人员7", "人员3"]
    by_name = {item["name"]: item for item in items}
    assert by_name["人员6"]["due"] == "2026-01-31"
    assert by_name["人员6"]["last_followup"] == ""  # 10 November is after the period
    assert by_name["人员6"]["days_overdue"] == 273
    assert by_name["人员3"]["last_followup"] == "2026-09-30"
    assert by_name["人员3"]["due"] == "2026-10-30"
    assert by_name["人员3"]["days_overdue"] == 1
    assert by_name["人员7"]["last_followup"] == "2026-10-20"
    assert by_name["人员7"]["due"] == "2026-10-27"
    assert by_name["人员3"]["category"] == "刑满释放人员"
    assert by_name["人员3"]["level"] == str(KeyPersonDesignation.Level.THREE.label)
    assert by_name["人员3"]["officer"] == str(designations[3].responsible_officer)
    # ID numbers are masked; beat C's overdue person is not on station A's list.
    full = designations[3].person.id_number
    assert by_name["人员3"]["id_number"] == full[:6] + "********" + full[-4:]
    assert not any(full in str(value) for item in items for value in item.values())
    # The list agrees with the count of the aggregate report.
    aggregate = catalogue.get("key_persons").build(Params(station_a, OCTOBER))
    assert len(items) == rows_by_key(aggregate)["total"].values["overdue"]


def test_overdue_list_is_for_the_chief_of_that_station_only(
    station_a, station_b, branch, chief, other_chief, analyst, officer
):
    report = catalogue.get("key_persons_overdue")
    assert report.personal
    assert report.available_to(chief, station_a)
    assert not report.available_to(other_chief, station_a)
    assert not report.available_to(analyst, station_a)
    assert not report.available_to(analyst, branch)
    assert not report.available_to(officer, station_a)


def test_overdue_on_the_last_day_agrees_with_the_live_overdue_list(
    branch, station_a, house_a, house_c, officer
):
    """On the period's last day, the report's overdue count and the named list are the
    designations ``KeyPersonDesignation.objects.overdue()`` shows that day, with visits
    recorded the way officers record them (``record_visit`` keeps ``last_followup``)."""
    import time_machine

    from incidents.services import record_visit

    with time_machine.travel(at(D(2026, 10, 31), hour=15), tick=False):
        people = {n: make_person(house_a if n < 4 else house_c, f"实时{n}") for n in range(1, 7)}
        designate(people[1], officer, "released", 1, D(2026, 1, 1))
        designate(people[2], officer, "released", 2, D(2026, 1, 1))
        designate(people[3], officer, "drugs", 1, D(2026, 10, 20), interval=7)
        designate(people[4], officer, "drugs", 2, D(2026, 1, 1))
        designate(people[5], officer, "other", 3, D(2026, 1, 1), interval=365)
        designate(people[6], officer, "petition", 1, D(2026, 1, 1))
        for n, day in ((1, D(2026, 10, 10)), (2, D(2026, 9, 20)), (4, D(2026, 10, 1))):
            new = Visit(
                beat=people[n].beat, kind=Visit.Kind.KEY_PERSON, findings="正常", visited_at=at(day)
            )
            record_visit(visit=new, by=officer, persons=[people[n]])
        live = KeyPersonDesignation.objects.overdue()
        table = catalogue.get("key_persons").build(Params(branch, OCTOBER))
        rows = rows_by_key(table)
        for beat_id, code in ((house_a.beat_id, "A01"), (house_c.beat_id, "C01")):
            assert (
                rows[f"beat:{code}"].values["overdue"] == live.filter(person__beat=beat_id).count()
            )
        assert rows["total"].values["overdue"] == 3  # 2 (20 Sep), 3 (due 27 Oct), 6
        listing = catalogue.get("key_persons_overdue").build(Params(station_a, OCTOBER))
        assert {row.values["name"] for row in listing.rows} == set(
            live.filter(person__beat=house_a.beat).values_list("person__name", flat=True)
        )


def test_overdue_list_pages_show_masked_numbers_to_the_chief_only(
    make_run, login, station_a, chief, other_chief, analyst, officer, designations
):
    from django.urls import reverse

    run = make_run(station_a, by=chief, code="key_persons_overdue")
    page = login(chief).get(reverse("reports:run_detail", args=[run.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "人员3" in content
    assert designations[3].person.id_number not in content
    assert designations[3].person.id_number[-4:] in content
    for user in (other_chief, analyst, officer):
        client = login(user)
        assert client.get(reverse("reports:run_detail", args=[run.pk])).status_code in (403, 404)
    # Another station's chief may request it for their own station; analysts and
    # officers may not request it at all.
    request_page = reverse("reports:request", args=["key_persons_overdue"])
    assert login(other_chief).get(request_page).status_code == 200
    for user in (analyst, officer):
        assert login(user).get(request_page).status_code in (403, 404)

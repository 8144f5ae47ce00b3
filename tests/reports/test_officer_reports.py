"""社区民警工作情况表 and 警力配置表: cells and totals against counts made independently,
per station for a branch bureau, and the month's boundaries in Beijing time."""

import datetime
import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import AllocationRule, DutyBlock
from communitypolice.core.periods import Period
from incidents.models import Visit
from places.models import House
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import KeyPersonDesignation, Person
from tests.factories import (
    AssignmentFactory,
    BeatFactory,
    DutyBlockFactory,
    TrainingRecordFactory,
    UserFactory,
)
from tests.places.fixtures import REGISTERED

OCTOBER = Period.month(2026, 10)
SHANGHAI = timezone.get_default_timezone()


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def block(officer, day, half, kind, dispatcher=None):
    return DutyBlockFactory(
        officer=officer,
        date=day,
        half=half,
        kind=kind,
        dispatched_by=dispatcher,
        dispatch_status="pending" if dispatcher else "",
    )


def row_of(table, key):
    return next(row for row in table.rows if row.key == key)


@pytest.fixture
def work(officer, colleague, other_station_officer, chief, analyst, house_a, person_a):
    d = datetime.date
    block(officer, d(2026, 9, 30), "pm", "office")  # the day before: not counted
    block(officer, d(2026, 10, 1), "am", "visit")
    block(officer, d(2026, 10, 1), "pm", "operation", chief)
    block(officer, d(2026, 10, 15), "am", "standby", analyst)
    block(officer, d(2026, 10, 15), "pm", "standby", analyst)
    block(officer, d(2026, 10, 31), "am", "office")
    block(officer, d(2026, 11, 1), "am", "operation", chief)  # the day after
    block(other_station_officer, d(2026, 10, 10), "am", "event")
    for moment in (at(2026, 10, 31, 23, 30), at(2026, 11, 1, 0, 10)):
        visit = Visit.objects.create(
            officer=officer, beat=house_a.beat, kind="routine", findings="正常", visited_at=moment
        )
        visit.houses.add(house_a)
    person_a.verify(by=officer, at=at(2026, 10, 31, 23, 59), method="phone")
    house_a.verify(by=officer, at=at(2026, 11, 1), method="phone")
    # Checked again by a colleague later: October's check is still the officer's.
    person_a.verify(by=colleague, at=at(2026, 11, 2), method="phone")
    TrainingRecordFactory(officer=officer, date=d(2026, 10, 20), hours=Decimal("8"))
    TrainingRecordFactory(officer=officer, date=d(2026, 3, 1), hours=Decimal("4.5"))
    TrainingRecordFactory(officer=officer, date=d(2025, 12, 31), hours=Decimal("2"))


def test_officer_work_counts_each_officer_of_the_branch(work, branch, officer, chief, analyst):
    table = catalogue.get("officer_work").build(Params(branch, OCTOBER))
    mine = row_of(table, f"officer:{officer.username}").values
    blocks = DutyBlock.objects.filter(officer=officer, date__range=(OCTOBER.start, OCTOBER.end))
    assert mine["logged"] == blocks.count() == 5
    assert mine["community"] == blocks.filter(kind__in=DutyBlock.COMMUNITY).count() == 2
    assert mine["share"] == 40.0 and mine["below"]  # 2/5 is below two thirds
    assert mine["away_days"] == 2  # 1 and 15 October
    assert mine["dispatchers"].index(str(analyst)) < mine["dispatchers"].index(str(chief))
    assert mine["visits"] == 1 and mine["households_visited"] == 1  # 31 Oct 23:30 only
    assert mine["verified"] == 1  # the person on 31 October; the house on 1 November
    assert mine["training"] == 8.0 and mine["training_year"] == 12.5

    # Officers with nothing still have their line, with zeros (零报告).
    empty = row_of(table, "officer:colleague").values
    assert empty["logged"] == 0 and empty["share"] is None and empty["visits"] == 0

    other = row_of(table, "officer:other_station_officer").values
    assert (other["logged"], other["community"], other["share"]) == (1, 1, 100.0)
    station_a = row_of(table, "station:330102510000").values
    assert station_a["logged"] == 5 and station_a["community"] == 2
    total = table.total().values
    assert (
        total["logged"]
        == DutyBlock.objects.filter(date__range=(OCTOBER.start, OCTOBER.end)).count()
    )
    assert total["share"] == round(100 * 3 / 6, 1)


def test_a_station_report_has_its_own_officers_only(work, station_a, officer):
    table = catalogue.get("officer_work").build(Params(station_a, OCTOBER))
    keys = {row.key for row in table.rows}
    assert keys == {f"officer:{officer.username}", "officer:colleague", "total"}


def test_officer_work_queries_do_not_grow_with_officers(work, branch, beat_a):
    report = catalogue.get("officer_work")
    with CaptureQueriesContext(connection) as few:
        report.build(Params(branch, OCTOBER))
    for n in range(5):
        extra = UserFactory(username=f"extra{n}", unit=beat_a.station)
        AssignmentFactory(officer=extra, beat=BeatFactory(station=beat_a.station, code=f"X{n}"))
        block(extra, datetime.date(2026, 10, 2), "am", "visit")
        TrainingRecordFactory(officer=extra, date=datetime.date(2026, 10, 3))
    with CaptureQueriesContext(connection) as many:
        table = report.build(Params(branch, OCTOBER))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert table.total().values["logged"] == 6 + 5


@pytest.fixture
def sized_beat(beat_a, house_a, person_a, officer, branch):
    """Beat A: person_a plus four floating people, one key person, house_a (rented?)."""
    for n in range(4):
        Person.objects.create(
            registered_on=REGISTERED,
            name=f"流动{n}",
            gender="M",
            birth_date=datetime.date(1990, 1, 1),
            id_type="passport",
            id_number=f"E{n:07d}",
            category="floating",
            house=house_a,
            beat=beat_a,
        )
    KeyPersonDesignation.objects.create(
        person=person_a,
        category_id=1,
        control_level=1,
        responsible_officer=officer,
        reason="测试",
        interval_days=30,
    )
    AllocationRule.objects.create(
        unit=branch,
        weights={"people": 2, "floating": 3, "houses": 1, "key_persons": 50},
        index_per_officer=40,
    )
    return beat_a


def test_allocation_report_against_hand_computed_figures(sized_beat, branch, beat_a, beat_b):
    table = catalogue.get("allocation").build(Params(branch, OCTOBER))
    values = row_of(table, f"beat:{beat_a.code}").values
    people = Person.objects.filter(beat=beat_a, closed_at__isnull=True).count()
    floating = Person.objects.filter(beat=beat_a, category="floating").count()
    houses = House.objects.filter(beat=beat_a, closed_at__isnull=True).count()
    rentals = House.objects.filter(beat=beat_a, use__code="rented").count()
    assert (values["people"], values["floating"], values["houses"]) == (people, floating, houses)
    assert values["key_persons"] == 1
    # Weights not set by the branch fall back to the defaults of the settings.
    from django.conf import settings

    expected = (
        2 * people
        + 3 * floating
        + 1 * houses
        + 50 * 1
        + settings.ALLOCATION_WEIGHTS["rentals"] * rentals
        + settings.ALLOCATION_WEIGHTS["organizations"] * values["organizations"]
        + settings.ALLOCATION_WEIGHTS["incidents"] * values["incidents"]
        + settings.ALLOCATION_WEIGHTS["disputes"] * values["disputes"]
    )
    assert values["index"] == round(expected, 1)
    assert values["recommended"] == max(1, math.ceil(expected / 40))
    assert values["posted"] == 1  # the officer fixture leads beat A
    assert values["shortfall"] == values["recommended"] - 1
    # Beat B has nothing: a zero line, one officer recommended, none posted.
    empty = row_of(table, "beat:A02").values
    assert (empty["people"], empty["index"], empty["recommended"]) == (0, 0, 1)
    subtotal = row_of(table, "station:330102510000").values
    assert subtotal["people"] == people and subtotal["recommended"] == values["recommended"] + 1

"""What every report of the catalogue does, whatever it counts: the zero report for a unit
with nothing, a number of queries that does not grow with beats or records, and a run
through the framework (files, stored totals, request page, run page with the 口径).

Parametrized over ``catalogue.all_reports()``, so a report added later is checked here
without a line more; its own test file keeps the accuracy checks (cells against counts
made independently, boundaries of the period).
"""

import datetime
import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Dispute, Incident, IncidentType, Tip, Visit
from places import services
from places.models import Address, House, HouseUse, Organization, OrganizationType
from reports import catalogue
from reports.catalogue.base import ListReport, Params
from residents.models import (
    CareCategory,
    CareDesignation,
    KeyPersonCategory,
    KeyPersonDesignation,
    Person,
)
from tests.factories import (
    AssignmentFactory,
    BeatFactory,
    DutyBlockFactory,
    TrainingRecordFactory,
    UserFactory,
)
from tests.places.fixtures import REGISTERED
from tests.reports.helpers import OCTOBER, at, check_run, rows_by_key
from tests.residents.fixtures import resident_id

D = datetime.date
NEW_YEAR = D(2026, 1, 1)
REPORTS = catalogue.all_reports()
each_report = pytest.mark.parametrize("report", REPORTS, ids=[r.code for r in REPORTS])

# Queries of build(), where a report's file documents them (the beats, then one per
# figure group; code tables first where the columns come from one).
QUERIES = {
    "population": 4,  # beats, the living on the last day, arrivals, stays ended
    "key_persons": 5,  # categories, beats, register, category × level, follow-ups
    "key_persons_overdue": 2,  # beats, the rows
    "resident_roster": 2,  # beats, the count (the rows are read as each file is written)
    "care": 5,  # categories, beats, register, by category, visits
    "houses": 5,  # house uses, beats, the counts, declared but not registered, by use
    "organizations": 5,  # types, beats, register counts, by type, inspections
    "incidents": 3,  # incident types, beats, one aggregate over the three periods
    "disputes": 2,  # beats, one aggregate
    "tips": 5,  # beats, counts, medians of the beats, of the stations, of the unit
    "freshness": 4,  # beats, people, houses, organisations
    "freshness_officers": 5,  # beats, people, houses, organisations, posts
}
# Rows a busy beat adds, where it is not one (the roster: its two residents).
ROWS_PER_BEAT = {"resident_roster": 2}
# Figures that are not zero for a unit with nothing, by their definition.
NOT_ZERO = {"allocation": {"recommended": 1, "shortfall": 1}}  # at least one officer a beat
STATION_A, STATION_B = "station:330102510000", "station:330102520000"
_numbers = itertools.count(1)


def by_officer(report):
    """Reports with a line per community officer rather than per beat."""
    return hasattr(report, "officers")


def unit_and_user(report, request):
    """Where and by whom the report is asked for: a station's chief for a personal report
    (only theirs), the branch bureau's analyst for an aggregate one."""
    if report.personal:
        return request.getfixturevalue("station_a"), request.getfixturevalue("chief")
    return request.getfixturevalue("branch"), request.getfixturevalue("analyst")


# --- a little of everything in a beat ---------------------------------------------------


def add_person(house, name, **fields):
    return Person.objects.create(
        registered_on=REGISTERED,
        name=name,
        gender="M",
        birth_date=D(1980, 1, 1),
        id_number=resident_id(birth="19800101", sequence=f"{next(_numbers) % 900 + 100:03d}"),
        category=Person.Category.REGISTERED,
        house=house,
        beat=house.beat,
        **fields,
    )


def visit(officer, beat, moment, kind, persons=(), organizations=()):
    record = Visit.objects.create(
        officer=officer, beat=beat, kind=kind, findings="正常", visited_at=moment
    )
    record.persons.set(persons)
    record.organizations.set(organizations)


def key_person(person, officer, start=NEW_YEAR):
    """Under control since ``start``, followed up every 30 days: overdue at the end of
    October unless visited in it."""
    return KeyPersonDesignation.objects.create(
        person=person,
        category=KeyPersonCategory.objects.get(code="released"),
        control_level=2,
        reason="测试",
        interval_days=30,
        responsible_officer=officer,
        start_date=start,
    )


def care(person, start=NEW_YEAR):
    return CareDesignation.objects.create(
        person=person,
        category=CareCategory.objects.get(code="hardship"),
        reason="测试",
        interval_days=30,
        start_date=start,
    )


def beat_records(address, officer):
    """An incident, a dispute and a tip of October at ``address``, in its beat, and the
    officer's duty log and training of October."""
    beat = address.beat
    Incident.objects.create(
        number=f"JQ-CAT-{next(_numbers):06d}",
        type=IncidentType.objects.get(code="help"),
        reported_at=at(D(2026, 10, 12)),
        occurred_at=at(D(2026, 10, 12), 9),
        address=address,
        beat=beat,
        summary="测试警情",
        handling_officer=officer,
    )
    Dispute.objects.create(
        type="neighbour",
        parties="甲与乙",
        address=address,
        beat=beat,
        description="测试纠纷",
        risk="low",
        status="resolved",
        found_on=D(2026, 10, 3),
        resolved_on=D(2026, 10, 20),
        responsible_officer=officer,
    )
    tip = Tip.objects.create(
        level="warning",
        category="测试",
        content="测试线索",
        source=Tip.Source.VISIT,
        beat=beat,
        reported_by=officer,
    )
    raised = at(D(2026, 10, 8))
    Tip.objects.filter(pk=tip.pk).update(
        created_at=raised,
        due_at=raised + datetime.timedelta(hours=settings.TIP_DEADLINE_HOURS["warning"]),
        status="handled",
        handled_at=raised + datetime.timedelta(hours=5),
    )
    DutyBlockFactory(officer=officer, date=D(2026, 10, 9), half="am", kind="visit")
    DutyBlockFactory(officer=officer, date=D(2026, 10, 9), half="pm", kind="office")
    TrainingRecordFactory(officer=officer, date=D(2026, 10, 21))


@pytest.fixture
def records(
    branch,
    beat_a,
    beat_b,
    beat_c,
    house_a,
    house_c,
    person_a,
    person_c,
    building_a,
    room_c,
    organization_a,
    organization_c,
    other_station_officer,
):
    """A little of every kind of record in October 2026, in beats A and C (B has none):
    houses, people, a key person followed up and one overdue, a person under care,
    organisations inspected, incidents, disputes, tips, duty blocks and training."""
    officer = house_a.verified_by
    overdue = add_person(house_a, "王五")
    key_person(person_a, officer)
    key_person(overdue, officer)
    care(person_c)
    shop = Organization.objects.create(
        registered_on=REGISTERED,
        name="测试旅馆",
        type=OrganizationType.objects.get(code="hotel"),
        address=building_a,
        beat=building_a.beat,
        is_key_unit=True,
        key_reason="测试",
    )
    visit(officer, beat_a, at(D(2026, 10, 10)), Visit.Kind.KEY_PERSON, persons=[person_a])
    visit(officer, beat_c, at(D(2026, 10, 5)), Visit.Kind.CARE, persons=[person_c])
    visit(officer, beat_a, at(D(2026, 10, 15)), Visit.Kind.SAFETY, organizations=[shop])
    beat_records(building_a, officer)
    beat_records(room_c, other_station_officer)
    # Registered before October (``created_at`` is the moment of saving), and so in the
    # register's dated history from then.
    for model in (House, Person, Organization):
        model.objects.update(created_at=at(D(2026, 1, 5)), registered_on=D(2026, 1, 5))
        model.state_model.objects.update(valid_from=D(2026, 1, 5))


def a_busy_beat(street, station, n):
    """A new beat of ``station`` with its own officer and one record of every kind."""
    beat = BeatFactory(station=station, code=f"A9{n}")
    officer = UserFactory(username=f"extra{n}", unit=station)
    AssignmentFactory(officer=officer, beat=beat)
    node = services.add_address(
        parent=street, level=Address.Level.COMMUNITY, name=f"社区{n}", code=f"X{n}", beat=beat
    )
    for level in (
        Address.Level.COMPOUND,
        Address.Level.BUILDING,
        Address.Level.ENTRANCE,
        Address.Level.ROOM,
    ):
        node = services.add_address(parent=node, level=level, name="1", code=f"{node.code}-1")
    house = House.objects.create(
        registered_on=REGISTERED,
        address=node,
        beat=beat,
        use=HouseUse.objects.get(code="rented"),
        room_count=1,
        declared_tenants=4,
    )
    person = add_person(house, f"住户{n}", verified_at=at(D(2026, 10, 2)), verified_by=officer)
    care(person)
    # Never visited: overdue, on the named list.
    key_person(add_person(house, f"重点{n}"), officer, start=D(2026, 2, 1))
    unit = Organization.objects.create(
        registered_on=REGISTERED,
        name=f"单位{n}",
        type=OrganizationType.objects.get(code="hotel"),
        address=node,
        beat=beat,
        is_key_unit=True,
        key_reason="测试",
    )
    visit(officer, beat, at(D(2026, 10, 3)), Visit.Kind.CARE, persons=[person])
    visit(officer, beat, at(D(2026, 10, 4)), Visit.Kind.SAFETY, organizations=[unit])
    beat_records(node, officer)


# --- the checks -------------------------------------------------------------------------


@each_report
def test_zero_report_for_a_unit_with_nothing(report, request, beat_a, beat_b, beat_c):
    """零报告: every line (beat, or officer) with zeros, a subtotal per station, the total;
    rates, medians and notes empty. A list of named persons is empty."""
    unit, _user = unit_and_user(report, request)
    if by_officer(report):
        for name in ("officer", "colleague", "other_station_officer"):
            request.getfixturevalue(name)
    table = report.build(Params(unit, OCTOBER))
    if isinstance(report, ListReport):
        assert list(table.rows) == []
        return
    lines = (
        ["officer:colleague", "officer:officer", STATION_A, "officer:other_station_officer"]
        if by_officer(report)
        else ["beat:A01", "beat:A02", STATION_A, "beat:C01"]
    )
    assert [row.key for row in table.rows] == [*lines, STATION_B, "total"]
    rows = rows_by_key(table)
    not_zero = NOT_ZERO.get(report.code, {})
    station_a = table.rows[: lines.index(STATION_A)]
    beats = [row for row in table.rows if row.kind == "beat"]
    for column in table.columns:
        empty = column.format == "percent" or column.total is None  # rates, medians, notes
        for row in table.rows:
            value = row.values[column.key]
            if empty:
                assert value in (None, ""), (row.key, column.key)
            elif row.kind == "beat" or column.derive is not None:
                assert value == not_zero.get(column.key, 0), (row.key, column.key)
        if not empty and column.derive is None:
            column_of = [row.values[column.key] for row in station_a]
            assert rows[STATION_A].values[column.key] == sum(column_of), column.key
            assert rows["total"].values[column.key] == sum(
                row.values[column.key] for row in beats
            ), column.key


@each_report
def test_query_count_does_not_grow_with_beats_or_records(
    report, request, street, station_a, records
):
    unit, _user = unit_and_user(report, request)
    params = Params(unit, OCTOBER)
    with CaptureQueriesContext(connection) as few:
        before = report.build(params)
    for n in range(10):
        a_busy_beat(street, station_a, n)
    with CaptureQueriesContext(connection) as many:
        after = report.build(params)
    assert len(many.captured_queries) == len(few.captured_queries)
    if report.code in QUERIES:
        assert len(few.captured_queries) == QUERIES[report.code]
    # Ten more beats (officers, for a report by officer; overdue key persons, for the list).
    assert after.row_count() == before.row_count() + 10 * ROWS_PER_BEAT.get(report.code, 1)


@each_report
def test_a_run_writes_every_file_with_the_same_totals(report, request, make_run, login, records):
    unit, user = unit_and_user(report, request)
    run = check_run(make_run, login, report, unit, user)
    table = report.build(Params(unit, OCTOBER))
    assert run.row_count == table.row_count()
    # The records reach the report: something is counted (or listed).
    counted = [row.values for row in table.rows if row.kind in ("total", "item")]
    assert any(value for values in counted for value in values.values())

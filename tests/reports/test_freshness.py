"""数据鲜活度报告: cells against counts made by hand from records built around the end of
October 2026 and the edge of each kind's age, subtotals and totals for a branch bureau,
agreement with the freshness queue officers work from, and a past period's figures that
stay as they were when records are verified again, moved or closed today."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from communitypolice.core.periods import Period
from communitypolice.core.verification import CheckMethod
from incidents.freshness import freshness_sections
from places import services
from places.models import Address, House, HouseUse, Organization, OrganizationType
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import KeyPersonCategory, KeyPersonDesignation, Person
from residents.services import change_status, move_person
from tests.reports.helpers import OCTOBER, counted_keys, rows_by_key
from tests.residents.fixtures import resident_id

SHANGHAI = ZoneInfo("Asia/Shanghai")
END = OCTOBER.end_at  # 1 November 2026 00:00, Beijing time
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
SECOND = datetime.timedelta(seconds=1)
REGISTERED = datetime.date(2026, 1, 5)
_sequence = itertools.count(100)


@pytest.fixture(autouse=True)
def pinned_clock():
    """20 November 2026: October is over, November runs."""
    with time_machine.travel(NOW, tick=False):
        yield


def days(n):
    return datetime.timedelta(days=n)


def at(month, day, hour=0, minute=0, second=0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def checked(record, *moments, by=None):
    for moment in moments:
        record.verify(by=by, at=moment, method=CheckMethod.PHONE)
    return record


def closed(record, moment):
    with time_machine.travel(moment, tick=False):
        record.close(by=None, reason="测试")
    return record


def make_room(sibling, name):
    """Another room beside ``sibling``, for a house of its own."""
    entrance = sibling.parent_address()
    return services.add_address(
        parent=entrance, level=Address.Level.ROOM, name=name, code=f"{entrance.code}-{name}"
    )


def make_house(address, use="owner", checks=(), registered=REGISTERED, closed_at=None):
    house = House.objects.create(
        address=address,
        beat=address.beat,
        use=HouseUse.objects.get(code=use),
        registered_on=registered,
    )
    checked(house, *checks)
    return closed(house, closed_at) if closed_at else house


def make_person(house, category="registered", checks=(), key=None, officer=None, **extra):
    """A person; ``key`` = (start, end) of a key-person designation ``officer`` holds."""
    person = Person.objects.create(
        name="测试",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(birth="19800101", sequence=f"{next(_sequence):03d}"),
        category=category,
        house=house,
        beat=house.beat,
        registered_on=REGISTERED,
        **extra,
    )
    checked(person, *checks)
    if key:
        KeyPersonDesignation.objects.create(
            person=person,
            category=KeyPersonCategory.objects.first(),
            control_level=2,
            reason="测试",
            interval_days=30,
            responsible_officer=officer,
            start_date=key[0],
            end_date=key[1],
        )
    return person


def gone(person, status, on):
    return change_status(person=person, status=status, on=on)


def make_organization(address, checks=(), registered=REGISTERED, closed_at=None):
    organization = Organization.objects.create(
        name="测试单位",
        type=OrganizationType.objects.first(),
        address=address,
        beat=address.beat,
        registered_on=registered,
    )
    checked(organization, *checks)
    return closed(organization, closed_at) if closed_at else organization


@pytest.fixture
def records(rooms_a, room_c, officer):
    """Records of beat A and beat C around the end of October 2026 and the edge of each
    kind's age (365 days for houses, people and organisations, 90 for rentals and floating
    people, 30 for key persons); beat B has none."""
    a = [*rooms_a, *(make_room(rooms_a[0], f"{n}01室") for n in range(3, 9))]
    home = make_house(a[0], checks=[END - days(365)])  # exactly the age: in time
    under_key = (datetime.date(2026, 9, 1), None)
    houses = [
        home,
        make_house(a[1], checks=[END - days(365) - SECOND]),  # a second too old
        make_house(a[2], "rented", [END - days(90)]),
        make_house(a[3], "rented"),  # never verified
        make_house(a[4], registered=datetime.date(2026, 11, 1)),  # not yet registered
        make_house(a[5], closed_at=END - SECOND),  # closed at 23:59:59 on 31 October
        make_house(a[6], "rented", [END - SECOND], registered=datetime.date(2026, 10, 31)),
        # Closed only at 00:00 on 1 November: in time by its check of 20 October, not
        # by the one of 5 November.
        make_house(a[7], "rented", [at(10, 20), at(11, 5)], closed_at=END),
        make_house(a[8], "rented", [at(11, 5)]),  # checked only after the moment
        make_house(room_c, "rented", [END - days(91)]),
    ]
    people = [
        make_person(home, checks=[END - days(30)], key=under_key, officer=officer),
        # A floating key person, 31 days: too old for a key person (counted as one).
        make_person(home, "floating", [END - days(31)], key=under_key, officer=officer),
        # Designation ended the day before the last: an other resident, 200 days.
        make_person(
            home, checks=[END - days(200)], key=(under_key[0], at(10, 30).date()), officer=officer
        ),
        # Designation from 1 November: floating on 31 October, 91 days.
        make_person(
            home, "floating", [END - days(91)], key=(at(11, 1).date(), None), officer=officer
        ),
        make_person(home, "floating", [END - days(90)]),
        gone(make_person(home), Person.ResidenceStatus.MOVED_OUT, at(10, 31).date()),
        gone(make_person(home), Person.ResidenceStatus.MOVED_OUT, at(11, 1).date()),
        gone(make_person(home), Person.ResidenceStatus.DECEASED, at(10, 15).date()),
        make_person(home, checks=[END - days(1)], residence_status="away"),
        make_person(make_house(make_room(room_c, "102室")), "floating"),  # beat C, never
    ]
    organizations = [
        make_organization(a[0], [END - days(366)]),
        make_organization(a[0], [END - days(10)]),
        make_organization(a[0], [END - days(10)], closed_at=at(10, 1, 9)),
        make_organization(room_c, [END - days(1)], registered=datetime.date(2026, 11, 2)),
    ]
    return {"houses": houses, "people": people, "organizations": organizations}


def test_edges_of_the_period_and_of_each_age(branch, beat_a, beat_c, records):
    rows = rows_by_key(catalogue.get("freshness").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    # Houses: checked exactly 365 days before counts, a second more does not; the house
    # registered on 1 November and the one closed at 23:59:59 on 31 October are not in
    # the register, the one closed at 00:00 on 1 November is.
    assert (a["houses"], a["houses_fresh"]) == (2, 1)
    # Rentals: 90 days in time; never checked; checked at 23:59:59 on the 31st; checked on
    # 20 October (and again after the moment); checked only after the moment.
    assert (a["rentals"], a["rentals_fresh"]) == (5, 3)
    assert (c["rentals"], c["rentals_fresh"]) == (1, 0)  # 91 days
    # Key persons: 30 days in time; the floating one at 31 days is late.
    assert (a["key_persons"], a["key_persons_fresh"]) == (2, 1)
    # Floating: 90 days in time; 91 days (a key person only from 1 November) is late.
    assert (a["floating"], a["floating_fresh"]) == (2, 1)
    # Others: designation ended 30 Oct (200 days, in time), moved out on 1 November (never
    # checked), away (1 day); moved out on 31 Oct and deceased on 15 Oct are gone.
    assert (a["people"], a["people_fresh"]) == (3, 2)
    # Organisations: 366 days late, 10 days in time, closed on 1 October gone; beat C's
    # was registered only on 2 November.
    assert (a["organizations"], a["organizations_fresh"]) == (2, 1)
    assert c["organizations"] == 0
    assert (a["all"], a["all_fresh"]) == (16, 9)
    assert a["all_share"] == round(100 * 9 / 16, 1)
    assert a["key_persons_share"] == 50.0 and c["people_share"] is None


def test_branch_subtotals_and_total_add_up(branch, beat_a, beat_b, beat_c, records):
    table = catalogue.get("freshness").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    assert rows["beat:A02"].values["all"] == 0  # beat B has nothing
    station_a = rows[f"station:{beat_a.station.code}"].values
    station_b = rows[f"station:{beat_c.station.code}"].values
    for key in counted_keys(table):
        assert station_a[key] == rows["beat:A01"].values[key] + rows["beat:A02"].values[key]
        assert station_b[key] == rows["beat:C01"].values[key]
        assert rows["total"].values[key] == station_a[key] + station_b[key]
    assert (rows["total"].values["all"], rows["total"].values["all_fresh"]) == (16 + 3, 9)


def test_last_months_figures_stay_when_records_change_today(
    branch, beat_a, beat_b, beat_c, street, officer, records
):
    """October's report read on 20 November is the same after every record is verified
    again today, a person moves to beat B, a house is closed, a house is let, a person
    dies and a key-person designation ends; November's (running) report sees it all."""
    report = catalogue.get("freshness")
    october = Params(branch, OCTOBER)
    november = Params(branch, Period.month(2026, 11))
    before, running = report.build(october).to_json(), report.build(november).to_json()

    community_b = services.add_address(
        parent=street, level=Address.Level.COMMUNITY, name="新社区", code="S1-03", beat=beat_b
    )
    room_b = community_b
    for level in (
        Address.Level.COMPOUND,
        Address.Level.BUILDING,
        Address.Level.ENTRANCE,
        Address.Level.ROOM,
    ):
        room_b = services.add_address(parent=room_b, level=level, name="1", code=f"{room_b.code}-1")
    people, houses = records["people"], records["houses"]
    move_person(
        person=people[4], house=make_house(room_b, registered=NOW.date()), relationship="head"
    )
    houses[2].close(by=officer, reason="已拆除")
    houses[1].use = HouseUse.objects.get(code="rented")
    houses[1].save()
    change_status(person=people[8], status=Person.ResidenceStatus.DECEASED, on=NOW.date())
    KeyPersonDesignation.objects.filter(person=people[0]).update(end_date=NOW.date())
    records["organizations"][1].close(by=officer, reason="已注销")
    for model in (Person, House, Organization):
        for record in model.objects.active():
            record.verify(by=officer, method=CheckMethod.VISIT)

    assert report.build(october).to_json() == before
    assert report.build(november).to_json() != running


def test_a_running_period_agrees_with_the_freshness_queue(
    branch, beat_a, beat_b, beat_c, admin_user, records
):
    """While the period runs, the records not verified in time are exactly those the
    freshness queue lists (a floating key person is listed as a key person and, past 90
    days, as floating too: counted once here)."""
    table = catalogue.get("freshness").build(Params(branch, Period.month(2026, 11)))
    sections = dict(freshness_sections(admin_user))
    for beat in (beat_a, beat_b, beat_c):
        got = rows_by_key(table)[f"beat:{beat.code}"].values

        def late(kind, got=got):
            return got[kind] - got[f"{kind}_fresh"]

        def listed(name, beat=beat):
            return set(sections[name].filter(beat=beat).values_list("pk", flat=True))

        assert late("key_persons") == len(listed("key_people"))
        assert late("people") == len(listed("people"))
        assert late("rentals") == len(listed("rentals"))
        assert late("houses") == len(listed("houses"))
        assert late("organizations") == len(listed("organizations"))
        people = listed("key_people") | listed("floating") | listed("people")
        assert late("key_persons") + late("floating") + late("people") == len(people)
    assert table.total().values["all"] > table.total().values["all_fresh"] > 0


def test_definition_states_the_ages(settings):
    settings.FRESHNESS_DAYS = {"key_person": 14, "rental": 60, "floating": 45, "other": 180}
    report = catalogue.get("freshness")
    with translation.override("en"):
        definition = str(report.definition)
    assert "14 days for key persons" in definition and "180 for the others" in definition
    with translation.override("zh-hans"):
        assert "重点人员14天" in str(report.definition)

"""数据鲜活度报告: cells and totals against counts made record by record in Python, per
station and beat for a branch bureau, the edges of the period and of each kind's age, and
agreement with the freshness queue officers work from."""

import datetime
import itertools
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from communitypolice.core.periods import Period
from incidents.freshness import freshness_sections
from places import services
from places.models import Address, House, HouseUse, Organization, OrganizationType
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import KeyPersonCategory, KeyPersonDesignation, Person
from tests.reports.helpers import OCTOBER, counted_keys, rows_by_key
from tests.residents.fixtures import resident_id

SHANGHAI = ZoneInfo("Asia/Shanghai")
END = OCTOBER.end_at  # 1 November 2026 00:00, Beijing time
SECOND = datetime.timedelta(seconds=1)
LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
_sequence = itertools.count(100)


def days(n):
    return datetime.timedelta(days=n)


def at(month, day, hour=0, minute=0, second=0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def backdate(record, created_at=LONG_AGO, closed_at=None):
    """``created_at`` is set on save; move it (and the closing) to the moment a case needs."""
    type(record).objects.filter(pk=record.pk).update(created_at=created_at, closed_at=closed_at)
    return record


def make_room(sibling, name):
    """Another room beside ``sibling``, for a house of its own."""
    entrance = sibling.parent_address()
    return services.add_address(
        parent=entrance, level=Address.Level.ROOM, name=name, code=f"{entrance.code}-{name}"
    )


def make_house(address, use="owner", verified_at=None, created_at=LONG_AGO, closed_at=None):
    house = House.objects.create(
        address=address,
        beat=address.beat,
        use=HouseUse.objects.get(code=use),
        verified_at=verified_at,
    )
    return backdate(house, created_at, closed_at)


def make_person(house, category="registered", verified_at=None, key=None, officer=None, **extra):
    """A person; ``key`` = (start, end) of a key-person designation ``officer`` holds."""
    person = Person.objects.create(
        name="测试",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(birth="19800101", sequence=f"{next(_sequence):03d}"),
        category=category,
        house=house,
        beat=house.beat,
        verified_at=verified_at,
        **extra,
    )
    backdate(person)
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


def make_organization(address, verified_at=None, created_at=LONG_AGO, closed_at=None):
    organization = Organization.objects.create(
        name="测试单位",
        type=OrganizationType.objects.first(),
        address=address,
        beat=address.beat,
        verified_at=verified_at,
    )
    return backdate(organization, created_at, closed_at)


@pytest.fixture
def records(rooms_a, room_c, officer, other_station_officer):
    """Records of beat A and beat C around the end of October 2026 and the edge of each
    kind's age (365 days for houses, people and organisations, 90 for rentals and floating
    people, 30 for key persons); beat B has none."""
    a = [*rooms_a, *(make_room(rooms_a[0], f"{n}01室") for n in range(3, 8))]
    home = make_house(a[0], verified_at=END - days(365))  # exactly the age: in time
    under_key = (datetime.date(2026, 9, 1), None)
    return {
        "houses": [
            home,
            make_house(a[1], verified_at=END - days(365) - SECOND),  # a second too old
            make_house(a[2], "rented", verified_at=END - days(90)),
            make_house(a[3], "rented"),  # never verified
            make_house(a[4], created_at=END),  # registered at 00:00 on 1 November: not yet
            make_house(a[5], closed_at=END - SECOND),  # closed at 23:59:59 on 31 October
            make_house(a[6], "rented", END - SECOND, created_at=END - SECOND),
            # Closed only at 00:00 on 1 November; verified again on 5 November.
            make_house(a[7], "rented", at(11, 5), closed_at=END),
            make_house(room_c, "rented", verified_at=END - days(91)),
        ],
        "people": [
            make_person(home, verified_at=END - days(30), key=under_key, officer=officer),
            # A floating key person, 31 days: too old for a key person (counted as one).
            make_person(home, "floating", END - days(31), key=under_key, officer=officer),
            # Designation ended the day before the last: an other resident, 200 days.
            make_person(
                home,
                verified_at=END - days(200),
                key=(under_key[0], at(10, 30).date()),
                officer=officer,
            ),
            # Designation from 1 November: floating on 31 October, 91 days.
            make_person(
                home, "floating", END - days(91), key=(at(11, 1).date(), None), officer=officer
            ),
            make_person(home, "floating", END - days(90)),
            make_person(home, residence_status="moved_out", status_date=at(10, 31).date()),
            make_person(home, residence_status="moved_out", status_date=at(11, 1).date()),
            make_person(home, residence_status="deceased"),
            make_person(home, verified_at=END - days(1), residence_status="away"),
            make_person(
                make_house(make_room(room_c, "102室")), "floating"
            ),  # beat C, never verified
        ],
        "organizations": [
            make_organization(a[0], verified_at=END - days(366)),
            make_organization(a[0], verified_at=END - days(10)),
            make_organization(a[0], verified_at=END - days(10), closed_at=at(10, 1)),
            make_organization(room_c, verified_at=END - days(1), created_at=at(11, 2)),
        ],
    }


def expected_by_beat(moment, day):
    """The report's figures, record by record in Python."""
    ages = settings.FRESHNESS_DAYS
    figures = defaultdict(Counter)

    def present(record):
        return record.created_at < moment and (
            record.closed_at is None or record.closed_at >= moment
        )

    def add(record, kind, age):
        fresh = record.verified_at is not None and moment - record.verified_at <= days(ages[age])
        for key in (kind, "all"):
            figures[record.beat_id][key] += 1
            figures[record.beat_id][f"{key}_fresh"] += fresh

    for person in Person.objects.prefetch_related("key_designations"):
        gone = person.residence_status in Person.GONE and (
            person.status_date is None or person.status_date <= day
        )
        if not present(person) or gone:
            continue
        if any(
            d.start_date <= day and (d.end_date is None or d.end_date >= day)
            for d in person.key_designations.all()
        ):
            add(person, "key_persons", "key_person")
        elif person.category == "floating":
            add(person, "floating", "floating")
        else:
            add(person, "people", "other")
    for house in House.objects.select_related("use"):
        if present(house):
            if house.use.code == "rented":
                add(house, "rentals", "rental")
            else:
                add(house, "houses", "other")
    for organization in Organization.objects.all():
        if present(organization):
            add(organization, "organizations", "other")
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, records):
    table = catalogue.get("freshness").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(END, OCTOBER.end)
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
    total = rows["total"].values
    assert total["all_share"] == round(100 * total["all_fresh"] / total["all"], 1)


def test_edges_of_the_period_and_of_each_age(branch, beat_a, beat_c, records):
    rows = rows_by_key(catalogue.get("freshness").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    # Houses: verified exactly 365 days before counts, a second more does not; the house
    # registered at 00:00 on 1 November and the one closed at 23:59:59 on 31 October are
    # not in the register, the one closed at 00:00 on 1 November is.
    assert (a["houses"], a["houses_fresh"]) == (2, 1)
    # Rentals: 90 days in time, never verified, verified at 23:59:59 on the 31st, and the
    # one verified again on 5 November (counts as in time).
    assert (a["rentals"], a["rentals_fresh"]) == (4, 3)
    assert (c["rentals"], c["rentals_fresh"]) == (1, 0)  # 91 days
    # Key persons: 30 days in time; the floating one at 31 days is late.
    assert (a["key_persons"], a["key_persons_fresh"]) == (2, 1)
    # Floating: 90 days in time; 91 days (a key person only from 1 November) is late.
    assert (a["floating"], a["floating_fresh"]) == (2, 1)
    # Others: designation ended 30 Oct (200 days, in time), moved out on 1 November (never
    # verified), away (1 day); moved out on 31 Oct and deceased without a date are gone.
    assert (a["people"], a["people_fresh"]) == (3, 2)
    # Organisations: 366 days late, 10 days in time, closed on 1 October gone; beat C's
    # was registered only on 2 November.
    assert (a["organizations"], a["organizations_fresh"]) == (2, 1)
    assert c["organizations"] == 0
    assert (a["all"], a["all_fresh"]) == (15, 9)
    assert a["all_share"] == 60.0
    assert a["key_persons_share"] == 50.0 and c["people_share"] is None


def test_a_running_period_agrees_with_the_freshness_queue(
    branch, beat_a, beat_b, beat_c, admin_user, records
):
    """While the period runs, the records not verified in time are exactly those the
    freshness queue lists (a floating key person is listed as a key person and, past 90
    days, as floating too: counted once here)."""
    now = at(11, 20, 10)
    period = Period.month(2026, 11)
    with time_machine.travel(now, tick=False):
        table = catalogue.get("freshness").build(Params(branch, period))
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

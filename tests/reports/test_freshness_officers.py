"""Freshness per officer: in 一区多警 a beat's records verified in time are shared out
between its officers by who checked each record last, in the report, on the chief's
station overview and on the officer's home page, against counts made by hand."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assignments.models import Assignment
from communitypolice.accounts.models import User
from communitypolice.core.verification import CheckMethod
from places import services
from places.models import Address, House, HouseUse
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import KeyPersonCategory, KeyPersonDesignation, Person
from tests.factories import AssignmentFactory, UserFactory
from tests.reports.helpers import OCTOBER, rows_by_key
from tests.residents.fixtures import resident_id

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
REGISTERED = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def house(room, *checks):
    record = House.objects.create(
        address=room,
        beat=room.beat,
        use=HouseUse.objects.get(code="owner"),
        registered_on=REGISTERED,
    )
    for by, moment in checks:
        record.verify(by=by, at=moment, method=CheckMethod.PHONE)
    return record


def room_in(entrance, name):
    return services.add_address(
        parent=entrance, level=Address.Level.ROOM, name=name, code=f"{entrance.code}-{name}"
    )


@pytest.fixture
def helper(beat_a):
    """A second officer of beat A (一区多警), as assistant."""
    user = UserFactory(username="helper", unit=beat_a.station, role=User.Role.OFFICER)
    AssignmentFactory(officer=user, beat=beat_a, role=Assignment.Role.ASSISTANT)
    return user


@pytest.fixture
def former(beat_a):
    """An officer who served in beat A until 15 October."""
    user = UserFactory(username="former", unit=beat_a.station, role=User.Role.OFFICER)
    AssignmentFactory(
        officer=user,
        beat=beat_a,
        role=Assignment.Role.ASSISTANT,
        end_date=datetime.date(2026, 10, 15),
    )
    return user


@pytest.fixture
def shared_beat(rooms_a, street, beat_b, officer, colleague, helper, former, chief):
    """Beat A, held by ``officer`` and ``helper`` (and by ``former`` until 15 October),
    with nine records; beat B, held by ``colleague``, with one house ``officer`` checked.

    Who checked what (houses allow 365 days, key persons 30):
      h1 officer 10 Oct                      October: officer   now: officer
      h2 helper 5 Oct, officer 12 Oct        officer            officer
      h3 officer 1 Sep, helper 20 Oct        helper             helper
      h4 chief 25 Oct                        others             others
      h5 never                               late               late
      h6 helper 1 Oct, officer 10 Nov        helper             officer
      h7 former 14 Oct                       others             others
      p1 resident, officer 30 Oct            officer            officer
      p2 key person, helper 1 Sep            late (61 days)     late
    """
    entrance = rooms_a[0].parent_address()
    rooms = [*rooms_a, *(room_in(entrance, f"{n}01室") for n in range(3, 7))]
    h1 = house(rooms[0], (officer, at(10, 10)))
    house(rooms[1], (helper, at(10, 5)), (officer, at(10, 12)))
    house(rooms[2], (officer, at(9, 1)), (helper, at(10, 20)))
    house(rooms[3], (chief, at(10, 25)))
    house(rooms[4])
    house(rooms[5], (helper, at(10, 1)), (officer, at(11, 10)))
    house(rooms[6], (former, at(10, 14)))
    for n, (by, moment, key) in enumerate(
        [(officer, at(10, 30), False), (helper, at(9, 1), True)], start=1
    ):
        person = Person.objects.create(
            name=f"住户{n}",
            gender="M",
            birth_date=datetime.date(1980, 1, 1),
            id_number=resident_id(birth="19800101", sequence=f"{300 + n:03d}"),
            category=Person.Category.REGISTERED,
            house=h1,
            beat=h1.beat,
            registered_on=REGISTERED,
        )
        person.verify(by=by, at=moment, method=CheckMethod.VISIT)
        if key:
            KeyPersonDesignation.objects.create(
                person=person,
                category=KeyPersonCategory.objects.first(),
                control_level=2,
                reason="测试",
                interval_days=30,
                responsible_officer=officer,
                start_date=datetime.date(2026, 6, 1),
            )
    community_b = services.add_address(
        parent=street, level=Address.Level.COMMUNITY, name="第二社区", code="S1-03", beat=beat_b
    )
    node = community_b
    for level in (Address.Level.COMPOUND, Address.Level.BUILDING, Address.Level.ENTRANCE):
        node = services.add_address(parent=node, level=level, name="1", code=f"{node.code}-1")
    house(room_in(node, "101室"), (officer, at(10, 3)))


def test_the_report_shares_a_beat_out_between_its_officers(
    station_a, beat_a, officer, helper, colleague, shared_beat
):
    table = catalogue.get("freshness_officers").build(Params(station_a, OCTOBER))
    rows = rows_by_key(table)
    # ``former`` no longer held a post on 31 October: no line.
    assert [row.key for row in table.rows] == [
        "officer:colleague",
        "officer:helper",
        "officer:officer",
        "total",
    ]
    # Beat A: 9 records; officer h1, h2, p1; helper h3, h6; the checks in B do not count
    # for the officer, who holds no post there.
    assert rows["officer:officer"].values == {"records": 9, "checked": 3, "share": 33.3}
    assert rows["officer:helper"].values == {"records": 9, "checked": 2, "share": 22.2}
    assert rows["officer:colleague"].values == {"records": 1, "checked": 0, "share": 0.0}
    assert rows["officer:officer"].lead == [str(officer), beat_a.name]
    assert rows["total"].values["checked"] == 5
    # The beat's own figure: 7 verified in time = officer 3 + helper 2 + chief and former 2.
    beat = rows_by_key(catalogue.get("freshness").build(Params(station_a, OCTOBER)))
    assert (beat["beat:A01"].values["all"], beat["beat:A01"].values["all_fresh"]) == (9, 7)
    assert (beat["beat:A02"].values["all"], beat["beat:A02"].values["all_fresh"]) == (1, 1)


def test_a_check_made_after_the_period_does_not_move_its_credit(
    station_a, officer, helper, shared_beat
):
    """h6 went to the helper in October; the officer checking it again today leaves
    October as it was."""
    report = catalogue.get("freshness_officers")
    before = report.build(Params(station_a, OCTOBER)).to_json()
    for record in House.objects.all():
        record.verify(by=officer, method=CheckMethod.VISIT)
    assert report.build(Params(station_a, OCTOBER)).to_json() == before


def test_the_chiefs_overview_shows_each_beat_and_officer_now(
    login, chief, officer, helper, colleague, shared_beat, django_assert_max_num_queries
):
    client = login(chief)
    # The whole page; the freshness card is four of them (three registers, the posts).
    with django_assert_max_num_queries(39):
        response = client.get(reverse("reports:station_overview"))
    card = response.context["freshness_shares"]
    beats = {row["beat"].code: row for row in card["beats"]}
    # Now (20 November): h6's latest check is the officer's of 10 November.
    assert (beats["A01"]["records"], beats["A01"]["fresh"], beats["A01"]["by_others"]) == (9, 7, 2)
    assert beats["A01"]["percent"] == 77.8
    assert (beats["A02"]["records"], beats["A02"]["fresh"], beats["A02"]["by_others"]) == (1, 1, 1)
    officers = {row.officer.username: (row.records, row.checked) for row in card["officers"]}
    assert officers == {"officer": (9, 4), "helper": (9, 1), "colleague": (1, 0)}
    page = response.content.decode()
    assert 'data-table="freshness-officers"' in page and "44.4%" in page


def test_the_officer_sees_their_own_share(
    login, officer, helper, shared_beat, django_assert_max_num_queries
):
    client = login(officer)
    # The whole page; the freshness card is four of them (three registers, the posts).
    with django_assert_max_num_queries(47):
        response = client.get(reverse("reports:officer_home"))
    card = response.context["freshness_shares"]
    assert (card["mine"].records, card["mine"].checked, card["mine"].percent) == (9, 4, 44.4)
    assert [(row["beat"].code, row["mine"], row["fresh"]) for row in card["beats"]] == [
        ("A01", 4, 7)
    ]
    assert 'data-figure="my_freshness"' in response.content.decode()

"""A station's worth of records for the dashboards, at a fixed moment in mid-month.

Station A (the chief's) has beats A (``officer``) and B (``colleague``); station B has
beat C. Every figure has something that counts, something that must not (a person who
moved out, a handled tip, a closed incident …) and something in the other station.
"""

import datetime
import itertools
import zoneinfo

import pytest
import time_machine

from incidents.models import Dispute, Incident, IncidentType, Tip
from incidents.services import raise_tip, register_incident
from places import services as places
from places.models import Address, House, HouseUse
from residents.models import (
    CareCategory,
    CareDesignation,
    KeyPersonCategory,
    KeyPersonDesignation,
    Person,
)
from tests.places.fixtures import REGISTERED
from tests.residents.fixtures import resident_id

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
_sequence = itertools.count(200)


@pytest.fixture(autouse=True)
def frozen_time():
    """Mid-November 2026, Beijing time: this month, last month and November 2025 are
    unambiguous, whenever the tests run."""
    with time_machine.travel(NOW, tick=False):
        yield


def local(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def add_room(beat, parent, prefix):
    """A community of ``beat`` with one room under it."""
    node = places.add_address(
        parent=parent, level=Address.Level.COMMUNITY, name=f"{prefix}社区", code=prefix, beat=beat
    )
    for level, name in [
        (Address.Level.COMPOUND, "小区"),
        (Address.Level.BUILDING, "1号楼"),
        (Address.Level.ENTRANCE, "1单元"),
        (Address.Level.ROOM, "101室"),
    ]:
        node = places.add_address(parent=node, level=level, name=name, code=f"{node.code}-x")
    return node


def add_house(address, use="owner"):
    return House.objects.create(
        registered_on=REGISTERED,
        address=address,
        beat=address.beat,
        use=HouseUse.objects.get(code=use),
        verified_at=NOW,
    )


def add_person(
    house, *, category=Person.Category.REGISTERED, status=Person.ResidenceStatus.PRESENT
):
    return Person.objects.create(
        registered_on=REGISTERED,
        name="王五",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(sequence=f"{next(_sequence):03d}"),
        category=category,
        residence_status=status,
        house=house,
        beat=house.beat,
        verified_at=NOW,
    )


def add_key(person, officer, *, last_followup_days_ago, interval=30, ended=False):
    return KeyPersonDesignation.objects.create(
        person=person,
        category=KeyPersonCategory.objects.get(code="released"),
        control_level=2,
        reason="刑满释放",
        interval_days=interval,
        responsible_officer=officer,
        start_date=days_ago(200),
        last_followup=days_ago(last_followup_days_ago),
        end_date=days_ago(1) if ended else None,
    )


def add_care(person, *, last_followup_days_ago, interval=30):
    return CareDesignation.objects.create(
        person=person,
        category=CareCategory.objects.get(code="hardship"),
        reason="困难",
        interval_days=interval,
        start_date=days_ago(200),
        last_followup=days_ago(last_followup_days_ago),
    )


def add_tip(address, officer, level, *, status=Tip.Status.NEW, overdue=False):
    tip = raise_tip(
        tip=Tip(
            level=level,
            category="线索",
            content="内容",
            source=Tip.Source.PUBLIC,
            beat=address.beat,
            status=status,
        ),
        by=officer,
        addresses=[address],
    )
    if overdue:
        Tip.objects.filter(pk=tip.pk).update(due_at=NOW - datetime.timedelta(hours=1))
    return tip


def add_incident(address, officer, reported_at, type_code="help", closed=False):
    incident = register_incident(
        incident=Incident(
            type=IncidentType.objects.get(code=type_code),
            reported_at=reported_at,
            occurred_at=reported_at - datetime.timedelta(minutes=10),
            address=address,
            beat=address.beat,
            summary="群众求助",
            handling_officer=officer,
        ),
        by=officer,
    )
    if closed:
        incident.close(by=officer, reason="重复登记")
    return incident


def add_dispute(address, officer, *, risk, found_days_ago, status=Dispute.Status.FOUND):
    return Dispute.objects.create(
        type=Dispute.Type.NEIGHBOUR,
        parties="甲、乙",
        address=address,
        description="噪音",
        risk=risk,
        status=status,
        found_on=days_ago(found_days_ago),
        resolved_on=None if status in Dispute.OPEN else days_ago(1),
        responsible_officer=officer,
        beat=address.beat,
    )


@pytest.fixture
def room_b(street, beat_b):
    return add_room(beat_b, street, "S1-03")


@pytest.fixture
def records(rooms_a, room_b, room_c, officer, colleague, other_station_officer, chief):
    """The records every dashboard test counts; see the module docstring."""
    room_a = rooms_a[0]
    house_a, house_b, house_c = add_house(room_a), add_house(room_b, "rented"), add_house(room_c)
    F = Person.Category.FLOATING
    people = {
        "a1": add_person(house_a),
        "a2": add_person(house_a, category=F),
        "a3": add_person(house_a, category=Person.Category.FOREIGN),
        "a_gone": add_person(house_a, status=Person.ResidenceStatus.MOVED_OUT),
        "b1": add_person(house_b, category=F),
        "b2": add_person(house_b),
        "c1": add_person(house_c),
    }
    # Follow-ups: a1 key overdue, a2 key and care overdue (one person), b1 care overdue;
    # a3 due in 3 days; b2 on time; a_gone overdue but moved out; c1 overdue, other station;
    # an ended designation overdue on b2 does not count.
    add_key(people["a1"], officer, last_followup_days_ago=40)
    add_key(people["a2"], officer, last_followup_days_ago=35)
    add_care(people["a2"], last_followup_days_ago=31)
    add_care(people["b1"], last_followup_days_ago=60)
    add_care(people["a3"], last_followup_days_ago=27)
    add_key(people["b2"], colleague, last_followup_days_ago=10)
    add_key(people["b2"], colleague, last_followup_days_ago=90, ended=True)
    add_key(people["a_gone"], officer, last_followup_days_ago=90)
    add_care(people["c1"], last_followup_days_ago=90)

    W, S, T = Tip.Level.WARNING, Tip.Level.SIGN, Tip.Level.TENDENCY
    add_tip(room_a, officer, W)
    add_tip(room_a, officer, W, overdue=True)
    add_tip(room_a, officer, S, status=Tip.Status.CHECKING, overdue=True)
    add_tip(room_b, colleague, T)
    add_tip(room_b, colleague, W, status=Tip.Status.HANDLED, overdue=True)
    add_tip(room_c, other_station_officer, W, overdue=True)

    add_incident(room_a, officer, local(2026, 11, 1, 0))  # this month, first hour
    add_incident(room_a, officer, local(2026, 11, 14), "criminal")
    add_incident(room_b, colleague, local(2026, 11, 15, 9), "criminal")
    add_incident(room_b, colleague, local(2026, 10, 31, 23))  # last month, last hour
    add_incident(room_a, officer, local(2026, 10, 1), "traffic")
    add_incident(room_a, officer, local(2025, 11, 30), "traffic")  # a year ago
    add_incident(room_a, officer, local(2025, 12, 1))  # none of the three months
    add_incident(room_a, officer, local(2026, 11, 10), closed=True)  # closed as a duplicate
    add_incident(room_c, other_station_officer, local(2026, 11, 10))

    R = Dispute.Risk
    add_dispute(room_a, officer, risk=R.HIGH, found_days_ago=8)  # overdue (7 days)
    add_dispute(room_a, officer, risk=R.LOW, found_days_ago=8)  # open, not overdue
    add_dispute(room_b, colleague, risk=R.MEDIUM, found_days_ago=20, status="mediating")
    add_dispute(room_b, colleague, risk=R.HIGH, found_days_ago=30, status="resolved")
    add_dispute(room_c, other_station_officer, risk=R.HIGH, found_days_ago=30)
    return {"people": people, "houses": (house_a, house_b, house_c), "rooms": (room_a, room_b)}

"""Records for the tests of moves between stations (迁入), at a fixed moment.

``mover`` is a floating resident of beat A (station A, the ``chief``'s) since June 2025
who now lives in house C of station B (``other_station_officer``'s beat). The clock
stands at half past midnight in Beijing, when the UTC date is still the day before.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from residents.models import (
    CareCategory,
    CareDesignation,
    KeyPersonCategory,
    KeyPersonDesignation,
    Person,
)
from tests.residents.fixtures import resident_id

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 3, 16, 0, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
MOVE_DAY = datetime.date(2026, 3, 10)
LAST_MONTH_DAY = datetime.date(2026, 2, 15)
REGISTERED = datetime.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mover(house_a):
    return Person.objects.create(
        name="赵小流",
        gender="M",
        birth_date=datetime.date(1995, 7, 7),
        id_number=resident_id(area="410102", birth="19950707", sequence="031"),
        category=Person.Category.FLOATING,
        house=house_a,
        beat=house_a.beat,
        arrival_date=REGISTERED,
        registered_on=REGISTERED,
        notes="原住址备注",
    )


@pytest.fixture
def mover_key(mover, officer):
    return KeyPersonDesignation.objects.create(
        person=mover,
        category=KeyPersonCategory.objects.get(code="released"),
        control_level=2,
        reason="刑满释放",
        interval_days=30,
        responsible_officer=officer,
        start_date=datetime.date(2025, 7, 1),
    )


@pytest.fixture
def mover_care(mover):
    return CareDesignation.objects.create(
        person=mover,
        category=CareCategory.objects.get(code="hardship"),
        reason="困难",
        interval_days=30,
        start_date=datetime.date(2025, 7, 1),
    )


def request_data(house, **changes):
    return {
        "to_house": house.pk,
        "move_date": MOVE_DAY.isoformat(),
        "relationship": Person.Relationship.OTHER,
        "note": "已在东湖花园租住，房东报告",
        **changes,
    }

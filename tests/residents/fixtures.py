import datetime

import pytest
from stdnum.cn import ric

from communitypolice.core import periods
from residents.models import CareCategory, CareDesignation, KeyPersonCategory, Person
from tests.places.fixtures import REGISTERED


def resident_id(area="110105", birth="19850315", sequence="123"):
    body = f"{area}{birth}{sequence}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def person_a(house_a):
    return Person.objects.create(
        registered_on=REGISTERED,
        name="张三",
        gender="M",
        birth_date=datetime.date(1985, 3, 15),
        id_number=resident_id(sequence="123"),
        phone="13812345678",
        category=Person.Category.REGISTERED,
        house=house_a,
        beat=house_a.beat,
    )


@pytest.fixture
def person_c(house_c):
    return Person.objects.create(
        registered_on=REGISTERED,
        name="李四",
        gender="M",
        birth_date=datetime.date(1990, 1, 1),
        id_number=resident_id(birth="19900101", sequence="015"),
        category=Person.Category.FLOATING,
        house=house_c,
        beat=house_c.beat,
        arrival_date=datetime.date(2024, 5, 1),
    )


@pytest.fixture
def key_designation_a(person_a, officer):
    from residents.models import KeyPersonDesignation

    return KeyPersonDesignation.objects.create(
        person=person_a,
        category=KeyPersonCategory.objects.get(code="released"),
        control_level=2,
        reason="刑满释放",
        interval_days=30,
        responsible_officer=officer,
        start_date=periods.today() - datetime.timedelta(days=100),
        last_followup=periods.today() - datetime.timedelta(days=40),
    )


@pytest.fixture
def care_designation_c(person_c):
    return CareDesignation.objects.create(
        person=person_c,
        category=CareCategory.objects.get(code="hardship"),
        reason="困难",
        interval_days=30,
    )

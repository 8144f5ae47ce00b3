import datetime

import pytest
from stdnum.cn import ric

from communitypolice.core import periods
from residents.models import CareCategory, CareDesignation, KeyPersonCategory, Person
from residents.pinyin import name_initials, name_pinyin
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


DISTRICT_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]


@pytest.fixture
def district_people(district_a):
    """One person in each house of beat A's district: 3,000 people, 375 of them 张伟."""
    people = []
    for n, house in enumerate(district_a["houses"]):
        name = DISTRICT_NAMES[n % len(DISTRICT_NAMES)]
        people.append(
            Person(
                registered_on=REGISTERED,
                name=name,
                name_pinyin=name_pinyin(name),  # what save() derives; bulk_create skips it
                name_initials=name_initials(name),
                gender="M" if n % 2 else "F",
                birth_date=datetime.date(1950 + n % 50, 1 + n % 12, 1),
                id_type=Person.IdType.OTHER,
                id_number=f"99{n:06d}",
                phone=f"139{n:08d}",
                category=Person.Category.REGISTERED,
                house=house,
                beat=house.beat,
            )
        )
    return Person.objects.bulk_create(people, batch_size=1000)

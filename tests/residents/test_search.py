import datetime

import pytest
from django.urls import reverse

from residents.models import Person
from residents.pinyin import name_initials, name_pinyin
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("单雄信", "shanxiongxin", "sxx"),
        ("曾国藩", "zengguofan", "zgf"),
        ("欧阳修", "ouyangxiu", "oyx"),
        ("解缙", "xiejin", "xj"),
    ],
)
def test_surnames_are_read_as_surnames(name, pinyin, initials):
    assert (name_pinyin(name), name_initials(name)) == (pinyin, initials)


@pytest.fixture
def people(house_a):
    names = ["张三", "张三丰", "章子怡", "单田芳", "李四"]
    return [
        Person.objects.create(
            name=name,
            gender="M",
            birth_date=datetime.date(1980, 1, 1),
            id_number=resident_id(birth="19800101", sequence=f"{n:03d}"),
            phone=f"1380000000{n}",
            category="registered",
            house=house_a,
            beat=house_a.beat,
        )
        for n, name in enumerate(names)
    ]


def found(client, q):
    response = client.get(reverse("residents:person_list"), {"q": q})
    return [p.name for p in response.context["object_list"]]


def test_search_by_pinyin_initials(login, officer, people):
    assert found(login(officer), "zs") == ["张三", "张三丰"]


def test_search_by_full_pinyin_and_surname_reading(login, officer, people):
    client = login(officer)
    assert found(client, "zhangsan") == ["张三", "张三丰"]
    assert found(client, "shan") == ["单田芳"]


def test_search_by_chinese_characters(login, officer, people):
    client = login(officer)
    assert found(client, "张") == ["张三", "张三丰"]
    assert found(client, "三丰") == []  # two characters are a prefix search
    assert found(client, "张三丰") == ["张三丰"]


def test_search_by_id_number_and_phone(login, officer, people):
    client = login(officer)
    assert found(client, people[3].id_number) == ["单田芳"]
    assert found(client, people[4].id_number[-4:]) == ["李四"]
    assert found(client, "13800000001") == ["张三丰"]


def test_list_is_sorted_by_pinyin(login, officer, people):
    names = [
        p.name for p in login(officer).get(reverse("residents:person_list")).context["object_list"]
    ]
    assert names == ["李四", "单田芳", "张三", "张三丰", "章子怡"]

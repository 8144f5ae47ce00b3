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
    assert found(client, "张三丰") == ["张三丰"]
    assert found(client, "子怡") == ["章子怡"]  # the given name alone
    assert found(client, "三") == ["张三", "张三丰"]
    assert found(client, "田芳") == ["单田芳"]
    assert found(client, "芳") == []  # one or two characters: the start of a name


def test_a_given_name_is_the_name_without_its_surname(house_a):
    person = Person.objects.create(
        name="欧阳修",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(sequence="555"),
        category="registered",
        house=house_a,
        beat=house_a.beat,
    )
    assert person.given_name == "修"
    person.name = "欧阳明修"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert (person.given_name, person.name_pinyin) == ("明修", "ouyangmingxiu")


def test_search_by_id_number_and_phone(login, officer, people):
    client = login(officer)
    assert found(client, people[3].id_number) == ["单田芳"]
    assert found(client, people[4].id_number[-4:]) == ["李四"]
    assert found(client, "13800000001") == ["张三丰"]
    assert found(client, "0000003") == ["单田芳"]  # the middle of a phone number
    assert len(found(client, "19800101")) == 5  # a birth date inside the ID numbers
    assert found(client, people[2].id_number[:6]) != []  # an area code


def test_too_few_digits_ask_for_more(login, officer, people):
    response = login(officer).get(reverse("residents:person_list"), {"q": "12"})
    assert list(response.context["object_list"]) == []
    assert "至少输入 3 位" in response.content.decode()


def test_an_oversize_query_is_refused_with_a_message(login, officer, people):
    response = login(officer).get(reverse("residents:person_list"), {"q": "张" * 100_000})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"]


def test_a_page_past_the_end_shows_the_last_page(login, officer, people):
    response = login(officer).get(reverse("residents:person_list"), {"page": "999999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert len(response.context["object_list"]) == 5


def test_list_is_sorted_by_pinyin(login, officer, people):
    names = [
        p.name for p in login(officer).get(reverse("residents:person_list")).context["object_list"]
    ]
    assert names == ["李四", "单田芳", "张三", "张三丰", "章子怡"]


def test_a_long_list_is_counted_up_to_the_cap(login, officer, people, monkeypatch):
    """Past the cap the list says "more than" rather than counting the district."""
    from communitypolice.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    response = login(officer).get(reverse("residents:person_list"))
    assert "超过 3 条记录" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 4  # counted to cap + 1
    response = login(officer).get(reverse("residents:person_list"), {"q": "张"})
    assert "2 条记录" in response.content.decode()

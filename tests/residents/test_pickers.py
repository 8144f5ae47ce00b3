"""The people picker: what an officer types finds the person, within their beats, in
a list short enough for a phone that tells two 张伟 apart; the forms that pick people
and houses render a district's register without listing it."""

import datetime
import re

import pytest
from django.urls import reverse

from communitypolice.core.pickers import SHOWN
from places.models import House
from residents.models import MoveRequest, Person
from tests.pickers import offered, options, pickers, search
from tests.places.fixtures import REGISTERED, use
from tests.residents.fixtures import resident_id
from tests.residents.test_register import form_data

pytestmark = pytest.mark.django_db

PICK = reverse("residents:person_pick")


def person(house, name, *, gender="M", birth=datetime.date(1985, 3, 15), sequence, **fields):
    return Person.objects.create(
        registered_on=REGISTERED,
        name=name,
        gender=gender,
        birth_date=birth,
        id_number=resident_id(birth=birth.strftime("%Y%m%d"), sequence=sequence),
        category=Person.Category.REGISTERED,
        house=house,
        beat=house.beat,
        **fields,
    )


@pytest.fixture
def house_102(rooms_a):
    room = rooms_a[1]
    return House.objects.create(
        registered_on=REGISTERED, address=room, beat=room.beat, use=use("rented"), room_count=2
    )


@pytest.fixture
def namesakes(house_a, house_102):
    """Two 张伟 of beat A, and a third who has moved out."""
    return [
        person(house_a, "张伟", sequence="111", phone="13912345678"),
        person(
            house_102,
            "张伟",
            gender="F",
            birth=datetime.date(1990, 6, 1),
            sequence="222",
            phone="13687654321",
        ),
        person(house_a, "张伟", sequence="333", residence_status=Person.ResidenceStatus.MOVED_OUT),
    ]


def pick(client, text, field="persons", **params):
    return search(client, PICK, field, text, **params)


def found(client, text, **params):
    return [choice.pk for choice in pick(client, text, **params).context["results"]]


def test_it_finds_a_person_by_name_pinyin_initials_id_phone_and_address(login, officer, namesakes):
    client = login(officer)
    first, second, _gone = namesakes
    both = {first.pk, second.pk}
    assert set(found(client, "张伟")) == both
    assert set(found(client, "zhangwei")) == both
    assert set(found(client, "zw")) == both
    assert found(client, first.id_number[:14]) == [first.pk]  # an ID number's beginning
    assert found(client, second.id_number[-4:]) == [second.pk]  # or its last digits
    assert found(client, "1391234") == [first.pk]  # a phone number's beginning
    assert found(client, "4321") == [second.pk]  # or its last digits
    assert found(client, "1单元102室") == [second.pk]  # where they live


def test_two_namesakes_read_apart(login, officer, namesakes):
    content = pick(login(officer), "张伟").content.decode()
    first, second, _gone = namesakes
    expected = [(first, "男，1985年生", "101室"), (second, "女，1990年生", "102室")]
    for someone, born, room in expected:
        label = re.search(rf'value="{someone.pk}".*?</label>', content).group()
        assert born in label and f"1号楼1单元{room}" in label
        assert "110105********" + someone.id_number[-4:] in label
        assert someone.id_number not in content  # masked, as in every list


def test_it_finds_nobody_outside_the_beats_nor_who_has_left(
    login, officer, colleague, namesakes, person_c
):
    client = login(officer)
    assert found(client, "李四") == [] and found(client, person_c.id_number) == []
    assert namesakes[2].pk not in found(client, "张伟")  # moved out
    assert "在您的警务区内未找到" in pick(client, "李四").content.decode()
    assert found(login(colleague), "张伟") == []  # beat B's officer


def test_it_shows_twenty_and_asks_for_more_letters(login, officer, house_a):
    for n in range(SHOWN + 5):
        person(house_a, f"王{n}", sequence=f"{n:03d}")
    response = pick(login(officer), "王")
    assert len(response.context["results"]) == SHOWN
    assert "请继续输入以缩小范围" in response.content.decode()


def test_a_person_ticked_joins_those_chosen_and_leaves_the_matches(login, officer, namesakes):
    first, second, _gone = namesakes
    response = pick(login(officer), "张伟", persons=[str(first.pk)], many="1")
    assert [choice.pk for choice in response.context["chosen"]] == [first.pk]
    assert [choice.pk for choice in response.context["results"]] == [second.pk]
    content = response.content.decode()
    chosen = re.search(r'<div id="id_persons-chosen" hx-swap-oob="innerHTML">.*?</div>', content)
    assert f'value="{first.pk}"' in chosen.group() and 'type="checkbox"' in content


def test_the_only_match_once_chosen_is_not_reported_as_nothing_found(login, officer, namesakes):
    second = namesakes[1]
    response = pick(login(officer), "1单元102室", field="person", person=[str(second.pk)])
    assert response.context["results"] == []
    assert "未找到" not in response.content.decode()


def test_a_person_of_another_beat_sent_as_chosen_is_not_shown(login, officer, person_c):
    response = pick(login(officer), "", field="person", person=[str(person_c.pk)], blank="1")
    assert response.context["chosen"] == [] and "李四" not in response.content.decode()
    assert 'name="person" value="" id="id_person-none" checked' in response.content.decode()


def test_the_picker_costs_the_same_at_district_size(
    login, officer, district_people, django_assert_max_num_queries
):
    client = login(officer)
    chosen = [str(p.pk) for p in district_people[:30]]
    for text in ("张伟", "zw", "990001", "梅林3区"):
        with django_assert_max_num_queries(8):
            response = pick(client, text, persons=chosen, many="1")
        assert len(response.context["results"]) == SHOWN and response.context["more"]
        assert len(response.context["chosen"]) == 30


def test_the_picker_needs_a_field_to_fill(login, officer):
    assert login(officer).get(PICK, {"field": "<b>", "persons-q": "张"}).status_code == 400


@pytest.fixture
def owner_a(district_people, district_a):
    """A person of the district who owns two houses, to edit."""
    owner = district_people[0]
    owner.owned_houses.set(district_a["houses"][:2])
    return owner


PAGES = {
    # page: (its URL, the pickers it shows, the most queries it may cost)
    "person_create": (lambda owner, elsewhere, user: reverse("residents:person_create"), 4, 8),
    "person_edit": (
        lambda owner, elsewhere, user: reverse("residents:person_edit", args=[owner.pk]),
        4,
        14,
    ),
    "person_move": (
        lambda owner, elsewhere, user: reverse("residents:person_move", args=[owner.pk]),
        1,
        10,
    ),
    "move_create": (
        lambda owner, elsewhere, user: (
            f"{reverse('residents:move_create')}?person={MoveRequest.reference(elsewhere, user)}"
        ),
        1,
        10,
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_forms_that_pick_people_and_houses_render_a_district_without_listing_it(
    login, officer, owner_a, person_c, page, django_assert_max_num_queries
):
    url, shown, queries = PAGES[page]
    client = login(officer)
    with django_assert_max_num_queries(queries):
        response = client.get(url(owner_a, person_c, officer))
    assert response.status_code == 200
    content = response.content.decode()
    assert pickers(content) == shown
    assert options(content) <= 50 and offered(content) <= 50


def test_a_house_outside_the_beats_is_refused_next_to_the_field(login, officer, house_c):
    response = login(officer).post(reverse("residents:person_create"), form_data(house_c))
    assert response.status_code == 200
    assert "不在您的警务区内" in response.context["form"].errors["house"][0]
    assert house_c.address.full_name not in response.content.decode()  # not shown as chosen
    assert not Person.objects.exists()


def test_owned_houses_outside_the_beats_are_refused(login, officer, person_a, house_c):
    url = reverse("residents:person_edit", args=[person_a.pk])
    data = form_data(
        person_a.house,
        name=person_a.name,
        id_number=person_a.id_number,
        owned_houses=[person_a.house_id, house_c.pk],
        version=person_a.version,
    )
    response = login(officer).post(url, data)
    assert "已被移除" in response.context["form"].errors["owned_houses"][0]
    assert not person_a.owned_houses.exists()


def test_a_move_into_the_house_lived_in_already_is_refused(login, officer, person_a):
    response = login(officer).post(
        reverse("residents:person_move", args=[person_a.pk]),
        {"house": person_a.house_id, "relationship": "head"},
    )
    assert response.context["form"].errors["house"] == ["此人已住在该房屋。"]

"""Registering people: ID checks, agreement with gender and birth date, duplicates."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from residents.models import Person
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db


def form_data(house, **changes):
    data = {
        "name": "王小明",
        "id_type": "ric",
        "id_number": resident_id(birth="19850315", sequence="135"),
        "gender": "M",
        "birth_date": "1985-03-15",
        "category": "registered",
        "house": house.pk,
        "relationship": "head",
        "phone": "13900001111",
    }
    return {**data, **changes}


def post(client, data):
    return client.post(reverse("residents:person_create"), data)


def test_a_wrong_check_digit_is_refused_and_nothing_saved(login, officer, house_a):
    number = resident_id(birth="19850315", sequence="135")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    response = post(login(officer), form_data(house_a, id_number=wrong))
    assert response.status_code == 200
    assert "校验码" in response.context["form"].errors["id_number"][0]
    assert not Person.objects.exists()


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused(login, officer, house_a):
    response = post(login(officer), form_data(house_a, birth_date="1985-03-16"))
    assert "1985-03-15" in response.context["form"].errors["birth_date"][0]
    assert not Person.objects.exists()


def test_a_gender_that_disagrees_with_the_id_number_is_refused(login, officer, house_a):
    response = post(login(officer), form_data(house_a, gender="F"))
    assert "gender" in response.context["form"].errors
    assert not Person.objects.exists()


def test_gender_and_birth_date_are_read_from_the_id_number_when_left_empty(login, officer, house_a):
    response = post(login(officer), form_data(house_a, gender="", birth_date=""))
    person = Person.objects.get()
    assert response.status_code == 302
    assert (person.gender, person.birth_date) == ("M", datetime.date(1985, 3, 15))
    assert (person.beat, person.verified_by) == (house_a.beat, officer)
    assert LogEntry.objects.get_for_object(person).get().action == LogEntry.Action.CREATE


def test_an_area_code_younger_than_the_person_is_a_warning_only(login, officer, house_a):
    number = resident_id(area="110112", birth="19800101", sequence="011")
    response = post(
        login(officer),
        form_data(house_a, id_number=number, birth_date="1980-01-01", gender="M"),
    )
    assert response.status_code == 302
    assert Person.objects.get().id_number == number
    warnings = [str(m) for m in response.wsgi_request._messages]
    assert any("1980" in w for w in warnings)


def test_an_existing_id_number_links_to_that_person(login, officer, house_a, person_a):
    response = post(
        login(officer), form_data(house_a, id_number=person_a.id_number, birth_date="1985-03-15")
    )
    error = response.context["form"].errors["id_number"][0]
    assert person_a.get_absolute_url() in error
    assert Person.objects.count() == 1


def test_an_existing_id_number_in_another_beat_of_the_station_is_not_revealed(
    login, colleague, house_a, rooms_a, person_a, beat_b
):
    from places.models import House

    house_b = House.objects.create(address=rooms_a[1], beat=beat_b, use=house_a.use)
    response = post(
        login(colleague), form_data(house_b, id_number=person_a.id_number, birth_date="1985-03-15")
    )
    error = response.context["form"].errors["id_number"][0]
    assert person_a.get_absolute_url() not in error and person_a.name not in error
    assert Person.objects.count() == 1


def test_an_existing_id_number_in_another_station_shows_only_name_and_masked_number(
    login, officer, house_a, person_c
):
    from communitypolice.core.templatetags.masking import mask_id

    response = post(
        login(officer), form_data(house_a, id_number=person_c.id_number, birth_date="1990-01-01")
    )
    error = response.context["form"].errors["id_number"][0]
    assert person_c.get_absolute_url() not in error and "东湖" not in error
    assert person_c.name in error and mask_id(person_c.id_number) in error
    assert reverse("residents:move_create") in error
    assert Person.objects.count() == 1


def test_a_floating_resident_needs_an_arrival_date(login, officer, house_a):
    response = post(login(officer), form_data(house_a, category="floating"))
    assert "arrival_date" in response.context["form"].errors


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "abc"])
def test_a_wrong_phone_number_is_refused(login, officer, house_a, phone):
    response = post(login(officer), form_data(house_a, phone=phone))
    assert "phone" in response.context["form"].errors


def test_passports_are_not_checked_as_resident_ids(login, officer, house_a):
    response = post(
        login(officer),
        form_data(
            house_a,
            name="John Smith",
            id_type="passport",
            id_number="E12345678",
            category="foreign",
            birth_date="1980-01-01",
            gender="M",
        ),
    )
    assert response.status_code == 302
    assert Person.objects.get().name_pinyin == "johnsmith"


def test_a_stale_edit_is_refused_with_the_entries_kept(login, officer, chief, person_a):
    url = reverse("residents:person_edit", args=[person_a.pk])
    opened = {
        **form_data(person_a.house, id_number=person_a.id_number, name="张三"),
        "version": person_a.version,
    }
    login(chief).post(url, {**opened, "occupation": "厨师"})
    response = login(officer).post(url, {**opened, "occupation": "司机"})
    assert response.context["form"].conflict is not None
    assert "司机" in response.content.decode()
    person_a.refresh_from_db()
    assert person_a.occupation == "厨师"

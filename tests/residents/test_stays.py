"""居住史: a person's stays, written by registering, moving house, moving out and closing,
and a rental's tenants counted from the people registered in it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assignments.history import EndReason
from places.models import HouseState, HouseUse
from residents import services
from residents.models import Person, Stay, beat_on
from tests.residents.test_register import form_data

BEIJING = ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day, hour=9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING), tick=False
    )


def spans(person):
    return [
        (
            stay.house_id,
            stay.beat_id,
            stay.category,
            stay.valid_from,
            stay.valid_to,
            stay.end_reason,
        )
        for stay in Stay.objects.filter(person=person).order_by("valid_from", "pk")
    ]


@pytest.fixture
def registered(login, officer, house_a):
    """Registered through the page on 3 March 2026, with the ledger's date of 2019."""
    with at(D(2026, 3, 3)):
        login(officer).post(
            reverse("residents:person_create"), form_data(house_a, registered_on="2019-06-01")
        )
    return Person.objects.get(name="王小明")


def test_registering_opens_a_stay_from_the_ledgers_date(registered, house_a):
    assert registered.registered_on == D(2019, 6, 1)
    assert spans(registered) == [
        (house_a.pk, house_a.beat_id, "registered", D(2019, 6, 1), None, "")
    ]


def test_an_empty_registration_date_is_today_in_beijing(login, officer, house_a):
    # 23:30 in Beijing is still 15:30 UTC the same day; 00:30 is the day before in UTC.
    with at(D(2026, 3, 4), hour=0):
        login(officer).post(reverse("residents:person_create"), form_data(house_a))
    assert Person.objects.get().registered_on == D(2026, 3, 4)


def test_a_registration_date_in_the_future_saves_nothing(login, officer, house_a):
    with at(D(2026, 3, 3)):
        response = login(officer).post(
            reverse("residents:person_create"), form_data(house_a, registered_on="2026-03-04")
        )
    assert "registered_on" in response.context["form"].errors
    assert not Person.objects.exists()


def test_moving_house_ends_the_stay_the_day_before(registered, house_a, house_c):
    with at(D(2026, 5, 10)):
        services.move_person(person=registered, house=house_c, relationship="other")
    assert spans(registered) == [
        (house_a.pk, house_a.beat_id, "registered", D(2019, 6, 1), D(2026, 5, 9), "moved_house"),
        (house_c.pk, house_c.beat_id, "registered", D(2026, 5, 10), None, ""),
    ]
    beat_then = Person.objects.filter(pk=registered.pk).annotate(
        may=beat_on(D(2026, 5, 9), person="pk"), june=beat_on(D(2026, 6, 1), person="pk")
    )
    assert beat_then.values_list("may", "june").get() == (house_a.beat_id, house_c.beat_id)


def test_moving_out_ends_the_stay_before_the_status_date(registered):
    with at(D(2026, 5, 10)):
        services.change_status(
            person=registered, status=Person.ResidenceStatus.MOVED_OUT, on=D(2026, 4, 30)
        )
    assert spans(registered)[-1][3:] == (D(2019, 6, 1), D(2026, 4, 29), EndReason.MOVED_OUT)
    assert not Stay.objects.living_on(D(2026, 4, 30)).filter(person=registered).exists()
    assert Stay.objects.living_on(D(2026, 4, 29)).filter(person=registered).exists()


def test_coming_back_opens_a_new_stay(registered):
    with at(D(2026, 5, 10)):
        services.change_status(
            person=registered, status=Person.ResidenceStatus.MOVED_OUT, on=D(2026, 5, 1)
        )
    with at(D(2026, 8, 1)):
        services.change_status(
            person=registered, status=Person.ResidenceStatus.PRESENT, on=D(2026, 8, 1)
        )
    assert [(s[3], s[4]) for s in spans(registered)] == [
        (D(2019, 6, 1), D(2026, 4, 30)),
        (D(2026, 8, 1), None),
    ]


def test_a_change_of_category_on_the_day_is_one_stay(login, officer, house_a):
    with at(D(2026, 3, 3)):
        client = login(officer)
        client.post(reverse("residents:person_create"), form_data(house_a))
        person = Person.objects.get()
        response = client.post(
            reverse("residents:person_edit", args=[person.pk]),
            form_data(
                house_a, category="floating", arrival_date="2026-02-01", version=person.version
            ),
        )
    assert response.status_code == 302, response.context["form"].errors
    assert [(s[2], s[3], s[4]) for s in spans(person)] == [("floating", D(2026, 3, 3), None)]


def test_closing_ends_the_stay(registered, officer):
    with at(D(2026, 5, 10)):
        registered.close(by=officer, reason="重复登记")
    assert spans(registered)[-1][4:] == (D(2026, 5, 9), EndReason.CLOSED)


def test_a_person_entered_as_moved_out_lived_here_until_then(house_a):
    person = Person.objects.create(
        registered_on=D(2020, 1, 1),
        name="李迁",
        gender="M",
        birth_date=D(1980, 1, 1),
        id_number="110105198001011237",
        category="floating",
        house=house_a,
        beat=house_a.beat,
        residence_status=Person.ResidenceStatus.MOVED_OUT,
        status_date=D(2025, 7, 1),
    )
    assert spans(person) == [
        (house_a.pk, house_a.beat_id, "floating", D(2020, 1, 1), D(2025, 6, 30), "moved_out")
    ]


def test_a_rentals_tenants_are_the_people_registered_in_it(login, officer, house_c, person_c):
    # house_c: rented, one bedroom, the landlord declared 2; person_c lives there.
    house_c.refresh_from_db()
    assert (house_c.tenant_count, house_c.registered_tenants()) == (2, 1)
    page = login(officer).get(reverse("places:house_detail", args=[house_c.pk]))
    assert page.status_code == 404  # house C is another station's
    with at(D(2026, 6, 1)):
        for n in range(2):
            Person.objects.create(
                name=f"租客{n}",
                gender="F",
                birth_date=D(1995, 1, 1),
                id_number=f"11010519950101{n}00"[:17] + "X",
                category="floating",
                house=house_c,
                beat=house_c.beat,
            )
    house_c.refresh_from_db()
    assert house_c.tenant_count == 3  # three registered, more than the two declared
    assert HouseState.objects.current().get(house=house_c).tenant_count == 3


def test_the_house_page_says_when_more_tenants_are_declared_than_registered(login, chief, house_a):
    house_a.use = HouseUse.objects.get(code=HouseUse.RENTED)
    house_a.declared_tenants = 4
    house_a.save()
    page = login(chief).get(reverse("places:house_detail", args=[house_a.pk])).content.decode()
    assert "0 registered, 4 declared by the landlord" in page or "登记 0 人" in page

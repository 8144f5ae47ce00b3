"""Designations, follow-ups due, moves and status changes."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from communitypolice.core import periods
from places.models import House
from residents.models import KeyPersonDesignation, Person
from tests.places.fixtures import use

pytestmark = pytest.mark.django_db


def test_next_follow_up_and_overdue(key_designation_a):
    today = periods.today()
    assert key_designation_a.next_due == today - datetime.timedelta(days=10)
    assert key_designation_a.is_overdue
    assert list(KeyPersonDesignation.objects.overdue()) == [key_designation_a]
    key_designation_a.last_followup = today
    key_designation_a.save(update_fields=["last_followup"])
    assert not KeyPersonDesignation.objects.overdue().exists()


def test_overdue_filter_on_the_list(login, officer, person_a, key_designation_a):
    response = login(officer).get(reverse("residents:person_list"), {"designation": "overdue"})
    assert list(response.context["object_list"]) == [person_a]


def test_designating_a_key_person(login, officer, person_a):
    response = login(officer).post(
        reverse("residents:designate", args=[person_a.pk, "key"]),
        {
            "category": 1,
            "control_level": 1,
            "reason": "社区矫正",
            "start_date": "2026-01-01",
            "interval_days": 7,
            "responsible_officer": officer.pk,
        },
    )
    assert response.status_code == 302
    designation = person_a.key_designations.get()
    assert designation.next_due == datetime.date(2026, 1, 8)


def test_only_officers_of_the_beat_can_be_responsible(
    login, officer, other_station_officer, person_a
):
    response = login(officer).post(
        reverse("residents:designate", args=[person_a.pk, "key"]),
        {
            "category": 1,
            "control_level": 1,
            "reason": "x",
            "start_date": "2026-01-01",
            "interval_days": 7,
            "responsible_officer": other_station_officer.pk,
        },
    )
    assert "responsible_officer" in response.context["form"].errors


def test_ending_a_designation_needs_a_reason(login, officer, key_designation_a):
    url = reverse("residents:end_designation", args=["key", key_designation_a.pk])
    client = login(officer)
    assert client.post(url, {"reason": ""}).status_code == 200
    key_designation_a.refresh_from_db()
    assert key_designation_a.end_date is None
    client.post(url, {"reason": "列管期满"})
    key_designation_a.refresh_from_db()
    assert key_designation_a.end_date == periods.today()
    assert key_designation_a.end_reason == "列管期满"


def test_moving_to_another_beat_changes_the_beat_and_is_audited(
    login, chief, person_a, rooms_a, beat_b
):
    from places import services
    from places.models import Address

    entrance_b = services.add_address(
        parent=rooms_a[0].parent_address().parent_address(),
        level=Address.Level.ENTRANCE,
        name="9单元",
        code="E9",
        beat=beat_b,
    )
    room_b = services.add_address(
        parent=entrance_b, level=Address.Level.ROOM, name="901室", code="R9"
    )
    house_b = House.objects.create(address=room_b, beat=beat_b, use=use("owner"))
    response = login(chief).post(
        reverse("residents:person_move", args=[person_a.pk]),
        {"house": house_b.pk, "relationship": "head"},
    )
    person_a.refresh_from_db()
    assert response.status_code == 302
    assert (person_a.house, person_a.beat) == (house_b, beat_b)
    assert LogEntry.objects.get_for_object(person_a).latest("pk").changes_dict["beat"] == [
        "和平街第一警务区",
        "和平街第二警务区",
    ]


def test_moving_out_keeps_the_record_but_leaves_the_list(login, officer, person_a):
    client = login(officer)
    client.post(
        reverse("residents:person_status", args=[person_a.pk]),
        {"residence_status": "moved_out", "status_date": str(periods.today())},
    )
    person_a.refresh_from_db()
    assert person_a.residence_status == Person.ResidenceStatus.MOVED_OUT
    assert not client.get(reverse("residents:person_list")).context["object_list"]
    shown = client.get(reverse("residents:person_list"), {"residence_status": "moved_out"})
    assert list(shown.context["object_list"]) == [person_a]


def test_a_status_date_in_the_future_is_refused(login, officer, person_a):
    tomorrow = periods.today() + datetime.timedelta(days=1)
    response = login(officer).post(
        reverse("residents:person_status", args=[person_a.pk]),
        {"residence_status": "deceased", "status_date": str(tomorrow)},
    )
    assert "status_date" in response.context["form"].errors
    person_a.refresh_from_db()
    assert person_a.residence_status == Person.ResidenceStatus.PRESENT


def test_people_follow_their_address_to_another_beat(person_a, community_a, beat_b):
    from places import services

    services.update_address(
        address=community_a, name=community_a.name, code=community_a.code, beat_override=beat_b
    )
    person_a.refresh_from_db()
    assert person_a.beat == beat_b


def test_household_and_building_map_show_residents(login, officer, person_a, building_a):
    client = login(officer)
    household = client.get(reverse("residents:household", args=[person_a.house_id]))
    assert "张三" in household.content.decode()
    grid = client.get(building_a.get_absolute_url()).context["grid"]
    room = grid["floors"][-1][1][0][0]
    assert room.house.resident_count == 1


def test_permits_expiring_list(login, officer, person_a):
    person_a.category = Person.Category.FLOATING
    person_a.permit_expiry = periods.today() + datetime.timedelta(days=10)
    person_a.save()
    content = login(officer).get(reverse("residents:permits_expiring")).content.decode()
    assert "张三" in content


def test_a_house_owner_can_be_a_registered_person(login, officer, person_a, house_a):
    person_a.owned_houses.add(house_a)
    content = login(officer).get(house_a.get_absolute_url()).content.decode()
    assert person_a.get_absolute_url() in content

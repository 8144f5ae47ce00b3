import datetime

import pytest
from django.urls import reverse

from communitypolice.core import periods
from places.models import House
from tests.places.fixtures import use

pytestmark = pytest.mark.django_db


def form_data(room, **changes):
    data = {
        "address": room.pk,
        "use": use("owner").pk,
        "owner_name": "王芳",
        "room_count": 1,
        "declared_tenants": 0,
    }
    return {**data, **changes}


def test_renting_one_room_to_twelve_tenants_makes_a_group_rental(login, officer, rooms_a):
    client = login(officer)
    response = client.post(
        reverse("places:house_create"),
        form_data(rooms_a[1], use=use("rented").pk, declared_tenants=12, landlord_contact="王芳"),
    )
    house = House.objects.get()
    assert response.status_code == 302
    assert house.is_group_rental

    listed = client.get(reverse("places:house_list"), {"group_rental": "on"}).context["object_list"]
    assert list(listed) == [house]


def test_two_tenants_in_one_room_are_not_a_group_rental(house_a):
    house_a.use, house_a.declared_tenants = use("rented"), 2
    house_a.save()
    assert not House.objects.group_rentals().exists()
    assert not house_a.is_group_rental


def test_a_wrong_owner_id_number_saves_nothing(login, officer, rooms_a):
    response = login(officer).post(
        reverse("places:house_create"), form_data(rooms_a[1], owner_id_number="110105194912310021")
    )
    assert "owner_id_number" in response.context["form"].errors
    assert not House.objects.exists()


def test_tenants_only_for_a_rented_house(login, officer, rooms_a):
    response = login(officer).post(
        reverse("places:house_create"), form_data(rooms_a[1], declared_tenants=3)
    )
    assert "declared_tenants" in response.context["form"].errors


def test_contracts_ending_within_thirty_days(login, officer, rooms_a, house_a):
    today = periods.today()
    soon = House.objects.create(
        address=rooms_a[1],
        beat=rooms_a[1].beat,
        use=use("rented"),
        declared_tenants=1,
        contract_end=today + datetime.timedelta(days=20),
    )
    House.objects.create(
        address=rooms_a[2],
        beat=rooms_a[2].beat,
        use=use("rented"),
        declared_tenants=1,
        contract_end=today + datetime.timedelta(days=60),
    )
    listed = login(officer).get(reverse("places:house_list"), {"contract_ending": "on"})
    assert list(listed.context["object_list"]) == [soon]


def test_a_room_holds_one_house(login, officer, house_a):
    response = login(officer).post(reverse("places:house_create"), form_data(house_a.address))
    assert "address" in response.context["form"].errors


def test_house_list_masks_the_owners_phone(login, officer, house_a):
    house_a.owner_phone = "13812345678"
    house_a.save()
    content = login(officer).get(reverse("places:house_list")).content.decode()
    assert "138****5678" in content and "13812345678" not in content

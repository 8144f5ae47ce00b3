"""Scoping of the places registers beyond tests/test_permissions.py (which walks every
URL × role): a list holds exactly the user's beats, and a form cannot reach outside them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_lists_show_only_the_users_beats(
    login, officer, house_a, house_c, organization_a, organization_c, item_a, item_c
):
    client = login(officer)
    assert list(client.get(reverse("places:house_list")).context["object_list"]) == [house_a]
    assert list(client.get(reverse("places:organization_list")).context["object_list"]) == [
        organization_a
    ]
    assert list(client.get(reverse("places:item_list")).context["object_list"]) == [item_a]


def test_a_form_cannot_attach_a_record_to_an_address_outside_scope(login, officer, room_c):
    response = login(officer).post(
        reverse("places:organization_create"),
        {"name": "越界单位", "type": 1, "address": room_c.pk},
    )
    assert response.status_code == 200
    assert "address" in response.context["form"].errors

"""Every URL of the places app: anonymous → login, out of scope → 404, wrong role → 403."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (url name, fixture of the record in beat A or None, method)
RECORD_URLS = [
    ("places:address_detail", "building_a", "get"),
    ("places:address_create", "building_a", "get"),
    ("places:address_edit", "building_a", "get"),
    ("places:house_detail", "house_a", "get"),
    ("places:house_edit", "house_a", "get"),
    ("places:house_verify", "house_a", "post"),
    ("places:house_close", "house_a", "post"),
    ("places:organization_detail", "organization_a", "get"),
    ("places:organization_edit", "organization_a", "get"),
    ("places:organization_verify", "organization_a", "post"),
    ("places:organization_close", "organization_a", "post"),
    ("places:item_detail", "item_a", "get"),
    ("places:item_edit", "item_a", "get"),
    ("places:item_verify", "item_a", "post"),
    ("places:item_close", "item_a", "post"),
]
PAGE_URLS = [
    "places:address_browse",
    "places:house_list",
    "places:organization_list",
    "places:item_list",
    "places:house_create",
    "places:organization_create",
    "places:item_create",
]


def request_as(client, method, url):
    return getattr(client, method)(url, {"reason": "测试"} if method == "post" else None)


@pytest.mark.parametrize(("url_name", "record", "method"), RECORD_URLS)
@pytest.mark.parametrize("who", ["colleague", "other_station_officer", "other_chief", "analyst"])
def test_records_outside_scope_answer_404(request, login, url_name, record, method, who):
    obj = request.getfixturevalue(record)
    client = login(request.getfixturevalue(who))
    response = request_as(client, method, reverse(url_name, args=[obj.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(("url_name", "record", "method"), RECORD_URLS)
@pytest.mark.parametrize("who", ["officer", "chief"])
def test_records_in_scope_are_reachable(request, login, url_name, record, method, who):
    obj = request.getfixturevalue(record)
    client = login(request.getfixturevalue(who))
    response = request_as(client, method, reverse(url_name, args=[obj.pk]))
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("url_name", "record", "method"), RECORD_URLS)
def test_anonymous_visitors_are_sent_to_login(request, client, url_name, record, method):
    obj = request.getfixturevalue(record)
    response = request_as(client, method, reverse(url_name, args=[obj.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url_name", PAGE_URLS)
def test_analysts_have_no_register_pages(login, analyst, url_name):
    response = login(analyst).get(reverse(url_name))
    # Lists answer with nothing in them; forms are refused outright.
    if url_name.endswith("_create"):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.context["object_list" if "list" in url_name else "addresses"].count() == 0


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

"""The pickers of addresses, houses, organisations and items: found by what an officer
types, within their beats, with the whole address (楼/单元/室); the forms that pick them
render a district without listing it, and refuse a record from outside the beats."""

import pytest
from django.urls import reverse

from communitypolice.core.pickers import SHOWN
from places.models import Address, House, Item, ItemKind, Organization
from tests.pickers import offered, options, pickers, search
from tests.places.test_houses import form_data as house_data
from tests.places.test_organizations import form_data as organization_data

pytestmark = pytest.mark.django_db


def found(client, url_name, text, field="f", **params):
    response = search(client, reverse(url_name), field, text, **params)
    return [choice.title for choice in response.context["results"]]


def test_houses_are_found_by_any_part_of_their_address_or_by_owner(
    login, officer, house_a, house_c
):
    client = login(officer)
    room = "示范市和平区和平街道樱花社区樱花园小区1号楼1单元101室"
    assert found(client, "places:house_pick", "1单元101") == [room]
    assert found(client, "places:house_pick", "王芳") == [room]  # the owner
    assert found(client, "places:house_pick", "东湖") == []  # beat C, the other station


def test_a_house_reads_with_its_use_and_owner(login, officer, house_a):
    response = search(login(officer), reverse("places:house_pick"), "house", "樱花园")
    assert "自住 · 产权人 王芳" in response.content.decode()


def test_organisations_are_found_by_name_code_or_address(
    login, officer, organization_a, organization_c
):
    client = login(officer)
    assert found(client, "places:organization_pick", "便利") == ["樱花便利店"]
    assert found(client, "places:organization_pick", "樱花园小区1号楼") == ["樱花便利店"]
    assert found(client, "places:organization_pick", "网络会所") == []  # beat C


def test_items_are_found_by_identifier_or_address(login, officer, item_a, item_c):
    client = login(officer)
    assert found(client, "places:item_pick", "cam-1") == ["视频监控 CAM-1"]
    assert found(client, "places:item_pick", "樱花园") == ["视频监控 CAM-1"]
    assert found(client, "places:item_pick", "浙A") == []  # beat C


def test_an_address_picker_offers_the_levels_its_field_takes(login, officer, rooms_a, room_c):
    client = login(officer)
    building = "示范市和平区和平街道樱花社区樱花园小区1号楼"
    assert found(client, "places:address_pick", "1号楼") == [
        building,
        f"{building}1单元",
        *[f"{building}1单元{room}" for room in ("101室", "102室", "201室")],
    ]
    rooms = found(client, "places:address_pick", "1号楼", top=Address.Level.ROOM)
    assert rooms == [f"{building}1单元{room}" for room in ("101室", "102室", "201室")]
    assert found(client, "places:address_pick", "东湖") == []  # beat C
    # Above the beats: the sub-district itself is no address a record can have.
    assert "示范市和平区和平街道" not in found(client, "places:address_pick", "和平街道")


def test_at_district_size_twenty_are_shown_in_a_few_queries(
    login, officer, district_a, django_assert_max_num_queries
):
    client = login(officer)
    for url_name, text in [
        ("places:address_pick", "梅林"),
        ("places:house_pick", "1单元101室"),
        ("places:organization_pick", "梅林商店"),
        ("places:item_pick", "MLC"),
    ]:
        with django_assert_max_num_queries(8):
            response = search(client, reverse(url_name), "f", text)
        assert len(response.context["results"]) == SHOWN and response.context["more"]
        assert "请继续输入以缩小范围" in response.content.decode()


@pytest.fixture
def camera_a(district_a):
    """An item of the district, owned by one of its shops, to edit."""
    item = Item.objects.filter(beat=district_a["street"].beat).order_by("pk").first()
    item.owner_organization = district_a["organizations"][0]
    item.save(update_fields=["owner_organization"])
    return item


PAGES = {
    # page: (its URL, the pickers it shows, the most queries it may cost)
    "house_create": (lambda d, item: reverse("places:house_create"), 1, 9),
    "house_edit": (lambda d, item: reverse("places:house_edit", args=[d["houses"][7].pk]), 1, 12),
    "organization_create": (lambda d, item: reverse("places:organization_create"), 1, 9),
    "organization_edit": (
        lambda d, item: reverse("places:organization_edit", args=[d["organizations"][3].pk]),
        1,
        12,
    ),
    "item_create": (lambda d, item: reverse("places:item_create"), 2, 9),
    "item_edit": (lambda d, item: reverse("places:item_edit", args=[item.pk]), 2, 13),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_forms_render_a_district_without_listing_it(
    login, officer, district_a, camera_a, page, django_assert_max_num_queries
):
    url, shown, queries = PAGES[page]
    client = login(officer)
    with django_assert_max_num_queries(queries):
        response = client.get(url(district_a, camera_a))
    assert response.status_code == 200
    content = response.content.decode()
    assert pickers(content) == shown
    assert options(content) <= 50 and offered(content) <= 50


def test_a_house_of_the_district_shows_its_whole_address_when_edited(login, officer, district_a):
    house = district_a["houses"][7]
    response = login(officer).get(reverse("places:house_edit", args=[house.pk]))
    assert "示范市梅林区梅林街道梅林1区1号楼1单元402室" in response.content.decode()


def test_a_room_outside_the_beats_is_refused_next_to_the_field(login, officer, room_c):
    response = login(officer).post(reverse("places:house_create"), house_data(room_c))
    assert response.status_code == 200
    assert "不在您的警务区内" in response.context["form"].errors["address"][0]
    assert not House.objects.exists()


def test_a_building_is_no_address_for_a_house(login, officer, building_a):
    response = login(officer).post(reverse("places:house_create"), house_data(building_a))
    assert "address" in response.context["form"].errors


def test_an_organisation_at_an_address_outside_the_beats_is_refused(login, officer, room_c):
    response = login(officer).post(reverse("places:organization_create"), organization_data(room_c))
    assert "不在您的警务区内" in response.context["form"].errors["address"][0]
    assert not Organization.objects.exists()


def test_an_item_owned_by_an_organisation_outside_the_beats_is_refused(
    login, officer, building_a, organization_c
):
    data = {
        "kind": ItemKind.objects.get(code="vehicle").pk,
        "identifier": "浙A99999",
        "owner_organization": organization_c.pk,
        "address": building_a.pk,
        "status": "in_use",
    }
    response = login(officer).post(reverse("places:item_create"), data)
    assert "不在您的警务区内" in response.context["form"].errors["owner_organization"][0]
    assert "东湖网络会所" not in response.content.decode()
    assert not Item.objects.filter(identifier="浙A99999").exists()

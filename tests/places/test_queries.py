"""Lists and the building map cost the same number of queries whatever their size."""

import pytest
from django.urls import reverse

from places import services
from places.models import Address, House, Item, ItemKind, Organization, OrganizationType
from tests.places.fixtures import use

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_rooms(building_a):
    rooms = []
    for e in (1, 2):
        entrance = services.add_address(
            parent=building_a, level=Address.Level.ENTRANCE, name=f"{e}单元", code=f"E{e}"
        )
        for floor in range(1, 7):
            for door in (1, 2):
                room = services.add_address(
                    parent=entrance,
                    level=Address.Level.ROOM,
                    name=f"{floor}0{door}室",
                    code=f"E{e}-{floor}{door}",
                )
                House.objects.create(
                    address=room, beat=room.beat, use=use("rented"), declared_tenants=floor
                )
                rooms.append(room)
    return rooms


def test_building_map_shows_every_room_coloured_in_few_queries(
    login, officer, building_a, many_rooms, django_assert_max_num_queries
):
    client = login(officer)
    with django_assert_max_num_queries(24):
        response = client.get(building_a.get_absolute_url())
    grid = response.context["grid"]
    assert [floor for floor, _ in grid["floors"]] == [6, 5, 4, 3, 2, 1]
    assert sum(len(rooms) for _, cells in grid["floors"] for rooms in cells) == 24
    assert response.content.decode().count("room-tile btn btn-sm btn-warning") == 24


@pytest.mark.parametrize(
    "url_name", ["places:house_list", "places:organization_list", "places:item_list"]
)
def test_list_query_count_does_not_grow_with_rows(
    login, officer, many_rooms, building_a, url_name, django_assert_max_num_queries
):
    for n in range(30):
        org = Organization.objects.create(
            name=f"单位{n}",
            type=OrganizationType.objects.get(code="enterprise"),
            address=building_a,
            beat=building_a.beat,
        )
        Item.objects.create(
            kind=ItemKind.objects.get(code="vehicle"),
            identifier=f"浙A{n:05d}",
            address=building_a,
            beat=building_a.beat,
            owner_organization=org,
        )
    client = login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert len(response.context["object_list"]) == 24 if url_name == "places:house_list" else 25


def test_building_map_query_count_is_the_same_for_a_small_building(
    login, officer, building_a, rooms_a, django_assert_num_queries
):
    """The fixture building has 3 rooms; the query count above is for 24."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer)
    client.get(building_a.get_absolute_url())  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(building_a.get_absolute_url())
    entrance = rooms_a[0].parent_address()
    for n in range(20):
        room = services.add_address(
            parent=entrance, level=Address.Level.ROOM, name=f"{n + 3}01室", code=f"extra{n}"
        )
        House.objects.create(address=room, beat=room.beat, use=use("owner"))
    with django_assert_num_queries(len(small)):
        client.get(building_a.get_absolute_url())

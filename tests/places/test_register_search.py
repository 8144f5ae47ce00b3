"""The registers' search boxes find a record by part of its address, of a name or of a
number, within the user's beats only (``RegisterQuerySet.search``: the address is looked
up first, then matched with the record's own fields)."""

import pytest
from django.urls import reverse

from incidents.models import Incident
from places.models import House
from tests.incidents.fixtures import new_incident

pytestmark = pytest.mark.django_db


def found(client, url_name, text):
    page = client.get(reverse(url_name), {"q": text})
    assert page.status_code == 200
    return page.content.decode()


def test_a_house_is_found_by_part_of_its_address_or_its_owner_in_the_officers_beats(
    login, officer, house_a, house_c
):
    client = login(officer)
    # Both houses are 1单元101室 of a 1号楼; the officer's beat holds only house A.
    page = found(client, "places:house_list", "1单元101室")
    assert house_a.get_absolute_url() in page
    assert house_c.get_absolute_url() not in page
    assert house_a.get_absolute_url() in found(client, "places:house_list", "樱花园")
    assert house_a.get_absolute_url() in found(client, "places:house_list", "王芳")
    assert house_a.get_absolute_url() not in found(client, "places:house_list", "东湖花园")


def test_an_incident_is_found_by_its_number_summary_or_address(
    login, officer, chief, incident_a, room_c, other_station_officer
):
    from incidents.services import register_incident

    elsewhere = register_incident(
        incident=new_incident(room_c, other_station_officer), by=other_station_officer
    )
    client = login(officer)
    url = incident_a.get_absolute_url()
    # Part of the number, in lower case as typed on a phone.
    assert url in found(client, "incidents:incident_list", incident_a.number[-9:].lower())
    assert url in found(client, "incidents:incident_list", "老人走失")
    assert url in found(client, "incidents:incident_list", "樱花园小区1号楼")
    assert url not in found(client, "incidents:incident_list", "东湖花园")
    # The same summary in another station's beat is not the officer's to find.
    assert elsewhere.get_absolute_url() not in found(client, "incidents:incident_list", "老人走失")
    assert Incident.objects.search("老人走失").count() == 2


def test_the_search_reads_each_field_and_the_address_once(officer, house_a, house_c):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        houses = list(House.objects.visible_to(officer).search("101室"))
    assert houses == [house_a]
    assert len(queries.captured_queries) == 1  # the addresses are a subquery, not a query

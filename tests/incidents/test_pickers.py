"""The forms of incidents, disputes, tips and visits pick people, houses, addresses,
organisations and items by searching: at a district's size they list none of them,
cost a fixed number of queries, and refuse a record from outside the user's beats."""

import datetime

import pytest
from django.urls import reverse

from communitypolice.core import periods
from incidents.models import Dispute, Incident, IncidentParty, Tip, Visit
from tests.pickers import offered, options, pickers, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_dispute(district_people, building_a, officer):
    dispute = Dispute.objects.create(
        type=Dispute.Type.NEIGHBOUR,
        parties="楼上楼下两户",
        address=building_a,
        beat=building_a.beat,
        description="噪音纠纷",
        responsible_officer=officer,
    )
    dispute.persons.set(district_people[:2])
    return dispute


def visit_of(person):
    return f"{reverse('incidents:visit_create')}?person={person.pk}"


PAGES = {
    # page: (its URL, the pickers it shows, the most queries it may cost)
    "incident_create": (lambda r: reverse("incidents:incident_create"), 3, 10),
    "incident_edit": (lambda r: reverse("incidents:incident_edit", args=[r["incident"].pk]), 3, 15),
    "incident_detail": (lambda r: r["incident"].get_absolute_url(), 1, 15),  # 添加当事人
    "dispute_create": (lambda r: reverse("incidents:dispute_create"), 2, 9),
    "dispute_edit": (lambda r: reverse("incidents:dispute_edit", args=[r["dispute"].pk]), 2, 14),
    "tip_create": (lambda r: reverse("incidents:tip_create"), 3, 9),
    "tip_edit": (lambda r: reverse("incidents:tip_edit", args=[r["tip"].pk]), 3, 15),
    "visit_create": (lambda r: visit_of(r["person"]), 3, 8),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_forms_render_a_district_without_listing_it(
    login,
    officer,
    district_people,
    incident_a,
    district_dispute,
    warning_tip_a,
    page,
    django_assert_max_num_queries,
):
    records = {
        "incident": incident_a,
        "dispute": district_dispute,
        "tip": warning_tip_a,
        "person": district_people[5],
    }
    url, shown, queries = PAGES[page]
    client = login(officer)
    with django_assert_max_num_queries(queries):
        response = client.get(url(records))
    assert response.status_code == 200
    content = response.content.decode()
    assert pickers(content) == shown
    assert options(content) <= 50 and offered(content) <= 50


def test_the_visit_form_opens_with_the_person_from_the_queue_chosen(
    login, officer, district_people
):
    person = district_people[5]
    content = login(officer).get(visit_of(person)).content.decode()
    assert f'name="persons" value="{person.pk}" id="id_persons-{person.pk}" checked' in content
    assert person.house.address.full_name in content


def test_the_visit_form_finds_a_house_by_part_of_its_address(login, officer, house_a, house_c):
    client = login(officer)
    response = search(client, reverse("places:house_pick"), "houses", "1单元101室", many="1")
    assert [choice.pk for choice in response.context["results"]] == [house_a.pk]
    assert f'type="checkbox" name="houses" value="{house_a.pk}"' in response.content.decode()
    # A field that takes one house (as its widget asks: many=0) offers radio buttons.
    response = search(client, reverse("places:house_pick"), "house", "1单元101室", many="0")
    assert f'type="radio" name="house" value="{house_a.pk}"' in response.content.decode()


def now():
    return periods.local().strftime("%Y-%m-%dT%H:%M")


def test_a_visit_to_a_house_outside_the_beats_is_refused_next_to_the_field(
    login, officer, house_a, house_c
):
    response = login(officer).post(
        reverse("incidents:visit_create"),
        {
            "kind": "routine",
            "visited_at": now(),
            "houses": [house_a.pk, house_c.pk],
            "findings": "x",
        },
    )
    assert "已被移除" in response.context["form"].errors["houses"][0]
    content = response.content.decode()
    assert house_a.address.full_name in content and house_c.address.full_name not in content
    assert not Visit.objects.exists()


def test_a_tip_about_a_person_outside_the_beats_is_refused(
    login, officer, beat_a, person_a, person_c
):
    response = login(officer).post(
        reverse("incidents:tip_create"),
        {
            "level": Tip.Level.SIGN,
            "category": "可疑人员",
            "content": "陌生人踩点",
            "source": Tip.Source.PUBLIC,
            "beat": beat_a.pk,
            "persons": [person_a.pk, person_c.pk],
        },
    )
    assert "已被移除" in response.context["form"].errors["persons"][0]
    assert not Tip.objects.exists()


def test_an_incident_with_an_organisation_outside_the_beats_is_refused(
    login, officer, building_a, organization_c
):
    reported = periods.local() - datetime.timedelta(minutes=30)
    response = login(officer).post(
        reverse("incidents:incident_create"),
        {
            "type": 4,
            "reported_at": reported.strftime("%Y-%m-%dT%H:%M"),
            "address": building_a.pk,
            "summary": "老人走失",
            "handling_officer": officer.pk,
            "organizations": [organization_c.pk],
        },
    )
    assert "已被移除" in response.context["form"].errors["organizations"][0]
    assert "东湖网络会所" not in response.content.decode()
    assert not Incident.objects.exists()


def test_a_party_outside_the_beats_is_refused_and_not_added(
    login, officer, incident_a, person_a, person_c
):
    client = login(officer)
    url = reverse("incidents:incident_add_party", args=[incident_a.pk])
    response = client.post(url, {"role": "witness", "person": person_c.pk}, follow=True)
    assert "不在您的警务区内" in response.content.decode()
    assert not IncidentParty.objects.exists()
    client.post(url, {"role": "witness", "person": person_a.pk})
    assert [party.person for party in incident_a.parties.all()] == [person_a]

""" "People" means one thing wherever they are counted: in the register and living here
(away counts, moved out, deceased and closed records do not). The resident list, the
chief's population card, the beat figures and the freshness queue agree."""

import datetime

import pytest
from django.urls import reverse

from communitypolice.core.figures import beat_figures_for
from places.models import HOUSE_ANNOTATIONS, House
from residents.models import Person
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(house_a, officer):
    """Five people in beat A's house: two live here (one away), three do not."""
    status = Person.ResidenceStatus
    made = {}
    for n, (name, residence) in enumerate(
        [
            ("在住", status.PRESENT),
            ("外出", status.AWAY),
            ("迁出", status.MOVED_OUT),
            ("死亡", status.DECEASED),
            ("重复登记", status.PRESENT),
        ]
    ):
        made[name] = Person.objects.create(
            name=name,
            gender="F",
            birth_date=datetime.date(1990, 5, 1),
            id_number=resident_id(birth="19900501", sequence=f"{n + 400:03d}"),
            category=Person.Category.FLOATING,
            residence_status=residence,
            house=house_a,
            beat=house_a.beat,
        )
    made["重复登记"].close(by=officer, reason="重复登记")
    return made


def test_the_resident_list_shows_the_living_only(login, officer, people):
    response = login(officer).get(reverse("residents:person_list"))
    assert {p.name for p in response.context["object_list"]} == {"在住", "外出"}


def test_a_closed_record_stays_out_of_the_list_whatever_the_status_asked(login, officer, people):
    response = login(officer).get(reverse("residents:person_list"), {"residence_status": "present"})
    assert {p.name for p in response.context["object_list"]} == {"在住"}


def test_the_population_card_counts_the_living(login, chief, people):
    card = login(chief).get(reverse("reports:station_overview")).context["population"]
    assert card["total"]["n"] == 2


def test_the_beat_figures_count_the_living(beat_a, people):
    figures = beat_figures_for([beat_a])[beat_a.pk]
    assert (figures["people"], figures["floating"]) == (2, 2)


def test_the_building_map_counts_the_living_residents_of_a_room(house_a, people):
    house = House.objects.annotate(**HOUSE_ANNOTATIONS).get(pk=house_a.pk)
    assert house.resident_count == 2

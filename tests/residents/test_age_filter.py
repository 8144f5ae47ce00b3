"""The resident list's age filter on the days that trip a calendar up: 29 February of a
leap year, and 28 February / 1 March of a year without one. A person born on 29 February
turns a year older on 1 March in a year without one (see ``periods.age``)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from communitypolice.core import periods
from residents.models import Person
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db

D = datetime.date

# name: date of birth
PEOPLE = {
    "leap_2008": D(2008, 2, 29),
    "leap_2012": D(2012, 2, 29),
    "born_2010_02_28": D(2010, 2, 28),
    "born_2010_03_01": D(2010, 3, 1),
    "born_2009_03_01": D(2009, 3, 1),
    "born_2009_03_02": D(2009, 3, 2),
    "leap_1968": D(1968, 2, 29),
    "born_1968_03_01": D(1968, 3, 1),
    "born_1967_03_01": D(1967, 3, 1),
    "born_1967_03_02": D(1967, 3, 2),
}

# On each day, who falls in which band, worked out by hand.
EXPECTED = {
    D(2028, 2, 29): {
        "child": {"leap_2012", "born_2010_03_01"},  # 16; 17, a day short of 18
        "adult": {
            "leap_2008",  # 20 on the day itself
            "born_2010_02_28",  # 18 since yesterday
            "born_2009_03_01",
            "born_2009_03_02",
            "born_1968_03_01",  # 59, a day short of 60
        },
        "senior": {"leap_1968", "born_1967_03_01", "born_1967_03_02"},  # 60 today; 60; 60
    },
    D(2027, 2, 28): {
        "child": {
            "leap_2012",
            "born_2010_02_28",  # 17 today
            "born_2010_03_01",
            "born_2009_03_01",  # 17, 18 tomorrow
            "born_2009_03_02",
        },
        "adult": {
            "leap_2008",  # 18: no 29 February this year, 19 only tomorrow
            "leap_1968",
            "born_1968_03_01",
            "born_1967_03_01",  # 59, 60 tomorrow
            "born_1967_03_02",
        },
        "senior": set(),
    },
    D(2027, 3, 1): {
        "child": {"leap_2012", "born_2010_02_28", "born_2010_03_01", "born_2009_03_02"},
        "adult": {
            "leap_2008",  # 19 today, the day after 28 February
            "born_2009_03_01",  # 18 today
            "leap_1968",
            "born_1968_03_01",
            "born_1967_03_02",  # 59, 60 tomorrow
        },
        "senior": {"born_1967_03_01"},  # 60 today
    },
}


@pytest.fixture
def people(house_a):
    made = {}
    for n, (name, born) in enumerate(PEOPLE.items()):
        made[name] = Person.objects.create(
            name=name,
            gender="M",
            birth_date=born,
            id_number=resident_id(birth=f"{born:%Y%m%d}", sequence=f"{n + 300:03d}"),
            category=Person.Category.REGISTERED,
            house=house_a,
            beat=house_a.beat,
        )
    return made


def names_listed(client, band):
    response = client.get(reverse("residents:person_list"), {"age_band": band})
    assert response.status_code == 200
    return {person.name for person in response.context["object_list"]}


@pytest.mark.parametrize("day", list(EXPECTED), ids=str)
def test_the_age_bands_hold_on_leap_days_and_around_them(login, officer, people, day):
    # Half past midnight in Beijing, while UTC is still on the day before.
    with time_machine.travel(periods.at(day, datetime.time(0, 30)), tick=False):
        client = login(officer)
        for band, expected in EXPECTED[day].items():
            assert names_listed(client, band) == expected, band


@pytest.mark.parametrize("day", list(EXPECTED), ids=str)
def test_a_persons_age_agrees_with_the_band_they_are_listed_in(people, day):
    bands = {"child": range(0, 18), "adult": range(18, 60), "senior": range(60, 201)}
    with time_machine.travel(periods.at(day, datetime.time(23, 30)), tick=False):
        for band, names in EXPECTED[day].items():
            for name in names:
                assert people[name].age in bands[band], (name, people[name].age)

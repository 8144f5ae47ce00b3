"""警力配置: the workload index and recommended officers, computed by hand here from
records built one by one, against what the advisor and its page say."""

import datetime
import math

import pytest
from django.urls import reverse

from assignments.models import AllocationRule, Assignment, Beat
from assignments.workload import allocations
from communitypolice.core import periods
from incidents.models import Dispute
from incidents.services import register_incident
from places import services as places
from places.models import Address, House, HouseUse, Organization, OrganizationType
from residents.models import KeyPersonCategory, KeyPersonDesignation, Person
from tests.factories import AssignmentFactory, UserFactory
from tests.incidents.fixtures import new_incident
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db

# The branch bureau's weights and the workload one officer carries, for these tests.
WEIGHTS = {
    "people": 2,
    "floating": 3,
    "houses": 0,
    "rentals": 5,
    "organizations": 4,
    "key_persons": 60,
    "incidents": 15,
    "disputes": 25,
}
PER_OFFICER = 40


def rooms(parent, prefix, count, beat=None):
    """``count`` rooms in a new entrance under ``parent`` (a building, or a community)."""
    node = parent
    if parent.level < Address.Level.BUILDING:
        for level in (Address.Level.COMPOUND, Address.Level.BUILDING):
            node = places.add_address(
                parent=node, level=level, name=f"{prefix}{level}", code=f"{prefix}-{level}"
            )
    entrance = places.add_address(
        parent=node, level=Address.Level.ENTRANCE, name=f"{prefix}单元", code=f"{prefix}-E"
    )
    return [
        places.add_address(
            parent=entrance, level=Address.Level.ROOM, name=f"{n}室", code=f"{prefix}-{n}"
        )
        for n in range(count)
    ]


def house(room, use="rented", **fields):
    return House.objects.create(
        address=room, beat=room.beat, use=HouseUse.objects.get(code=use), **fields
    )


_sequence = iter(range(100, 999))


def person(home, **fields):
    return Person.objects.create(
        name="居民",
        gender="F",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(sequence=str(next(_sequence))),
        category=fields.pop("category", Person.Category.REGISTERED),
        house=home,
        beat=home.beat,
        **fields,
    )


def key_person(who, officer, start=None, end=None):
    return KeyPersonDesignation.objects.create(
        person=who,
        category=KeyPersonCategory.objects.get(code="released"),
        control_level=2,
        reason="刑满释放",
        interval_days=30,
        responsible_officer=officer,
        start_date=start or periods.today() - datetime.timedelta(days=10),
        end_date=end,
    )


def dispute(address, officer, days_ago):
    return Dispute.objects.create(
        type="neighbour",
        parties="甲乙",
        description="噪音",
        address=address,
        beat=address.beat,
        responsible_officer=officer,
        found_on=periods.today() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def busy_beat_a(beat_a, officer, newcomer, house_a, organization_a, building_a, rooms_a, chief):
    """Beat A, counted by hand:

    people 4 (2 floating; one moved out and one closed do not count), houses 3 (2 rented;
    a closed rental does not count), organisations 2 (a closed one does not), key persons
    2 (one of them designated twice; an ended designation does not count), incidents 2
    in the last 12 months (one older), disputes 1 (one older than a year); officers in
    force today 2 (lead and assistant; a past and a future post do not count).
    """
    rented = [house(rooms_a[1]), house(rooms_a[2])]
    extra = rooms(building_a, "A-X", 1)
    closed_rental = house(extra[0])
    closed_rental.close(by=chief, reason="拆除")
    first = person(house_a)
    second = person(house_a, category=Person.Category.FLOATING)
    person(rented[0], category=Person.Category.FLOATING)
    fourth = person(rented[1])
    person(rented[1], residence_status=Person.ResidenceStatus.MOVED_OUT)
    person(rented[1]).close(by=chief, reason="重复登记")
    Organization.objects.create(
        name="樱花网吧",
        type=OrganizationType.objects.get(code="internet_cafe"),
        address=building_a,
        beat=beat_a,
    )
    Organization.objects.create(
        name="已注销商店",
        type=OrganizationType.objects.get(code="individual"),
        address=building_a,
        beat=beat_a,
    ).close(by=chief, reason="注销")
    key_person(first, officer)
    key_person(first, officer)
    key_person(second, officer)
    key_person(fourth, officer, start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    for hours_ago in (2, 24 * 200, 24 * 400):
        register_incident(
            incident=new_incident(building_a, officer, hours_ago=hours_ago), by=officer
        )
    dispute(building_a, officer, days_ago=30)
    dispute(building_a, officer, days_ago=400)
    station = beat_a.station
    AssignmentFactory(
        officer=UserFactory(username="past", unit=station),
        beat=beat_a,
        role="assistant",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    AssignmentFactory(
        officer=UserFactory(username="future", unit=station),
        beat=beat_a,
        role="assistant",
        start_date=periods.today() + datetime.timedelta(days=5),
    )
    return beat_a


@pytest.fixture
def branch_rule(branch):
    return AllocationRule.objects.create(
        unit=branch, weights=WEIGHTS, index_per_officer=PER_OFFICER, note="分局口径"
    )


def allocation_of(beat):
    return allocations(Beat.objects.filter(pk=beat.pk))[0]


def test_the_advisor_on_hand_computed_figures(busy_beat_a, branch_rule):
    row = allocation_of(busy_beat_a)
    assert row.figures == {
        "people": 4,
        "floating": 2,
        "houses": 3,
        "rentals": 2,
        "organizations": 2,
        "key_persons": 2,
        "incidents": 2,
        "disputes": 1,
    }
    index = 4 * 2 + 2 * 3 + 3 * 0 + 2 * 5 + 2 * 4 + 2 * 60 + 2 * 15 + 1 * 25
    assert index == 207
    assert row.index == 207
    assert row.recommended == math.ceil(207 / 40) == 6
    assert (row.officers, row.leads, row.mode) == (2, 1, "multi")
    assert row.shortfall == 4 and row.is_short
    # what drives it: key persons 120 of 207 points, incidents 30, disputes 25
    assert [(f.key, value, percent) for f, value, percent in row.drivers] == [
        ("key_persons", 2, 58),
        ("incidents", 2, 14),
        ("disputes", 1, 12),
    ]


@pytest.fixture
def quiet_beat_b(beat_b, colleague, street):
    """Beat B: one person and one recent incident only."""
    community = places.add_address(
        parent=street, level=Address.Level.COMMUNITY, name="东街社区", code="S1-03", beat=beat_b
    )
    room = rooms(community, "B", 1)[0]
    person(house(room, use="owner"))
    register_incident(incident=new_incident(room, colleague), by=colleague)
    return beat_b


def test_a_figure_below_a_tenth_of_the_index_does_not_drive_it(quiet_beat_b, branch_rule):
    row = allocation_of(quiet_beat_b)
    assert row.index == 1 * 2 + 1 * 15 == 17
    # incidents 15 of 17 points (88 %), people 2 (12 %): both named; nothing else
    assert [(f.key, percent) for f, _value, percent in row.drivers] == [
        ("incidents", 88),
        ("people", 12),
    ]
    assert row.recommended == 1 and row.officers == 1 and not row.is_short


def test_an_empty_beat_still_needs_one_officer(beat_c, branch_rule):
    row = allocation_of(beat_c)
    assert (row.index, row.recommended, row.officers, row.drivers) == (0, 1, 0, [])
    assert row.is_short and row.mode == "none"


def test_the_settings_give_the_weights_without_a_rule(busy_beat_a, settings):
    settings.ALLOCATION_WEIGHTS = {"people": 10, "key_persons": 100}
    settings.ALLOCATION_INDEX_PER_OFFICER = 100
    row = allocation_of(busy_beat_a)
    assert row.rule.pk is None
    assert row.index == 4 * 10 + 2 * 100
    assert row.recommended == 3 and row.shortfall == 1


def test_a_rule_without_some_weight_takes_it_from_the_settings(busy_beat_a, branch, settings):
    settings.ALLOCATION_WEIGHTS = {"people": 10, "key_persons": 100}
    AllocationRule.objects.create(unit=branch, weights={"people": 1}, index_per_officer=1000)
    row = allocation_of(busy_beat_a)
    assert row.index == 4 * 1 + 2 * 100
    assert row.recommended == 1 and not row.is_short


def test_the_nearest_rule_applies(station_a, station_b, branch, city, settings):
    settings.ALLOCATION_INDEX_PER_OFFICER = 9999
    Beat.objects.create(station=station_a, name="甲", code="X1")
    Beat.objects.create(station=station_b, name="丙", code="X2")

    def carried():
        return {row.beat.code: row.rule.index_per_officer for row in allocations(Beat.objects)}

    assert carried() == {"X1": 9999, "X2": 9999}
    AllocationRule.objects.create(unit=city, index_per_officer=3000)
    assert carried() == {"X1": 3000, "X2": 3000}
    AllocationRule.objects.create(unit=branch, index_per_officer=2000)
    assert carried() == {"X1": 2000, "X2": 2000}
    AllocationRule.objects.create(unit=station_a, index_per_officer=1000)
    assert carried() == {"X1": 1000, "X2": 2000}
    assert AllocationRule.for_station(station_b).index_per_officer == 2000


def test_the_chief_sees_which_beats_are_short_and_why(
    login, chief, busy_beat_a, quiet_beat_b, beat_c, branch_rule
):
    response = login(chief).get(reverse("assignments:allocation"))
    rows = {row.beat: row for row in response.context["rows"]}
    assert set(rows) == {busy_beat_a, quiet_beat_b}  # not the other station's beat
    assert [row.beat for row in response.context["short"]] == [busy_beat_a]
    assert (rows[busy_beat_a].index, rows[busy_beat_a].recommended) == (207, 6)
    page = response.content.decode()
    assert f'href="#beat-{busy_beat_a.pk}"' in page  # the short beat is listed at the top
    assert f'href="#beat-{quiet_beat_b.pk}"' not in page
    assert "分局口径" in page  # the rule in use is named


def test_the_beat_page_shows_its_figures_live(login, chief, busy_beat_a, branch_rule, house_a):
    url = reverse("assignments:beat_detail", args=[busy_beat_a.pk])
    assert login(chief).get(url).context["allocation"].figures["people"] == 4
    person(house_a, category=Person.Category.FLOATING)
    allocation = login(chief).get(url).context["allocation"]
    assert (allocation.figures["people"], allocation.figures["floating"]) == (5, 3)
    assert allocation.index == 207 + 2 + 3


def rule_form(per_officer, **weights):
    data = {"index_per_officer": per_officer, "note": "按辖区复杂程度"}
    data |= {f"weight_{key}": weights.get(key, value) for key, value in WEIGHTS.items()}
    return data


def test_the_analyst_sets_the_branch_rule_through_the_page(login, analyst, busy_beat_a, branch):
    client = login(analyst)
    assert client.get(reverse("assignments:allocation_rule")).status_code == 200
    response = client.post(reverse("assignments:allocation_rule"), rule_form(PER_OFFICER))
    assert response.status_code == 302
    rule = AllocationRule.objects.get()
    assert (rule.unit, rule.index_per_officer, rule.weights["key_persons"]) == (branch, 40, 60)
    rows = client.get(reverse("assignments:allocation")).context["rows"]
    assert {row.beat: row.recommended for row in rows}[busy_beat_a] == 6
    # changed again: the same rule is updated, not a second one made
    client.post(reverse("assignments:allocation_rule"), rule_form(300, key_persons=0))
    rule = AllocationRule.objects.get()
    assert (rule.index_per_officer, rule.weights["key_persons"]) == (300, 0)
    assert allocation_of(busy_beat_a).recommended == 1


def test_a_rule_with_a_negative_weight_is_refused(login, analyst, busy_beat_a):
    response = login(analyst).post(reverse("assignments:allocation_rule"), rule_form(0, rentals=-1))
    errors = response.context["form"].errors
    assert "weight_rentals" in errors and "index_per_officer" in errors
    assert not AllocationRule.objects.exists()


@pytest.mark.parametrize("who, status", [("chief", 403), ("officer", 403)])
def test_only_the_unit_above_sets_the_rule(request, login, who, status):
    user = request.getfixturevalue(who)
    assert login(user).get(reverse("assignments:allocation_rule")).status_code == status
    assert login(user).post(reverse("assignments:allocation_rule"), rule_form(1)).status_code == (
        status
    )
    assert not AllocationRule.objects.exists()


def test_officers_do_not_open_the_allocation_page(login, officer):
    assert login(officer).get(reverse("assignments:allocation")).status_code == 403


def test_the_analyst_sees_the_beats_under_the_branch_only(
    login, busy_beat_a, beat_c, foreign_analyst, analyst
):
    rows = login(analyst).get(reverse("assignments:allocation")).context["rows"]
    assert {row.beat for row in rows} == {busy_beat_a, beat_c}
    assert login(foreign_analyst).get(reverse("assignments:allocation")).context["rows"] == []


def test_assignments_ended_before_today_do_not_count(beat_a, officer, branch_rule):
    post = officer.assignments.get()
    post.end_date = periods.today() - datetime.timedelta(days=1)
    post.save()
    assert allocation_of(beat_a).officers == 0
    assert Assignment.objects.filter(beat=beat_a).count() == 1


def test_the_page_works_on_the_defaults_alone(
    login, admin_user, busy_beat_a, beat_c, station_b, settings
):
    """No unit has set a rule: both stations use the settings, named once."""
    settings.ALLOCATION_INDEX_PER_OFFICER = 12345
    response = login(admin_user).get(reverse("assignments:allocation"))
    assert response.status_code == 200
    [rule] = response.context["rules"]
    assert rule.pk is None and rule.index_per_officer == 12345
    AllocationRule.objects.create(unit=station_b, index_per_officer=500)
    rules = login(admin_user).get(reverse("assignments:allocation")).context["rules"]
    assert sorted(rule.index_per_officer for rule in rules) == [500, 12345]


def test_an_analyst_without_beats_sees_an_empty_page(login, foreign_analyst):
    response = login(foreign_analyst).get(reverse("assignments:allocation"))
    assert response.status_code == 200 and response.context["rows"] == []

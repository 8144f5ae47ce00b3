"""The officer's day: their beats with figures, what is most urgent, follow-ups due this
week, open tips and disputes; only their own beats."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssignmentFactory, BeatFactory

from .conftest import add_care, add_dispute, add_person, add_room, add_tip
from .test_station_overview import listed

pytestmark = pytest.mark.django_db

URL = reverse("reports:officer_home")


@pytest.fixture
def home(login, officer, records):
    return login(officer).get(URL)


def test_officers_land_here(login, officer):
    response = login(officer).get("/", follow=True)
    assert response.redirect_chain[-1][0] == URL


def test_my_beats_with_their_figures(home):
    [item] = home.context["beats"]
    assert item["beat"].name == "和平街第一警务区"
    figures = {figure["key"]: figure["n"] for figure in item["figures"]}
    # a1, a2 (floating), a3; key persons a1 and a2 (not the one who moved out); one house
    assert figures["people"] == 3
    assert figures["floating"] == 1
    assert figures["key_persons"] == 2
    assert figures["houses"] == 1


def test_beat_figures_link_to_lists_showing_the_same_number(login, officer, home):
    client = login(officer)
    [item] = home.context["beats"]
    linked = [figure for figure in item["figures"] if figure["url"]]
    assert len(linked) == 6  # people, floating, houses, rentals, organisations, key persons
    for figure in linked:
        assert listed(client, figure["url"]) == figure["n"], figure["label"]


def test_the_most_urgent_come_first_and_the_queue_total(home):
    queue = home.context["queue"]
    # beat A: key follow-ups of a1 and a2, a2's care, two tips; the follow-up of the one
    # who moved out is overdue on paper but nobody is there to follow up
    assert queue["total"] == 5
    names = [name for name, _row in queue["top"]]
    assert names == ["followups_key"] * 2 + ["followups_care"] + ["tips"] * 2


def test_follow_ups_due_this_week(login, officer, records, home):
    due = home.context["due_soon"]
    assert [d.person for d in due["items"]] == [records["people"]["a3"]]  # care, due in 3 days
    assert due["people"] == 1 == listed(login(officer), due["url"])


def test_my_open_tips_and_disputes_with_matching_lists(login, officer, home):
    tips, disputes = home.context["tips"], home.context["disputes"]
    assert (tips["open"], tips["overdue"]) == (3, 2)
    assert (disputes["open"], disputes["overdue"]) == (2, 1)
    client = login(officer)
    for n, url in [
        (tips["open"], tips["url"]),
        (tips["overdue"], tips["overdue_url"]),
        (disputes["open"], disputes["open_url"]),
        (disputes["overdue"], disputes["overdue_url"]),
    ]:
        assert listed(client, url) == n, url


def test_the_record_a_visit_button(home):
    assert f'href="{reverse("incidents:visit_create")}"' in home.content.decode()


def test_a_colleague_sees_only_their_beat(login, colleague, records):
    context = login(colleague).get(URL).context
    assert [item["beat"].name for item in context["beats"]] == ["和平街第二警务区"]
    assert (context["tips"]["open"], context["disputes"]["open"]) == (1, 1)
    assert context["queue"]["total"] == 1  # b1's care follow-up


@pytest.mark.parametrize("who", ["chief", "analyst", "admin_user"])
def test_other_roles_get_403(request, login, who):
    assert login(request.getfixturevalue(who)).get(URL).status_code == 403


def test_queries_do_not_grow_with_beats_or_records(login, officer, records, station_a, street):
    client = login(officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    for n in range(3):
        beat = BeatFactory(station=station_a)
        AssignmentFactory(officer=officer, beat=beat, role="assistant")
        room = add_room(beat, street, f"S1-8{n}")
        person = add_person(records["houses"][0])
        add_care(person, last_followup_days_ago=28)
        add_tip(room, officer, "sign", overdue=True)
        add_dispute(room, officer, risk="high", found_days_ago=20)
    after = count()
    assert after == before
    assert before <= 47

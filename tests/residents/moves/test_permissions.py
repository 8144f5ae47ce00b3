"""Every URL of the moves between stations: anonymous → login, outside the request's
scope → 404, inside it without the right → 403."""

import pytest
from django.urls import reverse

from residents import services
from residents.models import MoveRequest, Person

from .conftest import MOVE_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def move(other_station_officer, mover, house_c):
    return services.request_move(
        person=mover,
        to_house=house_c,
        move_date=MOVE_DAY,
        relationship=Person.Relationship.OTHER,
        note="已在东湖花园租住",
        by=other_station_officer,
    )


def urls(move):
    return {
        "move_list": ("get", reverse("residents:move_list")),
        "move_find": ("get", reverse("residents:move_find")),
        "move_create": ("get", reverse("residents:move_create")),
        "move_detail": ("get", move.get_absolute_url()),
        "move_decide": ("post", reverse("residents:move_decide", args=[move.pk])),
        "move_withdraw": ("post", reverse("residents:move_withdraw", args=[move.pk])),
    }


def call(client, method_and_url):
    method, url = method_and_url
    return getattr(client, method)(url)


@pytest.mark.parametrize(
    "name",
    ["move_list", "move_find", "move_create", "move_detail", "move_decide", "move_withdraw"],
)
def test_anonymous_users_are_sent_to_log_in(client, move, name):
    response = call(client, urls(move)[name])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["move_detail", "move_decide", "move_withdraw"])
@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_outside_the_request_it_answers_404(request, login, move, name, who):
    # An officer of the sending station who did not ask is not part of the request.
    client = login(request.getfixturevalue(who))
    assert call(client, urls(move)[name]).status_code == 404


def test_an_analyst_of_another_branch_gets_404(login, move, city):
    from communitypolice.accounts.models import Unit, User
    from tests.factories import UnitFactory, UserFactory

    other_branch = UnitFactory(code="330103000000", kind=Unit.Kind.BRANCH, parent=city)
    analyst = UserFactory(username="elsewhere", unit=other_branch, role=User.Role.ANALYST)
    assert call(login(analyst), urls(move)["move_detail"]).status_code == 404


@pytest.mark.parametrize("name", ["move_find", "move_create"])
@pytest.mark.parametrize("who", ["analyst", "admin_user"])
def test_only_station_staff_find_and_request(request, login, move, name, who):
    client = login(request.getfixturevalue(who))
    assert call(client, urls(move)[name]).status_code == 403


@pytest.mark.parametrize("who", ["other_station_officer", "other_chief"])
def test_the_receiving_side_cannot_decide(request, login, move, who):
    client = login(request.getfixturevalue(who))
    assert call(client, urls(move)["move_detail"]).status_code == 200
    assert call(client, urls(move)["move_decide"]).status_code == 403


def test_only_the_requester_withdraws(login, chief, other_chief, move):
    for user in (chief, other_chief):
        assert call(login(user), urls(move)["move_withdraw"]).status_code == 403


def test_a_decided_request_cannot_be_decided_again(login, chief, move):
    services.refuse_move(move=move, by=chief, reason="不符")
    assert call(login(chief), urls(move)["move_decide"]).status_code == 403


def test_the_request_form_needs_a_reference_made_for_the_user(
    login, officer, other_station_officer, other_chief, mover
):
    url = reverse("residents:move_create")
    client = login(other_station_officer)
    assert client.get(url, {"person": "forged"}).status_code == 404
    someone_elses = MoveRequest.reference(mover, other_chief)
    assert client.get(url, {"person": someone_elses}).status_code == 404
    # A person the user may open is moved the ordinary way, not requested.
    own = MoveRequest.reference(mover, officer)
    assert login(officer).get(url, {"person": own}).status_code == 404
    assert (
        client.get(url, {"person": MoveRequest.reference(mover, other_station_officer)}).status_code
        == 200
    )

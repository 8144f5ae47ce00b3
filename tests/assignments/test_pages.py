"""Scoping of the assignments pages beyond tests/test_permissions.py: a user outside
the scope gets 404 and changes nothing, whoever they are (an assistant in the same beat
too). Officers see their own duty log and training, chiefs their station, nobody
another station's."""

import pytest
from django.urls import reverse

from assignments.models import Assignment, Beat, DutyBlock, TransferRequest
from tests.assignments.helpers import file_transfer
from tests.factories import DutyBlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer, colleague, other_station_officer, newcomer, chief, today):
    """Station A's records: officer's lead post in beat A, a transfer request for it,
    and half a day of special operation the chief sent officer to."""
    post = officer.assignments.get()
    transfer = file_transfer(post, by=officer, successor=newcomer)
    block = DutyBlockFactory(
        officer=officer,
        date=today,
        kind="operation",
        dispatched_by=chief,
        dispatch_status=DutyBlock.Dispatch.PENDING,
    )
    DutyBlockFactory(officer=colleague, date=today, kind="office")
    DutyBlockFactory(officer=other_station_officer, date=today, kind="visit")
    return {
        "beat": post.beat.pk,
        "post": post.pk,
        "transfer": transfer.pk,
        "officer": officer.pk,
        "block": block.pk,
    }


def snapshot():
    """What a refused request must leave as it was."""
    return (
        list(Beat.objects.order_by("pk").values()),
        list(Assignment.objects.order_by("pk").values()),
        list(TransferRequest.objects.order_by("pk").values("pk", "status", "chief_decision_by")),
        list(DutyBlock.objects.order_by("pk").values("pk", "dispatch_status")),
    )


# url name, record, method, data posted
PAGES = {
    "beat_detail": ("beat", "get", None),
    "beat_update": ("beat", "post", {"name": "改名", "code": "330102510099", "office": ""}),
    "assignment_create": ("beat", "post", {"officer": "", "role": "assistant"}),
    "transfer_create": ("post", "post", {"kind": "remove", "reason": "x"}),
    "transfer_detail": ("transfer", "get", None),
    "transfer_decide": ("transfer", "post", {"decision": "approve"}),
    "officer_detail": ("officer", "get", None),
    "duty_officer": ("officer", "get", None),
    "dispatch_decide": ("block", "post", {"decision": "confirm"}),
}

OUTSIDERS = {
    "beat_detail": ["colleague", "other_station_officer", "other_chief", "foreign_analyst"],
    "beat_update": ["other_chief"],
    "assignment_create": ["other_chief"],
    "transfer_create": ["colleague", "other_station_officer", "other_chief"],
    "transfer_detail": [
        "colleague",
        "newcomer",
        "other_station_officer",
        "other_chief",
        "foreign_analyst",
    ],
    "transfer_decide": ["colleague", "other_station_officer", "other_chief", "foreign_analyst"],
    "officer_detail": [
        "colleague",
        "other_station_officer",
        "other_chief",
        "analyst",
        "foreign_analyst",
    ],
    "duty_officer": ["other_chief"],
    # the officer's own chief sees the block, but only the one named decides it
    # (officers are not dispatchers at all: 403, in tests/test_permissions.py)
    "dispatch_decide": ["other_chief", "analyst", "admin_user"],
}


def request_page(client, name, world, method):
    record, _method, data = PAGES[name]
    url = reverse(f"assignments:{name}", args=[world[record]])
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize(
    "name, who", [(name, who) for name, users in OUTSIDERS.items() for who in users]
)
def test_a_user_outside_the_scope_gets_404(request, login, world, foreign_analyst, name, who):
    client = login(request.getfixturevalue(who))
    before = snapshot()
    methods = {"get", PAGES[name][1]} - ({"get"} if name.endswith("decide") else set())
    for method in methods:
        assert request_page(client, name, world, method).status_code == 404, method
    assert snapshot() == before


def test_an_officer_sees_only_their_own_duty_log(login, world, officer, colleague, chief):
    context = login(officer).get(reverse("assignments:duty_month")).context
    assert context["officer"] == officer
    assert [block.pk for block in context["away"]] == [world["block"]]
    assert set(DutyBlock.objects.visible_to(officer).values_list("officer", flat=True)) == {
        officer.pk
    }


def test_a_chief_sees_the_station_and_what_they_were_named_in(
    login, world, chief, officer, colleague, newcomer, other_station_officer, other_chief
):
    rows = login(chief).get(reverse("assignments:duty_month")).context["rows"]
    assert {o for o, _share in rows} == {officer, colleague, newcomer}
    assert set(DutyBlock.objects.visible_to(other_chief).values_list("officer", flat=True)) == {
        other_station_officer.pk
    }
    # a dispatcher of another station sees the one block that names them, nothing more
    block = DutyBlock.objects.get(officer=other_station_officer)
    block.kind, block.dispatched_by = "standby", chief
    block.save()
    assert other_station_officer.pk in set(
        DutyBlock.objects.visible_to(chief).values_list("officer", flat=True)
    )
    # … but the station's page still lists the station's officers only
    rows = login(chief).get(reverse("assignments:duty_month")).context["rows"]
    assert {o for o, _share in rows} == {officer, colleague, newcomer}


def test_transfers_list_by_scope(
    login, world, officer, colleague, chief, other_chief, analyst, foreign_analyst
):
    url = reverse("assignments:transfer_list")

    def listed(user):
        return [t.pk for t in login(user).get(url).context["page_obj"]]

    assert listed(officer) == listed(chief) == listed(analyst) == [world["transfer"]]
    assert listed(colleague) == listed(other_chief) == listed(foreign_analyst) == []


def test_the_officer_list_is_the_chiefs_station(login, world, chief, officer, other_chief):
    rows = login(chief).get(reverse("assignments:officer_list")).context["rows"]
    assert {o.username for o, _share, _hours in rows} == {"officer", "colleague", "newcomer"}
    rows = login(other_chief).get(reverse("assignments:officer_list")).context["rows"]
    assert {o.username for o, _share, _hours in rows} == {"other_station_officer"}

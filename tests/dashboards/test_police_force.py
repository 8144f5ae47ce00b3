"""The police-force figures of the dashboards (from the assignments app): community time
this month against the requirement, what awaits the chief's decision, and the beats the
allocation advisor finds short; each against a hand count and the page it links to."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import DutyBlock, TransferRequest
from tests.factories import AssignmentFactory, BeatFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("reports:station_overview")
HOME = reverse("reports:officer_home")


def log(officer, day, kind, *, dispatcher=None, pending=True):
    for half in ("am", "pm"):
        DutyBlock.objects.create(
            officer=officer,
            date=day,
            half=half,
            kind=kind,
            dispatched_by=dispatcher,
            dispatch_status=("pending" if pending else "confirmed") if dispatcher else "",
        )


@pytest.fixture
def duty(officer, colleague, other_station_officer, chief, other_chief):
    """officer: 2 days in the community, 2 on an operation chief dispatched (one day still to
    confirm): 50 %. colleague: 2 days in the community: 100 %. Last month does not count."""
    november = [TODAY - datetime.timedelta(days=n) for n in range(1, 5)]
    log(officer, november[0], "visit")
    log(officer, november[1], "office")
    log(officer, november[2], "operation", dispatcher=chief)
    log(officer, november[3], "operation", dispatcher=chief, pending=False)
    log(officer, datetime.date(2026, 10, 20), "standby", dispatcher=chief)
    log(colleague, november[0], "visit")
    log(colleague, november[1], "event")
    log(other_station_officer, november[0], "standby", dispatcher=other_chief)


@pytest.fixture
def transfers(officer, colleague, other_station_officer, chief):
    def request(user, status):
        return TransferRequest.objects.create(
            assignment=user.assignments.get(),
            kind="remove",
            effective_date=TODAY + datetime.timedelta(days=7),
            reason="工作需要",
            requested_by=user,
            status=status,
        )

    return [
        request(officer, "pending"),  # the chief's to decide
        request(colleague, "pending_higher"),  # the unit above's
        request(other_station_officer, "pending"),  # another station's
    ]


@pytest.fixture
def empty_beat(station_a):
    return BeatFactory(station=station_a, name="和平街第三警务区", code="A03")


def test_community_time_per_officer_against_the_requirement(login, chief, duty):
    community = login(chief).get(OVERVIEW).context["community"]
    by_user = {row["officer"].username: row["share"] for row in community["rows"]}
    assert set(by_user) == {"officer", "colleague"}  # the station's officers only
    assert (by_user["officer"].community, by_user["officer"].total) == (4, 8)
    assert by_user["officer"].percent == 50.0 and by_user["officer"].below
    assert by_user["colleague"].percent == 100.0 and not by_user["colleague"].below
    assert community["below"] == 1
    assert community["required_percent"] == pytest.approx(66.7)
    chart = community["chart"]
    assert chart["datasets"][0]["data"] == [100.0, 50.0]  # colleague, officer
    assert chart["datasets"][1]["line"] and chart["datasets"][1]["data"] == [66.7, 66.7]


def test_the_community_figures_match_the_duty_pages(login, chief, duty):
    client = login(chief)
    community = client.get(OVERVIEW).context["community"]
    station_month = client.get(community["url"]).context
    assert len(station_month["below"]) == community["below"]
    for row in community["rows"]:
        page = client.get(row["url"])
        assert page.status_code == 200


def test_what_awaits_the_chief(login, chief, duty, transfers):
    client = login(chief)
    approvals = client.get(OVERVIEW).context["approvals"]
    # one request of the station (not the unit above's, not another station's); the half
    # days of operations the chief has not confirmed yet, last month's included
    assert approvals["transfers"] == 1
    assert approvals["dispatches"] == 4
    assert len(client.get(approvals["transfers_url"]).context["awaiting"]) == 1
    assert client.get(approvals["dispatches_url"]).status_code == 200


def test_beats_short_of_officers(login, chief, empty_beat, records):
    client = login(chief)
    allocation = client.get(OVERVIEW).context["allocation"]
    assert [row.beat for row in allocation["short"]] == [empty_beat]
    assert allocation["short"][0].officers == 0
    page = client.get(allocation["url"]).context
    assert [row.beat for row in page["short"]] == [empty_beat]


def test_the_officer_sees_their_own_share_and_week(login, officer, duty):
    community = login(officer).get(HOME).context["community"]
    assert community["share"].percent == 50.0 and community["share"].below
    week = {str(item["label"]): (item["actual"], item["target"]) for item in community["week"]}
    assert len(week) == 3
    assert all(target > 0 for _actual, target in week.values())


def test_police_force_cards_cost_no_query_per_officer(login, chief, duty, transfers, station_a):
    client = login(chief)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return len(queries)

    before = count()
    for _n in range(3):
        beat = BeatFactory(station=station_a)
        user = UserFactory(unit=station_a)
        AssignmentFactory(officer=user, beat=beat)
        log(user, TODAY - datetime.timedelta(days=1), "operation", dispatcher=chief)
    assert count() == before

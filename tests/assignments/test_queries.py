"""The assignments lists read a bounded number of queries: more beats, officers, duty
log entries, transfers and training records do not mean more queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import AllocationRule, DutyBlock
from communitypolice.core import periods
from tests.assignments.helpers import file_transfer
from tests.factories import (
    AssignmentFactory,
    BeatFactory,
    DutyBlockFactory,
    TrainingRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def populate(station, chief, count):
    """``count`` beats, each with a lead and an assistant, their duty log today (one
    dispatch awaiting the chief, one confirmed), training and a pending transfer."""
    today = periods.today()
    for _ in range(count):
        beat = BeatFactory(station=station)
        lead, helper = UserFactory(unit=station), UserFactory(unit=station)
        post = AssignmentFactory(
            officer=lead, beat=beat, start_date=today - datetime.timedelta(days=100)
        )
        AssignmentFactory(officer=helper, beat=beat, role="assistant", start_date=post.start_date)
        DutyBlockFactory(officer=lead, date=today, half="am")
        DutyBlockFactory(
            officer=lead,
            date=today,
            half="pm",
            kind="operation",
            dispatched_by=chief,
            dispatch_status=DutyBlock.Dispatch.PENDING,
        )
        DutyBlockFactory(
            officer=helper,
            date=today,
            half="am",
            kind="standby",
            dispatched_by=chief,
            dispatch_status=DutyBlock.Dispatch.CONFIRMED,
        )
        TrainingRecordFactory(officer=lead, date=today)
        TrainingRecordFactory(officer=helper, date=today, hours=50)
        file_transfer(post, by=lead, successor=helper)


def shown(context):
    """How many records a page shows."""
    if "rows" in context:
        return len(context["rows"])
    return len(list(context["page_obj"])) + len(list(context.get("awaiting") or []))


PAGES = [
    "beat_list",
    "allocation",
    "officer_list",
    "duty_month",
    "transfer_list",
    "training_list",
    "dispatch_list",
]


@pytest.mark.parametrize("page", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_rows(
    login, chief, station_a, branch, page, django_assert_max_num_queries
):
    AllocationRule.objects.create(unit=branch, index_per_officer=100)
    populate(station_a, chief, 2)
    client = login(chief)
    url = reverse(f"assignments:{page}")
    client.get(url)  # warm up: the session, the content types
    with CaptureQueriesContext(connection) as baseline:
        response = client.get(url)
    assert response.status_code == 200
    before = shown(response.context)
    assert before > 0

    populate(station_a, chief, 10)
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(url)
    assert shown(response.context) > before


@pytest.mark.parametrize("page", ["transfer_list", "training_list", "duty_month"])
def test_an_officers_pages_are_bounded_too(
    login, station_a, chief, page, django_assert_max_num_queries
):
    officer = UserFactory(username="busy", unit=station_a)
    populate(station_a, chief, 1)
    today = periods.today()
    AssignmentFactory(officer=officer, beat=BeatFactory(station=station_a), start_date=today)
    TrainingRecordFactory(officer=officer, date=today)
    DutyBlockFactory(officer=officer, date=today, kind="standby", dispatched_by=chief)
    client = login(officer)
    url = reverse(f"assignments:{page}")
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for day in range(1, 12):
        TrainingRecordFactory(officer=officer, date=today)
        if day < today.day:
            DutyBlockFactory(
                officer=officer,
                date=today.replace(day=day),
                kind="operation",
                dispatched_by=chief,
                dispatch_status=DutyBlock.Dispatch.PENDING,
            )
    populate(station_a, chief, 5)
    with django_assert_max_num_queries(len(baseline)):
        assert client.get(url).status_code == 200

"""A visit entered late (补录) goes into the verification history on its own date; it
does not make a record checked this morning look older, nor put it back in the queue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assignments.models import Verification
from communitypolice.core.verification import CheckMethod
from incidents.freshness import freshness_sections
from incidents.models import Visit
from incidents.services import record_visit

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
THIS_MORNING = NOW.replace(hour=8)
LAST_MONTH = datetime.datetime(2026, 10, 12, 15, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def queued(user, section, record):
    return dict(freshness_sections(user))[section].filter(pk=record.pk).exists()


def test_a_late_visit_does_not_move_the_check_back(person_c, house_c, other_station_officer):
    """李四 (floating, 90 days allowed) was checked by phone this morning; the visit of
    12 October is entered now."""
    officer = other_station_officer
    person_c.verify(by=officer, at=THIS_MORNING, method=CheckMethod.PHONE)
    assert not queued(officer, "floating", person_c)
    visit = record_visit(
        visit=Visit(
            kind=Visit.Kind.ROUTINE, findings="在住", beat=person_c.beat, visited_at=LAST_MONTH
        ),
        by=officer,
        persons=[person_c],
        houses=[house_c],
    )
    person_c.refresh_from_db()
    assert (person_c.verified_at, person_c.verified_by) == (THIS_MORNING, officer)
    assert not queued(officer, "floating", person_c)
    history = list(Verification.objects.of(person_c))
    assert [(c.checked_at, c.method) for c in history] == [
        (THIS_MORNING, "phone"),
        (LAST_MONTH, "visit"),
    ]
    assert history[1].source == visit and history[1].entered_late
    # The house had no later check: the visit is its latest.
    house_c.refresh_from_db()
    assert house_c.verified_at == LAST_MONTH


def test_a_late_visit_still_counts_for_a_record_checked_long_ago(person_c, other_station_officer):
    officer = other_station_officer
    person_c.verify(by=officer, at=NOW - datetime.timedelta(days=200), method=CheckMethod.PHONE)
    assert queued(officer, "floating", person_c)
    record_visit(
        visit=Visit(
            kind=Visit.Kind.ROUTINE, findings="在住", beat=person_c.beat, visited_at=LAST_MONTH
        ),
        by=officer,
        persons=[person_c],
    )
    person_c.refresh_from_db()
    assert person_c.verified_at == LAST_MONTH
    assert not queued(officer, "floating", person_c)

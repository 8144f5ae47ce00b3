"""visible_to(user): the one door to records that belong to a beat."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from assignments.models import Assignment, Beat
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def beats_seen(user):
    """Beats of the Assignment rows (records carrying a beat) the user can see."""
    return set(Assignment.objects.visible_to(user).values_list("beat__code", flat=True))


def test_officer_sees_only_the_beat_assigned_today(officer, colleague, other_station_officer):
    assert beats_seen(officer) == {"A01"}


def test_officer_whose_assignment_ended_yesterday_sees_nothing(beat_a, station_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    former = UserFactory(username="former", unit=station_a)
    AssignmentFactory(officer=former, beat=beat_a, end_date=yesterday)
    assert beats_seen(former) == set()
    assert not Beat.objects.visible_to(former).exists()


def test_officer_assignment_ending_today_still_counts(beat_a, station_a):
    leaving = UserFactory(username="leaving", unit=station_a)
    AssignmentFactory(officer=leaving, beat=beat_a, end_date=timezone.localdate())
    assert beats_seen(leaving) == {"A01"}


def test_officer_assignment_starting_tomorrow_does_not_count_yet(beat_a, station_a):
    newcomer = UserFactory(username="newcomer", unit=station_a)
    AssignmentFactory(
        officer=newcomer, beat=beat_a, start_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert beats_seen(newcomer) == set()


def test_chief_sees_every_beat_of_their_station_only(
    chief, officer, colleague, other_station_officer
):
    assert beats_seen(chief) == {"A01", "A02"}


def test_admin_sees_everything(admin_user, officer, colleague, other_station_officer):
    assert beats_seen(admin_user) == {"A01", "A02", "C01"}


def test_analyst_sees_no_personal_records(analyst, officer, other_station_officer):
    assert beats_seen(analyst) == set()


def test_analyst_sees_the_beats_under_their_unit_for_aggregates(analyst, beat_a, beat_c):
    assert set(Beat.objects.visible_to(analyst).values_list("code", flat=True)) == {"A01", "C01"}


def test_anonymous_and_inactive_users_see_nothing(officer):
    assert beats_seen(AnonymousUser()) == set()
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert beats_seen(officer) == set()


def test_scoping_is_one_query(officer, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Assignment.objects.visible_to(officer))

"""Posts: only officers of the beat's station serve in it; one lead per beat and one
lead post per officer at a time, also through the chief's page (see test_rules.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.models import Assignment
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_chief_posts_and_the_rules_hold_through_the_page(
    login, chief, officer, beat_a, station_a, today
):
    second = UserFactory(username="second", unit=station_a)
    response = login(chief).post(
        reverse("assignments:assignment_create", args=[beat_a.pk]),
        {"officer": second.pk, "role": "lead", "start_date": today.isoformat()},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not second.assignments.exists()
    login(chief).post(
        reverse("assignments:assignment_create", args=[beat_a.pk]),
        {"officer": second.pk, "role": "assistant", "start_date": today.isoformat()},
    )
    assert second.assignments.get().role == "assistant"


def test_an_officer_of_another_station_cannot_be_posted(
    login, chief, beat_a, other_station_officer, today
):
    post = Assignment(
        officer=other_station_officer, beat=beat_a, role="assistant", start_date=today
    )
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "officer" in error.value.message_dict
    response = login(chief).post(
        reverse("assignments:assignment_create", args=[beat_a.pk]),
        {"officer": other_station_officer.pk, "role": "assistant", "start_date": today},
    )
    assert "officer" in response.context["form"].errors
    assert other_station_officer.assignments.count() == 1


def test_only_officers_serve_in_a_beat(beat_a, chief, today):
    post = Assignment(officer=chief, beat=beat_a, role="assistant", start_date=today)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "officer" in error.value.message_dict


def test_a_later_lead_may_follow_an_earlier_one_without_overlap(beat_a, station_a, today):
    first = UserFactory(username="first", unit=station_a)
    second = UserFactory(username="second", unit=station_a)
    AssignmentFactory(
        officer=first,
        beat=beat_a,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 6, 30),
    )
    follows = Assignment(officer=second, beat=beat_a, start_date=datetime.date(2024, 7, 1))
    follows.full_clean()
    overlaps = Assignment(officer=second, beat=beat_a, start_date=datetime.date(2024, 6, 30))
    with pytest.raises(ValidationError):
        overlaps.full_clean()
    # a post planned for later also blocks a lead post that would run into it
    follows.save()
    earlier = Assignment(
        officer=UserFactory(username="third", unit=station_a),
        beat=beat_a,
        start_date=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        earlier.full_clean()
    assert "beat" in error.value.message_dict

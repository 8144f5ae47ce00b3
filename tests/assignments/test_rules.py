import datetime

import pytest
from django.core.exceptions import ValidationError

from assignments.models import Assignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_beat_has_one_lead_at_a_time(officer, beat_a, station_a):
    newcomer = UserFactory(username="newcomer", unit=station_a)
    post = Assignment(officer=newcomer, beat=beat_a, role="lead", start_date=D(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "beat" in error.value.message_dict
    # as an assistant, or once the current lead has left, it is fine
    post.role = "assistant"
    post.full_clean()
    lead = officer.assignments.get()
    lead.end_date = D(2025, 5, 31)
    lead.save()
    post.role = "lead"
    post.full_clean()


def test_an_officer_leads_one_beat_at_a_time(officer, beat_b):
    second = Assignment(officer=officer, beat=beat_b, role="lead", start_date=D(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "officer" in error.value.message_dict


def test_days_served(officer):
    post = officer.assignments.get()
    post.start_date, post.end_date = D(2025, 1, 1), D(2025, 1, 31)
    assert post.days_served == 31

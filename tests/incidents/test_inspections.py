"""A key unit is due for a security inspection when neither its recorded inspection
date nor a safety-inspection visit falls in the last ``KEY_UNIT_INSPECTION_DAYS`` days
(Beijing days, today included)."""

import datetime

import pytest

from communitypolice.core import periods
from incidents.models import Visit
from incidents.services import record_visit
from places.models import Organization, OrganizationType

pytestmark = pytest.mark.django_db

D = datetime.date


def test_key_units_without_an_inspection_in_the_window_are_due(
    frozen_now, settings, building_a, officer
):
    settings.KEY_UNIT_INSPECTION_DAYS = 90  # today, 3 December, and 89 days before: from 5 Sep

    def unit(name, *, key=True, inspected=None, visit=None, kind=Visit.Kind.SAFETY):
        organization = Organization.objects.create(
            name=name,
            type=OrganizationType.objects.get(code="individual"),
            address=building_a,
            beat=building_a.beat,
            is_key_unit=key,
            last_inspection=inspected,
        )
        if visit:
            record_visit(
                visit=Visit(kind=kind, visited_at=visit, findings="检查", beat=building_a.beat),
                by=officer,
                organizations=[organization],
            )
        return organization

    unit("recorded_in_window", inspected=D(2026, 9, 5))
    unit("recorded_too_early", inspected=D(2026, 9, 4))
    unit("visited_in_window", visit=periods.at(D(2026, 9, 5), datetime.time(0, 10)))
    unit("visited_too_early", visit=periods.at(D(2026, 9, 4), datetime.time(23, 50)))
    unit("routine_visit_only", visit=periods.at(D(2026, 11, 1)), kind=Visit.Kind.ROUTINE)
    unit("never_inspected")
    unit("not_a_key_unit", key=False)

    due = {o.name for o in Organization.objects.active().due_for_inspection()}
    assert due == {
        "recorded_too_early",
        "visited_too_early",
        "routine_visit_only",
        "never_inspected",
    }

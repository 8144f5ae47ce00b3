"""The beat figures "incidents (12 months)" and "disputes (12 months)" count what the
dashboards count: records in the register, over the twelve months that end today in
Beijing. A record closed as a duplicate counts nowhere."""

import datetime

import pytest

from communitypolice.core import periods
from communitypolice.core.figures import beat_figures_for
from incidents.models import Dispute, Incident
from incidents.services import register_incident
from tests.incidents.fixtures import new_incident

pytestmark = pytest.mark.django_db

D = datetime.date


def incident(address, officer, reported_at, closed=False):
    made = new_incident(address, officer)
    made.reported_at, made.occurred_at = reported_at, reported_at
    made = register_incident(incident=made, by=officer)
    if closed:
        made.close(by=officer, reason="重复登记")
    return made


def dispute(address, officer, found_on, *, status=Dispute.Status.FOUND, closed=False):
    made = Dispute.objects.create(
        type=Dispute.Type.NEIGHBOUR,
        parties="甲、乙",
        address=address,
        description="噪音",
        status=status,
        found_on=found_on,
        responsible_officer=officer,
        beat=address.beat,
    )
    if closed:
        made.close(by=officer, reason="重复登记")
    return made


def test_incidents_of_the_last_twelve_months_in_the_register(frozen_now, building_a, officer):
    # 3 December 2026, 00:30 in Beijing: the twelve months run from 4 December 2025.
    incident(building_a, officer, periods.at(D(2026, 12, 3), datetime.time(0, 10)))
    incident(building_a, officer, periods.at(D(2025, 12, 4)))  # the first day counts
    incident(building_a, officer, periods.at(D(2025, 12, 3), datetime.time(23, 59)))
    incident(building_a, officer, periods.at(D(2026, 11, 1)), closed=True)
    assert beat_figures_for([building_a.beat])[building_a.beat_id]["incidents"] == 2


def test_disputes_of_the_last_twelve_months_in_the_register(frozen_now, building_a, officer):
    dispute(building_a, officer, D(2026, 12, 3))
    dispute(building_a, officer, D(2025, 12, 4), status=Dispute.Status.RESOLVED)
    dispute(building_a, officer, D(2025, 12, 3))
    dispute(building_a, officer, D(2026, 11, 1), closed=True)
    assert beat_figures_for([building_a.beat])[building_a.beat_id]["disputes"] == 2


def test_a_closed_record_is_neither_open_nor_overdue(frozen_now, building_a, officer):
    long_ago = D(2026, 9, 1)
    kept, closed = (dispute(building_a, officer, long_ago, closed=c) for c in (False, True))
    assert set(Dispute.objects.open()) == set(Dispute.objects.overdue()) == {kept}
    assert kept.is_overdue and not closed.is_overdue

    late = periods.at(long_ago)
    incidents = [incident(building_a, officer, late, closed=c) for c in (False, True)]
    assert set(Incident.objects.overdue()) == set(Incident.objects.open()) == {incidents[0]}

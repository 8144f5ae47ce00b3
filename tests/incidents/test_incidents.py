import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from communitypolice.core import periods
from incidents.models import Incident, IncidentCounter
from incidents.services import register_incident
from tests.incidents.fixtures import new_incident

pytestmark = pytest.mark.django_db


def test_numbers_run_per_station_and_year(building_a, room_c, officer, other_station_officer):
    first = register_incident(incident=new_incident(building_a, officer), by=officer)
    second = register_incident(incident=new_incident(building_a, officer), by=officer)
    other = register_incident(
        incident=new_incident(room_c, other_station_officer), by=other_station_officer
    )
    year = periods.today().year
    assert first.number == f"JQ-330102510000-{year}-000001"
    assert second.number == f"JQ-330102510000-{year}-000002"
    assert other.number == f"JQ-330102520000-{year}-000001"


def test_a_failed_save_gives_its_number_back(building_a, officer):
    with pytest.raises(ValueError), transaction.atomic():
        register_incident(incident=new_incident(building_a, officer), by=officer)
        raise ValueError("the save failed after the number was issued")
    incident = register_incident(incident=new_incident(building_a, officer), by=officer)
    assert incident.number.endswith("-000001")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_numbers_have_no_gaps_or_duplicates_under_concurrency(code_tables, building_a, officer):
    from django.db import connections

    errors = []

    def create_some():
        try:
            for _ in range(5):
                register_incident(incident=new_incident(building_a, officer), by=officer)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(n[-6:]) for n in Incident.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert IncidentCounter.objects.get().last == 20


def test_times_must_make_sense(building_a, officer):
    incident = new_incident(building_a, officer)
    incident.occurred_at = incident.reported_at + datetime.timedelta(minutes=5)
    with pytest.raises(ValidationError) as error:
        incident.full_clean(exclude=["number"])
    assert "occurred_at" in error.value.message_dict
    incident.reported_at = incident.occurred_at = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        incident.full_clean(exclude=["number"])
    assert {"reported_at", "occurred_at"} <= set(error.value.message_dict)


def test_the_workflow_allows_only_its_steps(incident_a, officer, chief):
    with pytest.raises(ValidationError):
        incident_a.advance(to=Incident.Status.CLOSED, by=chief)  # skipping steps
    incident_a.advance(to=Incident.Status.HANDLING, by=officer)
    incident_a.advance(to=Incident.Status.REVIEW, by=officer)
    with pytest.raises(ValidationError):
        incident_a.advance(to=Incident.Status.CLOSED, by=officer)  # only a chief closes
    with pytest.raises(ValidationError):
        incident_a.advance(to=Incident.Status.HANDLING, by=chief)  # a return needs a reason
    incident_a.advance(to=Incident.Status.HANDLING, by=chief, comment="补充现场照片")
    incident_a.advance(to=Incident.Status.REVIEW, by=officer)
    incident_a.advance(to=Incident.Status.CLOSED, by=chief)
    steps = [(s.to_status, s.by) for s in incident_a.steps.all()]
    assert steps == [
        ("accepted", officer),
        ("handling", officer),
        ("review", officer),
        ("handling", chief),
        ("review", officer),
        ("closed", chief),
    ]
    assert incident_a.closed_on is not None


def test_yellow_and_red_cards(building_a, officer):
    incident = new_incident(building_a, officer, hours_ago=0)
    reported = incident.reported_at
    # 求助: 1 hour to take on
    assert incident.card(now=reported + datetime.timedelta(minutes=50)) == ""
    assert incident.card(now=reported + datetime.timedelta(minutes=90)) == "yellow"
    assert incident.card(now=reported + datetime.timedelta(hours=3)) == "red"
    incident.status = Incident.Status.HANDLING  # 24 hours to handle
    assert incident.card(now=reported + datetime.timedelta(hours=30)) == "yellow"
    assert incident.card(now=reported + datetime.timedelta(hours=49)) == "red"
    incident.status = Incident.Status.REVIEW
    assert incident.card(now=reported + datetime.timedelta(days=30)) == ""

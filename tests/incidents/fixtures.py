import datetime

import pytest
from django.utils import timezone

from incidents.models import Incident, IncidentType, Tip
from incidents.services import raise_tip, register_incident


def new_incident(address, officer, *, hours_ago=2, type_code="help"):
    reported = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Incident(
        type=IncidentType.objects.get(code=type_code),
        reported_at=reported,
        occurred_at=reported - datetime.timedelta(minutes=10),
        address=address,
        beat=address.beat,
        summary="群众求助：老人走失",
        handling_officer=officer,
    )


@pytest.fixture
def code_tables(db):
    """The code tables the data migrations write, for tests that run outside a
    transaction (the database is flushed after each of those, code tables included)."""
    from importlib import import_module

    from django.apps import apps

    for migration in (
        "places.migrations.0002_seed_code_tables",
        "residents.migrations.0002_seed_code_tables",
        "incidents.migrations.0002_seed_incident_types",
    ):
        import_module(migration).seed(apps, None)


@pytest.fixture
def incident_a(building_a, officer):
    return register_incident(incident=new_incident(building_a, officer), by=officer)


@pytest.fixture
def warning_tip_a(building_a, officer, chief):
    return raise_tip(
        tip=Tip(
            level=Tip.Level.WARNING,
            category="群体性事件苗头",
            content="业主拟聚集",
            source=Tip.Source.PUBLIC,
            beat=building_a.beat,
        ),
        by=officer,
        addresses=[building_a],
    )

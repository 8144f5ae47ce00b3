"""Named test users and units, shared by every test.

Two stations under one branch bureau: station A has beats A and B, station B
has beat C. ``officer`` serves beat A, ``colleague`` beat B (same station),
``other_station_officer`` beat C; ``chief`` leads station A; ``analyst`` works
at the branch bureau; ``admin_user`` administers everything.
"""

import pytest
from django.test import Client

from communitypolice.accounts.models import Unit, User
from tests.factories import AssignmentFactory, BeatFactory, UnitFactory, UserFactory

# Fixtures of the apps' records, for every test that needs them.
pytest_plugins = [
    "tests.places.fixtures",
    "tests.residents.fixtures",
    "tests.incidents.fixtures",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Let the test suite empty the append-only audit tables of its throwaway database
    between browser tests (see audit migration 0002). Nothing else may."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        options = db.setdefault("OPTIONS", {})
        options["options"] = "-c communitypolice.allow_audit_truncate=on"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db):
    return UnitFactory(code="330100000000", name="示范市公安局", kind=Unit.Kind.CITY)


@pytest.fixture
def branch(city):
    return UnitFactory(code="330102000000", name="和平分局", kind=Unit.Kind.BRANCH, parent=city)


@pytest.fixture
def station_a(branch):
    return UnitFactory(code="330102510000", name="和平街派出所", parent=branch)


@pytest.fixture
def station_b(branch):
    return UnitFactory(code="330102520000", name="樱花路派出所", parent=branch)


@pytest.fixture
def beat_a(station_a):
    return BeatFactory(station=station_a, name="和平街第一警务区", code="A01")


@pytest.fixture
def beat_b(station_a):
    return BeatFactory(station=station_a, name="和平街第二警务区", code="A02")


@pytest.fixture
def beat_c(station_b):
    return BeatFactory(station=station_b, name="樱花路第一警务区", code="C01")


@pytest.fixture
def officer(beat_a):
    user = UserFactory(username="officer", unit=beat_a.station, role=User.Role.OFFICER)
    AssignmentFactory(officer=user, beat=beat_a)
    return user


@pytest.fixture
def colleague(beat_b):
    user = UserFactory(username="colleague", unit=beat_b.station, role=User.Role.OFFICER)
    AssignmentFactory(officer=user, beat=beat_b)
    return user


@pytest.fixture
def other_station_officer(beat_c):
    user = UserFactory(username="other_station_officer", unit=beat_c.station)
    AssignmentFactory(officer=user, beat=beat_c)
    return user


@pytest.fixture
def chief(station_a):
    return UserFactory(username="chief", unit=station_a, role=User.Role.CHIEF)


@pytest.fixture
def other_chief(station_b):
    return UserFactory(username="other_chief", unit=station_b, role=User.Role.CHIEF)


@pytest.fixture
def analyst(branch):
    return UserFactory(username="analyst", unit=branch, role=User.Role.ANALYST)


@pytest.fixture
def admin_user(city):
    return UserFactory(
        username="admin", unit=city, role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    """``login(user)`` returns a test client signed in as that user."""
    return _client_for

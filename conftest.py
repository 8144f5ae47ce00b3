"""Named test users and units, shared by every test.

Two stations under one branch bureau: station A has beats A and B, station B
has beat C. ``officer`` serves beat A, ``colleague`` beat B (same station),
``other_station_officer`` beat C; ``chief`` leads station A; ``analyst`` works
at the branch bureau; ``admin_user`` administers everything.

``TEST_CLOCK`` (an aware ISO instant, e.g. ``2026-12-02T23:30+08:00``) moves the whole
session's clock there, ticking on, so that a test that only passes at some hours of the
day shows itself: late evening in Beijing and the hours when UTC and Beijing disagree
about the date are the ones that catch it.
"""

import datetime
import os

import pytest
import time_machine
from django.test import Client

from communitypolice.accounts.models import Unit, User
from tests.factories import AssignmentFactory, BeatFactory, UnitFactory, UserFactory

# Fixtures of the apps' records, for every test that needs them.
pytest_plugins = [
    "tests.places.fixtures",
    "tests.residents.fixtures",
    "tests.incidents.fixtures",
]


def pytest_configure(config):
    clock = os.environ.get("TEST_CLOCK")
    if not clock:
        return
    try:
        moment = datetime.datetime.fromisoformat(clock)
    except ValueError:
        raise pytest.UsageError(f"TEST_CLOCK is not an ISO instant: {clock!r}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"TEST_CLOCK needs a UTC offset: {clock!r}")
    config.test_clock = time_machine.travel(moment, tick=True)
    config.test_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "test_clock", None) is not None:
        config.test_clock.stop()


def pytest_report_header(config):
    if getattr(config, "test_clock", None) is not None:
        return f"clock: {os.environ['TEST_CLOCK']} (TEST_CLOCK), ticking"


# 00:30 on 3 December in Beijing is still 2 December in UTC: a date taken from the wrong
# clock shows itself.
FROZEN_NOW = datetime.datetime(
    2026, 12, 3, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


@pytest.fixture
def frozen_now():
    """The clock stopped at ``FROZEN_NOW`` for the test; the fixture's value is that instant."""
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield FROZEN_NOW


@pytest.fixture
def eager_tasks(settings, tmp_path):
    """Run queued tasks in this process rather than on a worker (CI also runs with Redis
    and no worker), and keep report files in the test's own folder."""
    from communitypolice.celery import app

    settings.REPORT_FILES_ROOT = tmp_path / "report-files"
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


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

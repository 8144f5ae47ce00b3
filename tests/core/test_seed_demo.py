from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from assignments.models import Assignment, Beat
from communitypolice.accounts.models import Unit, User

pytestmark = pytest.mark.django_db


def table_counts():
    return {m.__name__: m.objects.count() for m in [Unit, User, Beat, Assignment, LogEntry]}


def test_seed_demo_builds_two_stations_with_three_beats_each():
    call_command("seed_demo", stdout=StringIO())
    branch = Unit.objects.get(kind=Unit.Kind.BRANCH)
    stations = list(branch.children.all())
    assert len(stations) == 2
    assert [s.beats.count() for s in stations] == [3, 3]
    officer1 = User.objects.get(username="officer1")
    assert Beat.objects.visible_to(officer1).get().name == "和平街第一警务区"
    assert User.objects.get(username="analyst").unit == branch


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = table_counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", stdout=StringIO())
    assert table_counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_demo_users_sign_in_with_the_demo_password(settings, capsys):
    settings.DEMO_PASSWORD = "another-demo-passphrase"
    call_command("seed_demo")
    assert "another-demo-passphrase" in capsys.readouterr().out
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="chief1", password="another-demo-passphrase")
    assert user is not None and user.is_chief


def test_if_empty_leaves_an_existing_database_alone(officer):
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert not User.objects.filter(username="officer1").exists()

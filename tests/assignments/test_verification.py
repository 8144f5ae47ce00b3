"""The verification history: every check is kept, ``verified_at`` is the latest and never
moves backwards, and the migration starts the history from each record's last check."""

import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from assignments.models import Verification, record_checks
from communitypolice.core.verification import CheckMethod
from places.models import House

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_check_is_kept_with_who_how_when_and_the_beat(house_a, colleague):
    check = house_a.verify(
        by=colleague, method=CheckMethod.DOCUMENT, changes={"户主": ["王芳", "王方"]}
    )
    house_a.refresh_from_db()
    assert (house_a.verified_at, house_a.verified_by) == (NOW, colleague)
    stored = Verification.objects.of(house_a).get()
    assert stored == check and stored.record == house_a
    assert (stored.checked_at, stored.checked_by, stored.method) == (NOW, colleague, "document")
    assert (stored.beat, stored.changes, stored.entered_at) == (
        house_a.beat,
        {"户主": ["王芳", "王方"]},
        NOW,
    )


def test_an_older_check_entered_later_leaves_the_latest_in_place(house_a, officer, colleague):
    house_a.verify(by=officer, method=CheckMethod.PHONE)  # this morning
    last_year = NOW - datetime.timedelta(days=400)
    house_a.verify(by=colleague, at=last_year, method=CheckMethod.VISIT)
    house_a.refresh_from_db()
    assert (house_a.verified_at, house_a.verified_by) == (NOW, officer)
    checks = list(Verification.objects.of(house_a).values_list("checked_at", "checked_by"))
    assert checks == [(NOW, officer.pk), (last_year, colleague.pk)]  # newest first
    late = Verification.objects.of(house_a).get(checked_at=last_year)
    assert late.entered_late


def test_a_check_moves_the_version_so_an_open_form_cannot_write_the_old_date_back(house_a, officer):
    opened = House.objects.get(pk=house_a.pk)
    house_a.verify(by=officer)
    from concurrency.exceptions import RecordModifiedError

    with pytest.raises(RecordModifiedError):
        opened.save()


def test_record_checks_writes_the_last_check_of_records_loaded_in_bulk(house_a, house_c):
    assert record_checks(House.objects.all(), method=CheckMethod.IMPORTED) == 1  # house_c never
    assert record_checks(House.objects.all(), method=CheckMethod.IMPORTED) == 0  # once only
    check = Verification.objects.of(house_a).get()
    assert (check.checked_at, check.checked_by, check.method) == (
        house_a.verified_at,
        house_a.verified_by,
        "imported",
    )


def test_the_migration_starts_the_history_from_each_records_last_check(house_a, house_c):
    """What the register knew before the history: one check per verified record."""
    Verification.objects.all().delete()
    migration = import_module("places.migrations.0006_verification_history_from_last_check")
    migration.fill(apps, None)
    check = Verification.objects.get()
    assert check.record == house_a
    assert (check.checked_at, check.checked_by, check.method, check.beat) == (
        house_a.verified_at,
        house_a.verified_by,
        CheckMethod.BEFORE_HISTORY,
        house_a.beat,
    )
    migration.empty(apps, None)
    assert not Verification.objects.exists()

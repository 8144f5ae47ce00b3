"""Subscriptions produce their runs on time: the clock is moved, beat's task is run."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from reports.models import ReportRun, Subscription
from reports.tasks import create_subscribed_runs

BEIJING = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=BEIJING)


def tick(django_capture_on_commit_callbacks):
    """One tick of celery beat: the subscriptions task, and the runs it queues."""
    with django_capture_on_commit_callbacks(execute=True):
        return create_subscribed_runs.apply().get()


def subscribe(unit, frequency, on):
    with time_machine.travel(on, tick=False):
        return Subscription.objects.create(unit=unit, report_code="population", frequency=frequency)


@pytest.fixture
def beat(django_capture_on_commit_callbacks, eager_tasks):
    def run_at(moment):
        with time_machine.travel(moment, tick=False):
            return tick(django_capture_on_commit_callbacks)

    return run_at


def test_a_monthly_subscription_produces_last_month_on_the_first(branch, beat_a, beat):
    subscription = subscribe(branch, "monthly", at(2026, 10, 20, 9, 0))
    assert beat(at(2026, 10, 31, 23, 59)) == []  # not before the month is over
    created = beat(at(2026, 11, 1, 0, 5))  # 00:05 on the 1st, Beijing time
    run = ReportRun.objects.get(pk__in=created)
    assert (run.period_start, run.period_end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31),
    )
    assert run.subscription == subscription and run.unit == branch and run.requested_by is None
    assert run.status == ReportRun.Status.DONE and run.files.filter(format="xlsx").exists()
    # Beat ticks again the same day and the next: nothing new.
    assert beat(at(2026, 11, 1, 1, 5)) == []
    assert beat(at(2026, 11, 2, 1, 5)) == []
    created = beat(at(2026, 12, 1, 0, 5))
    assert ReportRun.objects.get(pk__in=created).period_start == datetime.date(2026, 11, 1)


def test_a_missed_first_of_the_month_is_made_up_later(branch, beat_a, beat):
    subscribe(branch, "monthly", at(2026, 10, 20, 9, 0))
    created = beat(at(2026, 11, 3, 10, 5))  # the worker was down for two days
    assert ReportRun.objects.get(pk__in=created).period_start == datetime.date(2026, 10, 1)


def test_a_new_subscription_does_not_produce_a_month_that_ended_before_it(branch, beat_a, beat):
    subscribe(branch, "monthly", at(2026, 11, 15, 9, 0))
    assert beat(at(2026, 11, 16, 0, 5)) == []


def test_a_weekly_subscription_produces_last_week_on_monday(station_a, beat_a, beat):
    subscribe(station_a, "weekly", at(2026, 11, 4, 9, 0))  # a Wednesday
    assert beat(at(2026, 11, 8, 23, 0)) == []  # Sunday
    created = beat(at(2026, 11, 9, 0, 5))  # Monday
    run = ReportRun.objects.get(pk__in=created)
    assert (run.period_start, run.period_end) == (
        datetime.date(2026, 11, 2),
        datetime.date(2026, 11, 8),
    )
    assert run.period_kind == "week"


def test_a_quarterly_subscription_produces_last_quarter(branch, beat_a, beat):
    subscribe(branch, "quarterly", at(2026, 8, 10, 9, 0))
    assert beat(at(2026, 9, 1, 0, 5)) == []
    created = beat(at(2026, 10, 1, 0, 5))
    run = ReportRun.objects.get(pk__in=created)
    assert (run.period_start, run.period_end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
    )
    assert beat(at(2026, 11, 1, 0, 5)) == []
    created = beat(at(2027, 1, 1, 0, 5))
    assert ReportRun.objects.get(pk__in=created).period_start == datetime.date(2026, 10, 1)


def test_a_paused_subscription_produces_nothing(branch, beat_a, beat):
    subscription = subscribe(branch, "monthly", at(2026, 10, 20, 9, 0))
    subscription.active = False
    subscription.save(update_fields=["active"])
    assert beat(at(2026, 11, 1, 0, 5)) == []


def test_beat_schedule_runs_the_subscriptions_the_sweeper_and_the_snapshots():
    from communitypolice.celery import app

    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "reports.tasks.create_subscribed_runs",
        "reports.tasks.fail_stuck_runs",
        "reports.tasks.refresh_snapshots",
    }
    assert tasks <= set(app.tasks)

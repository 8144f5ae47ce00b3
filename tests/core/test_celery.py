"""Celery: eager in process without REDIS_URL; a real worker through Redis with it."""

import os

import pytest
from django.core.management import call_command

from communitypolice.celery import app
from communitypolice.core.tasks import ping


@pytest.mark.django_db
@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="eager mode is the default only")
def test_tasks_run_eagerly_without_redis(capsys):
    assert app.conf.task_always_eager
    assert ping.delay().get(timeout=1)["pong"] is True
    call_command("check_worker")
    assert "Worker answered (eager" in capsys.readouterr().out


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_a_task_goes_through_redis_to_a_real_worker():
    from celery.contrib.testing.worker import start_worker

    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        answer = result.get(timeout=20)
    assert answer["pong"] is True
    assert result.state == "SUCCESS"

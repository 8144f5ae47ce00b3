"""Generating a run: files, idempotence, retries, failures, and the sweeper."""

import datetime

import pytest
import time_machine
from django.db.utils import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from communitypolice.core.periods import Period
from reports import services, tasks
from reports.catalogue.base import Params
from reports.models import ReportRun


def unsaved_run(unit, **fields):
    from reports import catalogue

    run = ReportRun.for_params(
        catalogue.get("population"), Params(unit, Period.month(2026, 10)), **fields
    )
    run.save()
    return run


def test_a_run_is_generated_with_every_format(make_run, branch, beat_a, beat_c, analyst):
    run = make_run(branch, by=analyst)
    assert run.status == ReportRun.Status.DONE
    assert run.data_read_at and run.finished_at and run.started_at
    assert run.row_count == 2  # two beats
    assert run.attempts == 1
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    for report_file in run.files.all():
        assert report_file.size > 0
        assert report_file.file.storage.exists(report_file.file.name)
    assert run.result["rows"][-1]["kind"] == "total"


def test_generating_a_finished_run_again_changes_nothing(make_run, branch, beat_a):
    run = make_run(branch)
    before = (run.data_read_at, list(run.files.values_list("file", "size")))
    tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert (run.data_read_at, list(run.files.values_list("file", "size"))) == before


@time_machine.travel(datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_run_caught_half_way_is_generated_again_into_the_same_files(
    make_run, branch, beat_a, person_a
):
    run = make_run(branch)
    first = {f.format: (f.file.name, f.file.open("rb").read()) for f in run.files.all()}
    # A worker died after starting it: the task is delivered again.
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)
    tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    second = {f.format: (f.file.name, f.file.open("rb").read()) for f in run.files.all()}
    assert run.status == ReportRun.Status.DONE and run.attempts == 2
    assert run.files.count() == 3
    assert second == first  # same names, same bytes


@pytest.fixture
def retries_in_process(eager_tasks):
    """Run retries here as a worker would, instead of raising them to the caller."""
    from communitypolice.celery import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before


def test_a_database_hiccup_is_retried(monkeypatch, branch, beat_a, retries_in_process):
    run = unsaved_run(branch)
    real, calls = services.generate, []

    def flaky(run_id):
        calls.append(run_id)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(run_id)

    monkeypatch.setattr(services, "generate", flaky)
    tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert len(calls) == 3
    assert run.status == ReportRun.Status.DONE and run.error == ""


def test_a_run_that_keeps_failing_is_marked_failed_with_the_reason(
    monkeypatch, branch, beat_a, retries_in_process
):
    run = unsaved_run(branch)

    def down(run_id):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "generate", down)
    tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.attempts == 0  # generate never got as far as starting
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "could not connect to server" in run.error


def test_an_error_in_the_report_fails_the_run_at_once(monkeypatch, branch, beat_a, eager_tasks):
    from reports import catalogue

    run = unsaved_run(branch)

    def broken(params, beat_ids):
        raise ValueError("division by zero in a figure")

    monkeypatch.setattr(catalogue.get("population"), "figures", broken)
    result = tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert result.get() == "failed"
    assert run.status == ReportRun.Status.FAILED and run.attempts == 1
    assert "division by zero in a figure" in run.error


def test_a_broker_that_is_down_fails_the_run_instead_of_leaving_it_queued(
    monkeypatch, branch, beat_a, analyst, django_capture_on_commit_callbacks
):
    from reports import catalogue

    def no_broker(*args, **kwargs):
        raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.generate_report, "delay", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_run(
            report=catalogue.get("population"),
            params=Params(branch, Period.month(2026, 10)),
            by=analyst,
        )
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "Connection refused" in run.error


def test_the_sweeper_fails_runs_stuck_generating(branch, beat_a, settings):
    settings.REPORT_RUN_TIMEOUT_MINUTES = 30
    now = timezone.now()
    stuck = unsaved_run(
        branch, status=ReportRun.Status.RUNNING, started_at=now - datetime.timedelta(minutes=31)
    )
    busy = unsaved_run(
        branch, status=ReportRun.Status.RUNNING, started_at=now - datetime.timedelta(minutes=29)
    )
    lost = unsaved_run(branch)
    ReportRun.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(hours=2))
    waiting = unsaved_run(branch)
    done = unsaved_run(
        branch, status=ReportRun.Status.DONE, started_at=now - datetime.timedelta(days=1)
    )

    assert tasks.fail_stuck_runs.apply().get() == 2
    statuses = {run.pk: run.status for run in ReportRun.objects.all()}
    assert statuses[stuck.pk] == statuses[lost.pk] == ReportRun.Status.FAILED
    assert statuses[busy.pk] == ReportRun.Status.RUNNING
    assert statuses[waiting.pk] == ReportRun.Status.QUEUED
    assert statuses[done.pk] == ReportRun.Status.DONE
    stuck.refresh_from_db()
    assert "30" in stuck.error


def test_without_the_font_pdf_is_unavailable_and_the_other_files_are_written(
    make_run, branch, beat_a, settings
):
    from reports.formats.pdf import PdfFormat

    settings.REPORT_PDF_FONT = "/nonexistent/wqy-microhei.ttc"
    reason = PdfFormat().unavailable_reason()
    assert "fonts-wqy-microhei" in reason
    run = make_run(branch)
    assert run.status == ReportRun.Status.DONE
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "xlsx"]


def test_a_filed_run_is_never_generated_again(make_run, branch, beat_a, analyst, person_a):
    run = make_run(branch)
    run.file(by=analyst)
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)
    before = (run.data_read_at, run.result)
    tasks.generate_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert (run.data_read_at, run.result) == before

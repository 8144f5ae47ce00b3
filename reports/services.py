"""Requesting, generating, filing and re-issuing report runs."""

import dataclasses
import logging
import os
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from .catalogue.base import Table
from .formats import Document, all_formats
from .models import ReportFile, ReportRun, progress_key, report_storage

logger = logging.getLogger(__name__)


def queue(run):
    """Send the run to a worker once the transaction that created it has committed."""
    from .tasks import generate_report

    def send():
        try:
            generate_report.delay(run.pk)
        except Exception as error:  # the broker is down: say so rather than wait forever
            logger.exception("Could not queue report run %s", run.pk)
            fail(run.pk, f"{error.__class__.__name__}: {error}")

    transaction.on_commit(send)


@transaction.atomic
def request_run(*, report, params, by, subscription=None):
    """A new run of ``report`` for ``params``, queued for generation."""
    run = ReportRun.for_params(report, params, requested_by=by, subscription=subscription)
    run.save()
    queue(run)
    return run


@transaction.atomic
def reissue(*, run, by, reason):
    """重新出具: a new run for the same report, unit and period, linked to the one it
    corrects. The old run, filed or not, stays as it was."""
    new = ReportRun.for_params(
        run.report, run.params, requested_by=by, reissue_of=run, reissue_reason=reason
    )
    new.parameters = run.parameters
    new.save()
    queue(new)
    return new


def fail(run_id, reason):
    """Mark a run failed with the reason (unless it finished meanwhile)."""
    return (
        ReportRun.objects.filter(pk=run_id)
        .exclude(status=ReportRun.Status.DONE)
        .update(status=ReportRun.Status.FAILED, error=reason[:2000], finished_at=timezone.now())
    )


def file_name(run, fmt):
    """Where a run's file lives. Fixed per run and format: generating again overwrites."""
    return (
        f"{run.pk}/{run.report_code}_{run.unit.code}_"
        f"{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}_{run.pk}.{fmt.extension}"
    )


def generate(run_id):
    """Read the data, build the table and write every available format.

    Idempotent: a finished run is left as it is; a run caught half-way (a worker that
    died, a redelivered task) is generated again and its files overwritten in place.
    Errors other than database or broker hiccups (which the task retries) mark the run
    failed with the reason.
    """
    run = ReportRun.objects.select_related("unit", "requested_by__unit").get(pk=run_id)
    if run.status == ReportRun.Status.DONE or run.is_filed:
        return run
    report = run.report
    if report is None:
        fail(run.pk, f"Unknown report {run.report_code!r}")
        return run
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
    )
    # Official forms are in Chinese whatever language the requester's browser asked for.
    with translation.override(settings.LANGUAGE_CODE):
        outermost = not transaction.get_connection().in_atomic_block
        # The files are written inside the snapshot too: a long list streams its rows
        # from the database into each file in turn, and every file must have the same.
        with transaction.atomic():
            if outermost:
                _one_snapshot()
            run.data_read_at = timezone.now()
            table = report.build(run.params)
            written = _write_files(run, Document.for_run(run, table))
            row_count = table.row_count()
            result = table.to_json(limit=getattr(report, "PREVIEW_ROWS", None))
    with transaction.atomic():
        for fmt, (name, size) in written.items():
            ReportFile.objects.update_or_create(
                run=run, format=fmt, defaults={"file": name, "size": size}
            )
        run.files.exclude(format__in=list(written)).delete()
        run.status = ReportRun.Status.DONE
        run.finished_at = timezone.now()
        run.row_count = row_count
        run.result = result
        run.error = ""
        run.save(
            update_fields=["status", "finished_at", "data_read_at", "row_count", "result", "error"]
        )
    cache.delete(progress_key(run.pk))
    return run


def _one_snapshot():
    """On PostgreSQL, let every query of the report read the same snapshot, so that its
    figure groups agree with each other and with "data as of" even while officers keep
    entering data. (SQLite reads one snapshot per transaction anyway.)"""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _write_files(run, document):
    table = document.table
    rows = table.row_count()
    formats = [fmt for fmt in all_formats() if not fmt.unavailable_reason(rows)]
    written = {}
    with tempfile.TemporaryDirectory() as folder:
        for number, fmt in enumerate(formats, 1):
            progress = Progress(run.pk, fmt, number, len(formats), rows)
            counted = Table(table.lead, table.columns, progress.counting(table.rows))
            path = os.path.join(folder, f"report.{fmt.extension}")
            fmt.write(dataclasses.replace(document, table=counted), path)
            name = file_name(run, fmt)
            if report_storage.exists(name):
                report_storage.delete(name)
            with open(path, "rb") as content:
                saved = report_storage.save(name, File(content))
            written[fmt.code] = (saved, os.path.getsize(path))
    return written


class Progress:
    """How far a run has got writing its files, for its page to show while it waits.

    Kept in the cache, not in the run's row: the files are written inside the run's
    snapshot transaction, which nobody else sees until it ends. Said at the start of
    each file and then every ``EVERY`` rows, so a long list shows it moving."""

    EVERY = 5000

    def __init__(self, run_id, fmt, number, files, rows):
        self.key = progress_key(run_id)
        self.state = {"file": str(fmt.label), "number": number, "files": files, "rows": rows}
        self.say(0)

    def say(self, done):
        files, rows = self.state["files"], self.state["rows"]
        share = (self.state["number"] - 1 + (done / rows if rows else 0)) / files
        cache.set(self.key, {**self.state, "done": done, "percent": int(100 * share)}, 3600)

    def counting(self, rows):
        """``rows``, saying how many have been written every ``EVERY`` rows; a list is
        handed on as it is (a format may read it twice)."""
        if isinstance(rows, list):
            return rows
        return _Counted(rows, self)


class _Counted:
    def __init__(self, rows, progress):
        self.rows, self.progress = rows, progress

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        for done, row in enumerate(self.rows, 1):
            if done % Progress.EVERY == 0:
                self.progress.say(done)
            yield row

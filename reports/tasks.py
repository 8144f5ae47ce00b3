"""Celery tasks of the reports: generating a run, the schedule of subscriptions, and a
sweeper for runs that a dead worker left half-way."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu.exceptions import OperationalError as BrokerError

from communitypolice.core import periods

from . import services
from .models import ReportRun, Subscription

logger = logging.getLogger(__name__)

# A database or broker hiccup: worth another try after a pause.
TRANSIENT = (OperationalError, InterfaceError, BrokerError)
MAX_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def generate_report(self, run_id):
    """Generate a run (safe to run twice: see ``services.generate``). A transient error
    is retried with a growing pause; on the last attempt, or on any other error, the
    run is marked failed with the reason instead of being left 生成中."""
    try:
        services.generate(run_id)
    except TRANSIENT as error:
        if self.request.retries >= MAX_RETRIES:
            services.fail(run_id, _reason(error))
            return "failed"
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.QUEUED, error=_reason(error)
        )
        raise
    except Exception as error:
        logger.exception("Report run %s failed", run_id)
        services.fail(run_id, _reason(error))
        return "failed"
    return "done"


def _reason(error):
    return f"{error.__class__.__name__}: {error}"


@shared_task
def fail_stuck_runs():
    """Fail runs still 生成中 (or 排队) longer than REPORT_RUN_TIMEOUT_MINUTES: their worker
    died or their message was lost. The reason says so; the user can request again."""
    minutes = settings.REPORT_RUN_TIMEOUT_MINUTES
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext(
            "Stopped: no result after %(minutes)d minutes (the worker may have stopped). "
            "Request the report again."
        ) % {"minutes": minutes}
    stuck = ReportRun.objects.filter(
        status=ReportRun.Status.RUNNING, started_at__lt=cutoff
    ) | ReportRun.objects.filter(status=ReportRun.Status.QUEUED, created_at__lt=cutoff)
    return stuck.update(status=ReportRun.Status.FAILED, error=reason, finished_at=timezone.now())


@shared_task
def create_subscribed_runs():
    """Create and queue the runs subscriptions are due for today (Beijing time): last
    week on Mondays, last month on the 1st, last quarter on the 1st of a quarter. Beat
    calls it every hour; a period already produced is not produced again, and a missed
    tick is made up by the next one."""
    today = periods.today()
    created = []
    for subscription in Subscription.objects.filter(active=True).select_related("unit"):
        period = subscription.due_period(today)
        report = subscription.report
        if period is None or report is None:
            continue
        if subscription.runs.filter(period_start=period.start, reissue_of__isnull=True).exists():
            continue
        from .catalogue.base import Params

        try:
            with transaction.atomic():
                run = services.request_run(
                    report=report,
                    params=Params(subscription.unit, period),
                    by=None,
                    subscription=subscription,
                )
        except IntegrityError:  # another beat tick made it a moment ago
            continue
        created.append(run.pk)
    return created


@shared_task
def refresh_snapshots():
    """Count again the dashboard figures that are slow to count (core/snapshots)."""
    from assignments import workload  # noqa: F401  (registers the kinds of figures)
    from communitypolice.core.snapshots import refresh_snapshots as refresh

    from . import dashboard_views  # noqa: F401

    return refresh()

"""Report runs (one generation of a catalogue report for a unit and period, with its
files) and subscriptions (a unit receiving a report on a schedule)."""

import os

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit
from communitypolice.accounts.scope import scope_of
from communitypolice.core import periods
from communitypolice.core.periods import Period

from .catalogue.base import Params


class ReportStorage(FileSystemStorage):
    """Report files live in REPORT_FILES_ROOT, outside MEDIA_ROOT, so that they are only
    served by the download view, which checks the scope and audits the download."""

    @property
    def base_location(self):
        return str(settings.REPORT_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


report_storage = ReportStorage()


def progress_key(run_id):
    """Where a run being generated says how far it has got (services.Progress)."""
    return f"reports:run-progress:{run_id}"


def personal_report_codes():
    from . import catalogue

    return [report.code for report in catalogue.all_reports() if report.personal]


def _of_units_reached(queryset, user):
    """Rows of the units the user's scope reaches; personal reports only for a scope
    that holds personal data (a chief's station), never for an analyst's."""
    scope = scope_of(user)
    if scope.is_all:
        return queryset
    queryset = queryset.filter(unit__in=Unit.objects.reached_by(scope))
    if not scope.personal:
        queryset = queryset.exclude(report_code__in=personal_report_codes())
    return queryset


def acts_for(user, unit_id):
    """Filing a run, re-issuing it and keeping a subscription are a unit's own business:
    a user acts on their own unit's (an administrator on any), however far they read."""
    scope = scope_of(user)
    return scope.is_all or (scope.unit_id is not None and scope.unit_id == unit_id)


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Runs a user may see: an analyst's unit and the units below it (aggregate reports
        only), a chief's own station (personal reports included); nobody else's."""
        return _of_units_reached(self, user)

    def delete(self):
        """Runs not filed; a filed run is kept for good (``ReportRun.delete``)."""
        if self.filter(filed_at__isnull=False).exists():
            raise ProtectedError(
                "A filed report run cannot be deleted.", set(self.filter(filed_at__isnull=False))
            )
        return super().delete()

    def stuck(self, older_than):
        """Runs still generating after ``older_than`` (a timedelta) since they started."""
        return self.filter(
            status=ReportRun.Status.RUNNING, started_at__lt=timezone.now() - older_than
        )


class ReportRun(models.Model):
    """One generation of a report: what was asked, by whom, when the data was read, and
    the files. Once filed (提交) it is frozen; a correction is a new run that re-issues it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    report_code = models.CharField(_("report"), max_length=40, db_index=True)
    parameters = models.JSONField(_("parameters"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="report_runs"
    )
    period_kind = models.CharField(_("period type"), max_length=10)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subscription = models.ForeignKey(
        "Subscription",
        verbose_name=_("subscription"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    data_read_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The table as generated (Table.to_json()): the on-screen view and the comparison
    # with the previous period read it, so a filed run shows what was filed.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reissue_of = models.ForeignKey(
        "self",
        verbose_name=_("re-issue of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissues",
    )
    reissue_reason = models.CharField(_("reason for re-issuing"), max_length=300, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["report_code", "unit", "period_start"])]
        constraints = [
            # A subscription produces one run per period, however often beat fires.
            models.UniqueConstraint(
                fields=["subscription", "period_start"],
                condition=Q(subscription__isnull=False, reissue_of__isnull=True),
                name="one_run_per_subscription_period",
            )
        ]

    def __str__(self):
        return f"{self.title} · {self.unit} · {self.period.label}"

    def get_absolute_url(self):
        return reverse("reports:run_detail", args=[self.pk])

    @property
    def report(self):
        from . import catalogue

        try:
            return catalogue.get(self.report_code)
        except KeyError:
            return None

    @property
    def title(self):
        return self.report.title if self.report else self.report_code

    @property
    def period(self):
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def params(self):
        return Params(self.unit, self.period)

    @property
    def is_filed(self):
        return self.filed_at is not None

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress(self):
        """While its files are written: which file (number of files), rows written of
        rows, and the share of the whole work in percent; None before and after."""
        return None if self.is_finished else cache.get(progress_key(self.pk))

    @property
    def is_preview(self):
        """Whether the screen shows only the first rows of a long list (the files have
        them all)."""
        return (
            bool(self.result)
            and self.row_count is not None
            and (len(self.result["rows"]) < self.row_count)
        )

    @classmethod
    def for_params(cls, report, params, **fields):
        """An unsaved run of ``report`` for ``params``."""
        return cls(
            report_code=report.code,
            parameters=params.to_json(),
            unit=params.unit,
            period_kind=params.period.kind,
            period_start=params.period.start,
            period_end=params.period.end,
            **fields,
        )

    def previous_period_run(self):
        """The latest finished run of the same report and unit for the period before (环比)."""
        before = self.period.previous()
        return (
            ReportRun.objects.filter(
                report_code=self.report_code,
                unit_id=self.unit_id,
                period_start=before.start,
                period_end=before.end,
                status=self.Status.DONE,
            )
            .order_by("-filed_at", "-finished_at", "-pk")
            .first()
        )

    def delete(self, *args, **kwargs):
        if self.is_filed:
            raise ProtectedError("A filed report run cannot be deleted.", {self})
        return super().delete(*args, **kwargs)

    def file(self, *, by):
        """提交: file the run with the higher unit. From now on it does not change."""
        if self.status != self.Status.DONE:
            raise ValidationError(_("Only a finished run can be filed."))
        if self.is_filed:
            raise ValidationError(_("This run has been filed already."))
        self.filed_at = timezone.now()
        self.filed_by = by
        self.save(update_fields=["filed_at", "filed_by"])


class ReportFile(models.Model):
    """A file of a run in one format. Generating the run again overwrites it in place."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), storage=report_storage, max_length=300)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["format"]
        constraints = [
            models.UniqueConstraint(fields=["run", "format"], name="one_file_per_format")
        ]

    def __str__(self):
        return f"{self.run_id}.{self.format}"


class SubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Subscriptions of the units a user reaches, as for runs."""
        return _of_units_reached(self, user)


class Subscription(models.Model):
    """A unit receives a report on a schedule: weekly (Monday, the previous week), monthly
    (the 1st, the previous month) or quarterly (the 1st of a quarter, the previous one)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="report_subscriptions"
    )
    report_code = models.CharField(_("report"), max_length=40)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["unit__code", "report_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "report_code", "frequency"], name="one_subscription_per_schedule"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.report_code} · {self.get_frequency_display()}"

    @property
    def report(self):
        from . import catalogue

        try:
            return catalogue.get(self.report_code)
        except KeyError:
            return None

    def due_period(self, today):
        """The latest whole period before ``today`` (last week from Monday, last month from
        the 1st, last quarter from the 1st of a quarter), or None when it ended before the
        subscription began. Asking again later the same period returns the same answer, so
        a missed beat tick catches up and a repeated one creates nothing new."""
        latest = {
            self.Frequency.WEEKLY: Period.last_week,
            self.Frequency.MONTHLY: Period.last_month,
            self.Frequency.QUARTERLY: Period.last_quarter,
        }[self.frequency](today)
        if latest.end < periods.local_date(self.created_at):
            return None
        return latest

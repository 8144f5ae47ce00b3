from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit

from .scoping import BeatScopedQuerySet, RegisterQuerySet, beats_on_duty


class BeatQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Beats a user may see: an officer's own beats today, a chief's station, the
        stations under an analyst's unit (for aggregate figures), everything for admins."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_chief and user.unit_id:
            return self.filter(station_id=user.unit_id)
        if user.is_officer:
            return self.filter(pk__in=beats_on_duty(user))
        if user.is_analyst and user.unit_id:
            return self.filter(station__in=user.unit.stations())
        return self.none()


class Beat(models.Model):
    """A community policing beat (社区警务区) of one police station."""

    station = models.ForeignKey(
        Unit,
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Unit.Kind.STATION},
        related_name="beats",
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("beat code"), max_length=20, unique=True)
    office = models.CharField(_("police office (警务室) location"), max_length=200, blank=True)

    objects = BeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("beat")
        verbose_name_plural = _("beats")
        ordering = ["code"]

    def __str__(self):
        return self.name


def in_force_on(day, prefix=""):
    """The condition for an assignment in force on a day: started on or before it, not
    ended before it. ``prefix`` reaches it through a relation (``"assignments__"``)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class AssignmentQuerySet(BeatScopedQuerySet):
    def active_on(self, day):
        """Assignments in force on a day."""
        return self.filter(in_force_on(day))

    def overlapping(self, start, end=None):
        """Assignments in force on any day from ``start`` to ``end`` (open-ended: None)."""
        queryset = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        return queryset if end is None else queryset.filter(start_date__lte=end)


class Assignment(models.Model):
    """An officer's post in a beat, as lead (责任区民警) or assistant, from one day to another."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead officer")
        ASSISTANT = "assistant", _("Assistant officer")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("post"), max_length=10, choices=Role.choices, default=Role.LEAD)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["officer", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_it_starts",
                violation_error_message=_("An assignment cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.officer} · {self.beat} ({self.get_role_display()})"

    def clean(self):
        """A beat has at most one lead at a time, and an officer holds at most one lead
        post at a time (一区一警 / 一区多警 both keep one lead per beat)."""
        if self.role != self.Role.LEAD or not (
            self.beat_id and self.officer_id and self.start_date
        ):
            return
        leads = (
            Assignment.objects.filter(role=self.Role.LEAD)
            .exclude(pk=self.pk)
            .overlapping(self.start_date, self.end_date)
        )
        if leads.filter(beat_id=self.beat_id).exists():
            raise ValidationError(
                {"beat": _("This beat has a lead officer for (part of) this period already.")}
            )
        if leads.filter(officer_id=self.officer_id).exists():
            raise ValidationError(
                {"officer": _("This officer leads another beat in (part of) this period.")}
            )

    @property
    def days_served(self):
        """Days in the post up to today, or to its end."""
        end = min(self.end_date or timezone.localdate(), timezone.localdate())
        return max((end - self.start_date).days + 1, 0)


class BeatRecord(models.Model):
    """A register record of a beat: a house, an organisation, a person, an incident …

    It carries its beat directly, so that scoping and aggregation are one indexed
    column away; when it was last verified and by whom; and, instead of deletion,
    when and why it was closed. ``version`` gives optimistic locking: saving a form
    opened before someone else's save is refused rather than overwriting it.
    """

    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="%(class)ss"
    )
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = AutoIncVersionField()

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_closed(self):
        return self.closed_at is not None

    def verify(self, *, by):
        """核实无误: the record was checked against reality just now."""
        self.verified_at = timezone.now()
        self.verified_by = by
        self.save(update_fields=["verified_at", "verified_by", "version", "updated_at"])

    def close(self, *, by, reason):
        """Take the record out of the active register; it and its history remain."""
        self.closed_at = timezone.now()
        self.closed_by = by
        self.close_reason = reason
        self.save(update_fields=["closed_at", "closed_by", "close_reason", "version", "updated_at"])

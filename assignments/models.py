from decimal import Decimal

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit
from communitypolice.core import periods

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
        if (self.officer_id and self.beat_id) and (
            not self.officer.is_officer or self.officer.unit_id != self.beat.station_id
        ):
            raise ValidationError(
                {"officer": _("Only an officer of the beat's station can serve in it.")}
            )
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
        end = min(self.end_date or periods.today(), periods.today())
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


def higher_unit_users(station):
    """Analysts and administrators of a unit above a station: the second approvers of an
    early transfer, and besides the station's chiefs, who may dispatch its officers."""
    from communitypolice.accounts.models import User

    above = [unit_id for unit_id in (station.parent_id, station.parent.parent_id) if unit_id]
    return User.objects.filter(
        Q(role=User.Role.ANALYST, unit_id__in=above)
        | Q(role=User.Role.ADMIN)
        | Q(is_superuser=True),
        is_active=True,
    )


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The officer's own requests, a chief's station, the stations under an analyst's
        unit (they approve early removals), everything for administrators."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_chief and user.unit_id:
            return self.filter(assignment__beat__station_id=user.unit_id)
        if user.is_analyst and user.unit_id:
            return self.filter(assignment__beat__station__in=user.unit.stations())
        return self.filter(assignment__officer=user)

    def pending(self):
        return self.filter(status__in=TransferRequest.PENDING)

    def awaiting(self, user):
        """Requests waiting for this user's decision."""
        queryset = self.visible_to(user)
        if user.is_admin:
            return queryset.pending()
        if user.is_chief:
            return queryset.filter(status=TransferRequest.Status.PENDING)
        if user.is_analyst:
            return queryset.filter(status=TransferRequest.Status.PENDING_HIGHER)
        return queryset.none()


class TransferRequest(models.Model):
    """调离审批: a request to move an officer out of a post, to another post or away.

    The station chief decides; a move before the minimum tenure also needs an analyst
    or administrator of the unit above. Approval ends the old post, starts the new one
    and hands over what the officer was responsible for, all in one transaction.
    """

    class Kind(models.TextChoices):
        REASSIGN = "reassign", _("Reassignment to another post")
        REMOVE = "remove", _("Removal from community policing")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the station chief")
        PENDING_HIGHER = "pending_higher", _("Awaiting the unit above")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    PENDING = [Status.PENDING, Status.PENDING_HIGHER]

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("post left"),
        on_delete=models.PROTECT,
        related_name="transfer_requests",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    to_beat = models.ForeignKey(
        Beat,
        verbose_name=_("new beat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_role = models.CharField(
        _("new post"), max_length=10, choices=Assignment.Role.choices, blank=True
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new lead officer of the beat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who leads the beat after a lead officer leaves it."),
    )
    effective_date = models.DateField(_("effective from"))
    reason = models.TextField(_("reason"), max_length=1000)
    needs_higher_approval = models.BooleanField(
        _("before the minimum tenure"), default=False, editable=False
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    chief_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("station chief"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chief_decision_at = models.DateTimeField(_("station chief decided"), null=True, blank=True)
    higher_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit above"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    higher_decision_at = models.DateTimeField(_("unit above decided"), null=True, blank=True)
    comment = models.TextField(_("station chief's comment"), max_length=1000, blank=True)
    higher_comment = models.TextField(_("unit above's comment"), max_length=1000, blank=True)
    new_assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("new post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handover = models.JSONField(_("handed over"), default=list, blank=True, editable=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.assignment.officer} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("assignments:transfer_detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status in self.PENDING

    def may_decide(self, user):
        """Whether it is this user's turn to approve or reject."""
        station = self.assignment.beat.station
        if self.status == self.Status.PENDING:
            return user.is_admin or (user.is_chief and user.unit_id == station.pk)
        if self.status == self.Status.PENDING_HIGHER:
            return higher_unit_users(station).filter(pk=user.pk).exists()
        return False


def officers_visible_to(user):
    """The community officers whose posts, duty log and training a user may see: an
    officer themselves, a chief their station's, an administrator all of them."""
    from communitypolice.accounts.models import User

    officers = User.objects.filter(role=User.Role.OFFICER)
    if not user.is_authenticated or not user.is_active:
        return officers.none()
    if user.is_admin:
        return officers
    if user.is_chief and user.unit_id:
        return officers.filter(unit_id=user.unit_id)
    if user.is_officer:
        return officers.filter(pk=user.pk)
    return officers.none()


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The log of the officers a user may see (``officers_visible_to``), and what the
        user was named as dispatcher of. Analysts read shares only through reports."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(Q(officer__in=officers_visible_to(user)) | Q(dispatched_by=user))

    def community(self):
        return self.filter(kind__in=DutyBlock.COMMUNITY)

    def awaiting_confirmation_by(self, user):
        return self.filter(dispatched_by=user, dispatch_status=DutyBlock.Dispatch.PENDING)


class DutyBlock(models.Model):
    """Half a working day of an officer's duty log (下社区时间), in the community or not.

    Non-community duty names who dispatched the officer, who confirms it, so that a
    station can see who pulls its officers out of their beats.
    """

    class Half(models.TextChoices):
        AM = "am", _("morning")
        PM = "pm", _("afternoon")

    class Kind(models.TextChoices):
        VISIT = "visit", _("field visits (走访)")
        OFFICE = "office", _("police office duty (警务室办公)")
        COMMUNITY_EVENT = "event", _("community activity (社区活动)")
        STANDBY = "standby", _("station duty and standby (值班备勤)")
        OPERATION = "operation", _("special operation (专项行动)")
        NON_POLICE = "non_police", _("non-police assignment (非警务活动)")
        OTHER = "other", _("other duty (其他)")

    class Dispatch(models.TextChoices):
        NONE = "", _("not dispatched")
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("not confirmed")

    COMMUNITY = [Kind.VISIT, Kind.OFFICE, Kind.COMMUNITY_EVENT]

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="duty_blocks",
    )
    date = models.DateField(_("date"))
    half = models.CharField(_("half day"), max_length=2, choices=Half.choices)
    kind = models.CharField(_("work"), max_length=10, choices=Kind.choices)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispatched by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatched_blocks",
    )
    dispatch_status = models.CharField(
        _("dispatch"), max_length=10, choices=Dispatch.choices, default="", blank=True
    )
    dispatch_decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    from_visit = models.BooleanField(_("from a recorded visit"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")
        ordering = ["date", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "date", "half"], name="one_entry_per_half_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["visit", "office", "event"]) | Q(dispatched_by__isnull=False),
                name="non_community_duty_names_its_dispatcher",
                violation_error_message=_("Non-community duty must name who dispatched it."),
            ),
        ]
        indexes = [models.Index(fields=["dispatched_by", "dispatch_status"])]

    def __str__(self):
        return f"{self.officer} {self.date} {self.get_half_display()} · {self.get_kind_display()}"

    @property
    def is_community(self):
        return self.kind in self.COMMUNITY


class TrainingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_active and user.is_admin:
            return self
        return self.filter(officer__in=officers_visible_to(user))


class TrainingRecord(models.Model):
    """培训: a course an officer took, its hours and result."""

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")
        ATTENDED = "attended", _("attended (no examination)")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    course = models.CharField(_("course"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("400"))],
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-date"]
        indexes = [models.Index(fields=["officer", "date"])]

    def __str__(self):
        return f"{self.officer} · {self.course}"

    def clean(self):
        if self.date and self.date > periods.today():
            raise ValidationError({"date": _("A training record cannot be in the future.")})


class AllocationRule(models.Model):
    """A higher unit's weights for the allocation advisor (警力配置口径). A station uses
    the rule of the nearest unit above it, or the defaults from the settings."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="allocation_rule"
    )
    weights = models.JSONField(_("weights"), default=dict)
    index_per_officer = models.PositiveIntegerField(
        _("workload one officer carries"), validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")

    def __str__(self):
        return str(self.unit)

    @classmethod
    def for_station(cls, station, rules=None):
        """The rule that applies to a station: its own unit's, its branch's, its city's.
        ``rules`` ({unit_id: rule}, every rule) saves the query when asked many times."""
        if rules is None:
            rules = {rule.unit_id: rule for rule in cls.objects.all()}
        parent = station.parent
        for unit_id in (station.pk, station.parent_id, parent.parent_id if parent else None):
            if unit_id in rules:
                return rules[unit_id]
        return cls.default()

    @classmethod
    def default(cls):
        return cls(weights={}, index_per_officer=settings.ALLOCATION_INDEX_PER_OFFICER)

    def weight(self, key):
        return float(self.weights.get(key, settings.ALLOCATION_WEIGHTS.get(key, 0)))

import datetime
from decimal import Decimal

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit, User
from communitypolice.accounts.scope import Reach, scope_of
from communitypolice.core import periods
from communitypolice.core.verification import CheckMethod

from .history import EndReason, note_state

ALL = object()  # personal_data_beats() of an administrator: every beat


def beats_on_duty(officer, on=None):
    """Ids of the beats an officer is assigned to on the given day (today by default)."""
    return (
        Assignment.objects.active_on(on or periods.today())
        .filter(officer=officer)
        .values("beat_id")
    )


class BeatQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Beats a user may see (``reached_by`` their scope)."""
        return self.reached_by(scope_of(user))

    def reached_by(self, scope):
        """An officer's own beats today, a chief's station, the stations under an
        analyst's unit (for aggregate figures), everything for an administrator."""
        if scope.reach is Reach.ALL:
            return self
        if scope.reach is Reach.BEATS:
            return self.filter(pk__in=beats_on_duty(scope.user_id))
        if scope.reach is Reach.STATION:
            return self.filter(station_id=scope.unit_id)
        if scope.reach is Reach.UNIT:
            return self.filter(station__in=Unit.objects.reached_by(scope).stations())
        return self.none()


def personal_data_beats(user):
    """The beats whose personal records a user may see, as a subquery of ids, or ALL:
    the beats their scope reaches, unless it holds no personal data (an analyst's)."""
    scope = scope_of(user)
    if scope.is_all:
        return ALL
    if not scope.personal:
        return Beat.objects.none().values("pk")
    return Beat.objects.reached_by(scope).values("pk")


class BeatScopedQuerySet(models.QuerySet):
    """QuerySet for records that belong to a beat and hold personal data."""

    beat_field = "beat"

    def visible_to(self, user):
        beats = personal_data_beats(user)
        if beats is ALL:
            return self
        return self.filter(**{f"{self.beat_field}__in": beats})


class OneOf(models.Func):
    """``column = ANY(ARRAY(subquery))`` on PostgreSQL, ``column IN (subquery)``
    elsewhere: a condition on the records a subquery finds. Written as an array, it is
    one arm of a BitmapOr with the other fields' indexes, where ``IN`` would be checked
    row by row."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, column, queryset):
        super().__init__(F(column), models.Subquery(queryset))

    def as_sql(self, compiler, connection, **extra):
        column, found = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "postgresql":
            return f"{column[0]} = ANY(ARRAY{found[0]})", (*column[1], *found[1])
        return f"{column[0]} IN {found[0]}", (*column[1], *found[1])


class RegisterQuerySet(BeatScopedQuerySet):
    def active(self):
        """Records not closed: what the registers list by default."""
        return self.filter(closed_at__isnull=True)

    def search(self, text):
        """Records whose ``search_fields`` (a model attribute) contain ``text``: the
        search box of the register's list and the pickers of the forms alike."""
        text = text.strip()
        if not text:
            return self
        condition = Q()
        for field in self.model.search_fields:
            relation, _sep, rest = field.partition("__")
            if not rest:
                condition |= Q(**{f"{field}__icontains": text})
                continue
            # A field of a related record (the address's full name): the related records
            # are found first, by their own index, rather than joined to every row.
            related = self.model._meta.get_field(relation).related_model
            found = related._base_manager.filter(**{f"{rest}__icontains": text}).values("pk")
            condition |= Q(OneOf(relation, found))
        return self.filter(condition)


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

    def movable_by(self, user):
        """Posts a user may ask to move: an officer's own, those of a chief's station,
        any for an administrator. (Analysts approve moves; they do not ask for them.)"""
        scope = scope_of(user)
        if scope.is_all:
            return self
        if scope.reach is Reach.STATION:
            return self.filter(beat__station_id=scope.unit_id)
        if scope.reach is Reach.BEATS:
            return self.filter(officer_id=scope.user_id)
        return self.none()

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
    # 登记日期: the day the police registered the record, which an import or a late
    # entry takes from the ledger; not the moment the row was inserted (created_at).
    registered_on = models.DateField(_("registration date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = AutoIncVersionField()
    # Every check of the record (Verification); verified_at/verified_by is the latest.
    verifications = GenericRelation("assignments.Verification")

    objects = RegisterQuerySet.as_manager()
    # What the register's search box looks in (RegisterQuerySet.search).
    search_fields = ()

    # The DatedState model that keeps the record's history (assignments.history), if any.
    state_model = None

    class Meta:
        abstract = True

    def save(self, *args, history=None, **kwargs):
        """Save, and keep the dated history (assignments.history) in step when a value it
        tracks may have changed. ``history`` gives ``note_state`` the first day of the new
        values and why the old ones ended, where the caller knows them (a move, a move
        out); without it the new values hold from today."""
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if self.state_model is not None and (
            update_fields is None or self.history_fields() & set(update_fields)
        ):
            note_state(self, **(history or {}))

    @property
    def is_closed(self):
        return self.closed_at is not None

    def in_register(self):
        """Still counted by the register: not closed (``in_register_q`` for a queryset)."""
        return self.closed_at is None

    @classmethod
    def in_register_q(cls):
        return Q(closed_at__isnull=True)

    def history_day(self):
        """The first day of the record's present state: the day it was closed, or today."""
        if self.closed_at is not None:
            return periods.local_date(self.closed_at)
        return periods.today()

    def end_reason(self):
        """Why the record left the register, for its last history span."""
        return EndReason.CLOSED

    @classmethod
    def history_fields(cls):
        """The fields whose change may change the record's dated history."""
        return {*cls.state_model.tracked, "closed_at", "registered_on"}

    def verify(self, *, by, at=None, method=CheckMethod.VISIT, visit=None, changes=None):
        """核实: the record was checked against reality at ``at`` (now by default) by
        ``by``, in the way ``method`` says; ``visit`` is the field visit it was part of;
        ``changes`` ({field label: [old, new]}) what the check corrected.

        Writes the check into the verification history and moves ``verified_at`` /
        ``verified_by`` to it only forward: a check entered late (补录) with an earlier
        date stays in the history without making the record look older than it is.
        Returns the Verification.
        """
        check = Verification.objects.create(
            record=self,
            checked_at=at or timezone.now(),
            checked_by=by,
            method=method,
            source=visit,
            beat_id=self.beat_id_on(periods.local_date(at)) if at else self.beat_id,
            changes=changes or {},
        )
        # One conditional UPDATE: two checks saved at once cannot move it backwards
        # either. The version moves on, so an edit form opened before the check is
        # refused rather than writing the old verified_at back.
        moved = (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .filter(Q(verified_at__isnull=True) | Q(verified_at__lt=check.checked_at))
            .update(
                verified_at=check.checked_at,
                verified_by=by,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        )
        if moved:
            self.verified_at, self.verified_by = check.checked_at, by
            self.version += 1
        return check

    def beat_id_on(self, day):
        """The record's beat on ``day``, from its dated history where it keeps one."""
        if self.state_model is not None:
            model = self.state_model
            state = model.objects.filter(**{model.record_field: self}).on(day).first()
            if state is not None:
                return state.beat_id
        return self.beat_id

    def close(self, *, by, reason):
        """Take the record out of the active register; it and its history remain."""
        self.closed_at = timezone.now()
        self.closed_by = by
        self.close_reason = reason
        self.save(
            update_fields=["closed_at", "closed_by", "close_reason", "version", "updated_at"],
            history={"reason": EndReason.CLOSED},
        )


class VerificationQuerySet(models.QuerySet):
    def of(self, record):
        """The checks of one record."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )

    def of_kind(self, model):
        """The checks of every record of a register, without looking its content type up:
        for subqueries that must not cost a query of their own."""
        meta = model._meta
        return self.filter(
            content_type__app_label=meta.app_label, content_type__model=meta.model_name
        )


class Verification(models.Model):
    """One check of a register record (核实记录): when, by whom, how, what it changed.

    Every kind of register record (people, houses, organisations, items, incidents,
    disputes, tips, visits) can be checked, so the record is a generic relation
    (content type and id) rather than a foreign key per kind: one table, one set of
    indexes and one history section serve every register and any register added
    later, where eight nullable keys would need eight indexes and a migration for each
    new kind. What it costs, a foreign key in the database, matters little here:
    register records are closed, never deleted (and ``BeatRecord.verifications``
    deletes the checks with a record in the ORM).

    ``beat`` is the beat the record had when it was checked, so that checks can be
    counted per beat without reading the record. ``source`` is what the check came
    from, a field visit for one made on a visit (generic, because visits belong to an
    app above this one).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verifications",
    )
    method = models.CharField(_("how"), max_length=16, choices=CheckMethod.choices)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="verifications"
    )
    changes = models.JSONField(_("what it changed"), default=dict, blank=True)
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verification history")
        ordering = ["-checked_at", "-pk"]
        indexes = [
            # A record's history, and its latest check within [t - days, t] (freshness).
            models.Index(
                fields=["content_type", "object_id", "checked_at"], name="verification_record"
            ),
            # Records of a kind checked in [t - days, t], per beat.
            models.Index(
                fields=["content_type", "beat", "checked_at"], name="verification_kind_beat"
            ),
            # An officer's checks in a period.
            models.Index(fields=["checked_by", "checked_at"], name="verification_officer"),
        ]

    def __str__(self):
        return f"{self.record} · {self.get_method_display()}"

    @property
    def entered_late(self):
        """补录: entered more than a day after the check was made."""
        return self.entered_at - self.checked_at > datetime.timedelta(days=1)


def record_checks(queryset, *, method):
    """One Verification for each record of ``queryset`` that was verified (has
    ``verified_at``) and has no check in the history yet, in bulk: for records loaded
    with ``bulk_create`` or created with ``verified_at`` set (the demo, the bench
    district, an import). The beat is the record's own. Returns how many were written."""
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model)
    checked = Verification.objects.filter(content_type=content_type).values("object_id")
    rows = (
        queryset.filter(verified_at__isnull=False)
        .exclude(pk__in=checked)
        .values_list("pk", "verified_at", "verified_by_id", "beat_id")
    )
    checks = [
        Verification(
            content_type=content_type,
            object_id=pk,
            checked_at=at,
            checked_by_id=by,
            method=method,
            beat_id=beat,
        )
        for pk, at, by, beat in rows.iterator(chunk_size=2000)
    ]
    Verification.objects.bulk_create(checks, batch_size=2000)
    return len(checks)


def higher_unit_users(station):
    """Analysts and administrators of a unit above a station: the second approvers of an
    early transfer, and besides the station's chiefs, who may dispatch its officers."""
    above = [unit_id for unit_id in (station.parent_id, station.parent.parent_id) if unit_id]
    return User.objects.filter(
        Q(role=User.Role.ANALYST, unit_id__in=above)
        | Q(role=User.Role.ADMIN)
        | Q(is_superuser=True),
        is_active=True,
    )


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An officer's own requests; those of the beats a chief or an analyst reaches
        (analysts approve early removals); everything for administrators."""
        scope = scope_of(user)
        if scope.is_all:
            return self
        if scope.reach is Reach.BEATS:
            return self.filter(assignment__officer_id=scope.user_id)
        return self.filter(assignment__beat__in=Beat.objects.reached_by(scope))

    def pending(self):
        return self.filter(status__in=TransferRequest.PENDING)

    def awaiting(self, user):
        """Requests waiting for this user's decision: a chief decides first, the unit
        above second, an administrator either."""
        queryset = self.visible_to(user)
        reach = scope_of(user).reach
        if reach is Reach.ALL:
            return queryset.pending()
        if reach is Reach.STATION:
            return queryset.filter(status=TransferRequest.Status.PENDING)
        if reach is Reach.UNIT:
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
            scope = scope_of(user)
            return scope.is_all or (scope.reach is Reach.STATION and scope.unit_id == station.pk)
        if self.status == self.Status.PENDING_HIGHER:
            return higher_unit_users(station).filter(pk=user.pk).exists()
        return False


def officers_visible_to(user):
    """The community officers whose posts, duty log and training a user may see: an
    officer themselves, a chief their station's, an administrator all of them; analysts
    read these only through reports."""
    officers = User.objects.filter(role=User.Role.OFFICER)
    scope = scope_of(user)
    if scope.is_all:
        return officers
    if scope.reach is Reach.STATION:
        return officers.filter(unit_id=scope.unit_id)
    if scope.reach is Reach.BEATS:
        return officers.filter(pk=scope.user_id)
    return officers.none()


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The log of the officers a user may see (``officers_visible_to``), and what the
        user was named as dispatcher of. Analysts read shares only through reports."""
        scope = scope_of(user)
        if scope.is_all:
            return self
        if scope.reach is Reach.NOTHING:
            return self.none()
        return self.filter(
            Q(officer__in=officers_visible_to(user)) | Q(dispatched_by_id=scope.user_id)
        )

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
        """The training of the officers a user may see (``officers_visible_to``)."""
        if scope_of(user).is_all:
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

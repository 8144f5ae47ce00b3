"""事: incidents (警情), disputes (矛盾纠纷), early-warning tips (预警信息) and field visits."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import BeatRecord
from assignments.scoping import RegisterQuerySet
from communitypolice.accounts.models import Unit
from communitypolice.core import periods
from communitypolice.core.access import MANAGERS, has_role
from communitypolice.core.models import CodeTable
from places.models import Address, Item, Organization
from residents.models import Person


class IncidentType(CodeTable):
    """刑事案件, 治安案件, 纠纷, 求助, … with the deadlines a station works to."""

    accept_hours = models.PositiveSmallIntegerField(
        _("hours to take on"), default=1, help_text=_("From report to handling.")
    )
    handle_hours = models.PositiveSmallIntegerField(
        _("hours to handle"), default=72, help_text=_("From report to submitting for review.")
    )

    class Meta(CodeTable.Meta):
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")


class IncidentCounter(models.Model):
    """The last incident number issued per station and year. Numbers come from here
    under a row lock, so they have no gaps and no duplicates under concurrency."""

    station = models.ForeignKey(Unit, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="incident_counter_unique")
        ]

    def __str__(self):
        return f"{self.station.code}/{self.year}: {self.last}"

    @classmethod
    def next_number(cls, station, year):
        """Issue the next number; call inside the transaction that saves the incident,
        so that a rolled-back save gives its number back."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Incident numbers are issued inside a transaction.")
        cls.objects.get_or_create(station=station, year=year)
        counter = cls.objects.select_for_update().get(station=station, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"JQ-{station.code}-{year}-{counter.last:06d}"


class IncidentQuerySet(RegisterQuerySet):
    def open(self):
        """Incidents in hand: in the register (not closed as a record) and not yet 办结.
        An incident closed as a record (entered twice, in error) counts nowhere."""
        return self.active().exclude(status=Incident.Status.CLOSED)

    def overdue(self, now=None):
        """Open incidents past the deadline of their type for the status they are in (黄牌
        or 红牌). One condition per type: the types are a short code table."""
        now = now or timezone.now()
        condition = Q(pk__in=[])
        for kind in IncidentType.objects.all():
            condition |= Q(
                type=kind,
                status=Incident.Status.ACCEPTED,
                reported_at__lt=now - datetime.timedelta(hours=kind.accept_hours),
            )
            condition |= Q(
                type=kind,
                status=Incident.Status.HANDLING,
                reported_at__lt=now - datetime.timedelta(hours=kind.handle_hours),
            )
        return self.open().filter(condition)

    def reported_within(self, period):
        """Incidents in the register reported within the period (closed or not as cases):
        what every count of incidents over a span of days counts."""
        return self.active().filter(period.datetime_q("reported_at"))


class Incident(BeatRecord):
    """A reported incident (警情/案事件) and how it was handled."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("accepted (受理)")
        HANDLING = "handling", _("being handled (处置中)")
        REVIEW = "review", _("awaiting review (待审核)")
        CLOSED = "closed", _("closed (已办结)")

    # Which status may follow which, and who may make the step.
    TRANSITIONS = {
        Status.ACCEPTED: {Status.HANDLING},
        Status.HANDLING: {Status.REVIEW},
        Status.REVIEW: {Status.CLOSED, Status.HANDLING},  # a chief closes or returns it
        Status.CLOSED: set(),
    }
    CHIEF_ONLY = {(Status.REVIEW, Status.CLOSED), (Status.REVIEW, Status.HANDLING)}

    class Card(models.TextChoices):
        NONE = "", _("on time")
        YELLOW = "yellow", _("yellow card (overdue)")
        RED = "red", _("red card (far overdue)")

    number = models.CharField(_("incident number"), max_length=40, unique=True, editable=False)
    type = models.ForeignKey(IncidentType, verbose_name=_("type"), on_delete=models.PROTECT)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    address = models.ForeignKey(
        Address, verbose_name=_("address"), on_delete=models.PROTECT, related_name="incidents"
    )
    summary = models.TextField(_("summary"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED, db_index=True
    )
    handling_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handling officer"),
        on_delete=models.PROTECT,
        related_name="handled_incidents",
    )
    handling_started_at = models.DateTimeField(_("handling started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    closed_on = models.DateTimeField(_("closed on"), null=True, blank=True)
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organisations involved"),
        blank=True,
        related_name="incidents",
    )
    items = models.ManyToManyField(
        Item, verbose_name=_("items involved"), blank=True, related_name="incidents"
    )

    objects = IncidentQuerySet.as_manager()
    search_fields = ("number", "summary", "address__full_name")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["beat", "type", "reported_at"]),
            models.Index(fields=["status", "reported_at"]),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("incidents:incident_detail", args=[self.pk])

    def clean(self):
        now = timezone.now()
        errors = {}
        if self.reported_at and self.reported_at > now:
            errors["reported_at"] = _("The report time cannot be in the future.")
        if self.occurred_at and self.occurred_at > now:
            errors["occurred_at"] = _("The time it happened cannot be in the future.")
        if self.occurred_at and self.reported_at and self.occurred_at > self.reported_at:
            errors["occurred_at"] = _("It cannot have happened after it was reported.")
        if errors:
            raise ValidationError(errors)

    # --- deadlines ---------------------------------------------------------------

    def deadline(self):
        """The deadline the incident is working to now, or None once it is submitted."""
        if self.status == self.Status.ACCEPTED:
            return self.reported_at + datetime.timedelta(hours=self.type.accept_hours)
        if self.status == self.Status.HANDLING:
            return self.reported_at + datetime.timedelta(hours=self.type.handle_hours)
        return None

    def card(self, now=None):
        """黄牌 past the deadline, 红牌 past twice its allowance."""
        deadline = self.deadline()
        if deadline is None:
            return self.Card.NONE
        now = now or timezone.now()
        if now <= deadline:
            return self.Card.NONE
        allowance = deadline - self.reported_at
        if now > self.reported_at + 2 * allowance:
            return self.Card.RED
        return self.Card.YELLOW

    # --- workflow -------------------------------------------------------------------

    def allowed_steps(self, user):
        steps = []
        for target in self.TRANSITIONS[self.Status(self.status)]:
            if (self.status, target) in self.CHIEF_ONLY and not has_role(user, *MANAGERS):
                continue
            steps.append(self.Status(target))
        return steps

    @transaction.atomic
    def advance(self, *, to, by, comment=""):
        """Move the incident to the next status, recording who and when. A step the
        workflow does not allow, or that the user's role may not make, is refused."""
        to = self.Status(to)
        if to not in self.allowed_steps(by):
            raise ValidationError(
                _("From “%(from)s” the incident cannot go to “%(to)s”.")
                % {"from": self.get_status_display(), "to": to.label}
            )
        if (self.status, to) == (self.Status.REVIEW, self.Status.HANDLING) and not comment:
            raise ValidationError(_("Say why the incident is returned."))
        now = timezone.now()
        step = IncidentStep(
            incident=self, from_status=self.status, to_status=to, by=by, comment=comment
        )
        self.status = to
        changed = ["status", "version", "updated_at"]
        if to == self.Status.HANDLING and self.handling_started_at is None:
            self.handling_started_at = now
            changed.append("handling_started_at")
        if to == self.Status.REVIEW:
            self.submitted_at = now
            changed.append("submitted_at")
        if to == self.Status.CLOSED:
            self.closed_on = now
            changed.append("closed_on")
        self.save(update_fields=changed)
        step.save()
        return step


class IncidentStep(models.Model):
    """One status change of an incident: who, when, and any comment (e.g. why a chief
    returned it)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    from_status = models.CharField(max_length=10, choices=Incident.Status.choices)
    to_status = models.CharField(max_length=10, choices=Incident.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("incident step")
        verbose_name_plural = _("incident steps")

    def __str__(self):
        return f"{self.incident} {self.from_status} → {self.to_status}"


class IncidentParty(models.Model):
    """Someone involved: a registered person, or an unregistered one by name."""

    class Role(models.TextChoices):
        CALLER = "caller", _("caller (报警人)")
        PARTY = "party", _("party (当事人)")
        SUSPECT = "suspect", _("suspect (嫌疑人)")
        VICTIM = "victim", _("victim (受害人)")
        WITNESS = "witness", _("witness (证人)")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("registered person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_roles",
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.person.name if self.person_id else self.name

    def clean(self):
        if not self.person_id and not self.name:
            raise ValidationError(_("Choose a registered person or give a name."))


class DisputeQuerySet(RegisterQuerySet):
    def open(self):
        """Disputes in hand: in the register and found or being mediated (not resolved or
        transferred)."""
        return self.active().filter(Dispute.open_q())

    def overdue(self, on=None):
        """Open disputes found longer ago than the station allows for their risk
        (``settings.DISPUTE_OPEN_DAYS``) on ``on`` (default: today); ``Dispute.is_overdue``
        for one dispute."""
        return self.active().filter(Dispute.overdue_q(on))

    def found_within(self, period):
        """Disputes in the register found within the period, whatever became of them."""
        return self.active().filter(period.date_q("found_on"))


class Dispute(BeatRecord):
    """A dispute found in the beat (矛盾纠纷) and its mediation."""

    class Type(models.TextChoices):
        FAMILY = "family", _("marriage and family")
        NEIGHBOUR = "neighbour", _("neighbours")
        PROPERTY = "property", _("property management")
        LABOUR = "labour", _("labour and wages")
        LAND = "land", _("land")
        ECONOMIC = "economic", _("economic")
        OTHER = "other", _("other")

    class Risk(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    class Status(models.TextChoices):
        FOUND = "found", _("found (排查发现)")
        MEDIATING = "mediating", _("being mediated (调解中)")
        RESOLVED = "resolved", _("resolved (已化解)")
        TRANSFERRED = "transferred", _("transferred (移交)")

    OPEN = [Status.FOUND, Status.MEDIATING]

    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    parties = models.CharField(_("parties"), max_length=300)
    persons = models.ManyToManyField(
        Person, verbose_name=_("registered persons involved"), blank=True, related_name="disputes"
    )
    address = models.ForeignKey(
        Address, verbose_name=_("address"), on_delete=models.PROTECT, related_name="disputes"
    )
    description = models.TextField(_("description"), max_length=4000)
    risk = models.CharField(_("risk"), max_length=10, choices=Risk.choices, default=Risk.LOW)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FOUND, db_index=True
    )
    found_on = models.DateField(_("found on"), default=timezone.localdate, db_index=True)
    resolved_on = models.DateField(_("resolved or transferred on"), null=True, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="disputes",
    )

    objects = DisputeQuerySet.as_manager()
    search_fields = ("parties", "description", "address__full_name")

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        indexes = [models.Index(fields=["beat", "status", "found_on"])]

    # The conditions of ``Dispute.objects.open()`` and ``overdue()``, as ``Q`` for the
    # aggregates that count several figures in one query (``Count(filter=...)``).

    @staticmethod
    def open_q(on=None):
        """Open now, or with ``on``: found by that day and not resolved or transferred
        by its end."""
        pending = Q(status__in=Dispute.OPEN)
        if on is None:
            return pending
        return Q(found_on__lte=on) & (pending | Q(resolved_on__gt=on))

    @staticmethod
    def overdue_q(on=None):
        """Open on ``on`` (default: today) and found longer ago than its risk allows."""
        condition = Q(pk__in=[])
        for risk, days in settings.DISPUTE_OPEN_DAYS.items():
            found_before = (on or periods.today()) - datetime.timedelta(days=days)
            condition |= Q(risk=risk, found_on__lt=found_before)
        return condition & Dispute.open_q(on)

    def __str__(self):
        return f"{self.get_type_display()} · {self.parties}"

    def get_absolute_url(self):
        return reverse("incidents:dispute_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_overdue(self):
        """Open longer than the station allows for its risk level (``objects.overdue()``)."""
        allowed = settings.DISPUTE_OPEN_DAYS[self.risk]
        return (
            self.is_open and not self.is_closed and (periods.today() - self.found_on).days > allowed
        )


class Mediation(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="mediations")
    date = models.DateField(_("date"), default=timezone.localdate)
    by = models.CharField(_("mediated by"), max_length=100)
    result = models.TextField(_("result"), max_length=2000)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")

    def __str__(self):
        return f"{self.date} {self.by}"


class TipQuerySet(RegisterQuerySet):
    def open(self):
        """Tips still to be dealt with: in the register, and new or being checked (not
        handled or withdrawn). The chiefs' inbox shows these by default."""
        return self.active().filter(Tip.open_q())

    def overdue(self, at=None):
        """Open tips whose deadline (``due_at``, set from the level when the tip was
        raised) had passed at ``at`` (default: now); ``Tip.is_overdue`` for one tip. The
        inbox, its "overdue" filter, the freshness queue and the dashboards count these."""
        return self.active().filter(Tip.overdue_q(at))


class Tip(BeatRecord):
    """Intelligence and early warnings (倾向性、苗头性、预警性信息)."""

    class Level(models.TextChoices):
        TENDENCY = "tendency", _("tendency (倾向性)")
        SIGN = "sign", _("early sign (苗头性)")
        WARNING = "warning", _("warning (预警性)")

    class Source(models.TextChoices):
        VISIT = "visit", _("field visit")
        PUBLIC = "public", _("reported by the public")
        ONLINE = "online", _("online")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("to be checked (待核查)")
        CHECKING = "checking", _("being checked (核查中)")
        HANDLED = "handled", _("handled (已处置)")
        WITHDRAWN = "withdrawn", _("withdrawn (已撤销)")

    OPEN = [Status.NEW, Status.CHECKING]

    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    category = models.CharField(_("category"), max_length=50)
    content = models.TextField(_("content"), max_length=4000)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    persons = models.ManyToManyField(
        Person, verbose_name=_("persons"), blank=True, related_name="tips"
    )
    addresses = models.ManyToManyField(
        Address, verbose_name=_("addresses"), blank=True, related_name="tips"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organisations"), blank=True, related_name="tips"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    handling_notes = models.TextField(_("handling notes"), max_length=4000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="tips",
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips_held",
        help_text=_("Who follows the tip up; the reporting officer unless handed over."),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    # Stored when the tip is created, from the level's deadline, so that "overdue"
    # is one indexed comparison for the chief's inbox and the freshness queue.
    due_at = models.DateTimeField(_("due"), db_index=True, editable=False)

    objects = TipQuerySet.as_manager()
    search_fields = ("category", "content")

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        indexes = [models.Index(fields=["beat", "status", "due_at"])]

    # The conditions of ``Tip.objects.open()`` and ``overdue()``, as ``Q`` for aggregates
    # and orderings that need them inside one query.

    @staticmethod
    def open_q(at=None):
        """Pending at ``at`` (default: now): not handled or withdrawn yet, or closed
        after that moment (``handled_at`` is when it was closed either way)."""
        pending = Q(status__in=Tip.OPEN)
        return pending if at is None else pending | Q(handled_at__gte=at)

    @staticmethod
    def overdue_q(at=None):
        """Pending at ``at`` (default: now) with the deadline passed by then."""
        return Tip.open_q(at) & Q(due_at__lt=at or timezone.now())

    def __str__(self):
        return f"{self.get_level_display()} · {self.category}"

    def get_absolute_url(self):
        return reverse("incidents:tip_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.responsible_officer_id is None and self.reported_by_id:
            self.responsible_officer_id = self.reported_by_id
        if self.due_at is None:
            hours = settings.TIP_DEADLINE_HOURS[self.level]
            self.due_at = (self.created_at or timezone.now()) + datetime.timedelta(hours=hours)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_overdue(self):
        """Open and past its deadline (``objects.overdue()``)."""
        return self.is_open and not self.is_closed and timezone.now() > self.due_at


class Visit(BeatRecord):
    """A field visit (走访): the officer's daily work. Saving one marks every visited
    record verified and counts as the follow-up of the visited people's designations."""

    search_fields = ("findings", "abnormal_details")

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("routine visit (日常走访)")
        KEY_PERSON = "key_person", _("key-person follow-up (重点人员回访)")
        CARE = "care", _("care visit (关爱走访)")
        SAFETY = "safety", _("safety inspection (安全检查)")
        RENTAL = "rental", _("rental inspection (出租屋检查)")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_at = models.DateTimeField(_("time of the visit"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    persons = models.ManyToManyField(
        Person, verbose_name=_("persons visited"), blank=True, related_name="visits"
    )
    houses = models.ManyToManyField(
        "places.House", verbose_name=_("houses visited"), blank=True, related_name="visits"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organisations visited"), blank=True, related_name="visits"
    )
    findings = models.TextField(_("findings"), max_length=4000)
    abnormal = models.BooleanField(_("anything abnormal"), default=False)
    abnormal_details = models.TextField(_("what was abnormal"), max_length=4000, blank=True)
    tip = models.OneToOneField(
        Tip,
        verbose_name=_("tip raised"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    chief_reply = models.TextField(_("chief's reply"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["beat", "visited_at"]),
            models.Index(fields=["officer", "visited_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {periods.local(self.visited_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("incidents:visit_detail", args=[self.pk])

    @property
    def needs_acknowledgement(self):
        """An abnormal finding on a key-person visit waits for a chief's 签收."""
        return self.abnormal and self.kind == self.Kind.KEY_PERSON and not self.acknowledged_at

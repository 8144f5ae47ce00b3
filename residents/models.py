"""人: the resident register (实有人口) and the people who need attention or care."""

import datetime
import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.history import DatedState, EndReason, StateQuerySet
from assignments.models import Beat, BeatRecord
from assignments.scoping import BeatScopedQuerySet, RegisterQuerySet
from communitypolice.accounts.models import Unit
from communitypolice.core import periods
from communitypolice.core.identifiers import validate_phone
from communitypolice.core.models import PATTERN, CodeTable
from places.models import House, Item, Organization

from .pinyin import search_keys


class Ethnicity(CodeTable):
    """民族: the 56 groups, 其他 and 外国血统 (GB/T 3304 codes)."""

    class Meta(CodeTable.Meta):
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")


class KeyPersonCategory(CodeTable):
    """重点人员类别: 刑满释放人员, 社区矫正人员, 吸毒人员, …"""

    class Meta(CodeTable.Meta):
        verbose_name = _("key-person category")
        verbose_name_plural = _("key-person categories")


class CareCategory(CodeTable):
    """关爱对象类别: 独居老人, 留守儿童, 残疾人, 困境家庭, …"""

    class Meta(CodeTable.Meta):
        verbose_name = _("care category")
        verbose_name_plural = _("care categories")


# Fewer digits than this match too much of a district to be a search (search_hint).
MIN_DIGITS = 3


def search_shape(text):
    """What ``text`` is, for ``PersonQuerySet.search``: "pinyin" (letters), "number"
    (digits, X for an ID's check digit) or "name" (anything else, 汉字)."""
    if re.fullmatch(r"[A-Za-z ]+", text):
        return "pinyin"
    if re.fullmatch(r"[\dXx]+", text):
        return "number"
    return "name"


def search_hint(text):
    """Why ``PersonQuerySet.search(text)`` finds nobody whatever the register holds, to
    show next to the search box; None when it is a search."""
    number = text.strip()
    if number and search_shape(number) == "number" and len(number) < MIN_DIGITS:
        return _("Type at least %(n)d digits of an ID or phone number.") % {"n": MIN_DIGITS}
    return None


class PersonQuerySet(RegisterQuerySet):
    def search(self, text):
        """People found by what an officer types, each shape sent to the index that serves
        it (``Person.Meta.indexes``; on PostgreSQL also the trigram indexes of migration
        0008):

        - pinyin or its initials (zhangsan, zs): a prefix of either;
        - a whole ID number (15 or 18 characters): that number;
        - 3 to 5 digits: the end of an ID or phone number (the last four of an ID);
        - 6 digits or more: a part of an ID or phone number, anywhere (a prefix, a birth
          date, the middle of a phone number);
        - a name in 汉字: the start of the name, of the given name (伟 finds 王伟) or of
          a former name.

        Fewer than 3 digits find nobody: ``search_hint`` says why."""
        text = " ".join(text.split())
        if not text:
            return self
        shape = search_shape(text)
        if shape == "pinyin":
            key = text.replace(" ", "").lower()
            # Both start with the first letter: the pinyin index (the list's order) is
            # walked from that letter to the next, not from the start of the alphabet.
            return self.filter(
                Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key),
                name_pinyin__gte=key[0],
                name_pinyin__lt=chr(ord(key[0]) + 1),
            )
        if shape == "number":
            number = text.upper()
            if len(number) in (15, 18):
                return self.filter(id_number=number)
            if len(number) < MIN_DIGITS:
                return self.none()
            lookup = "endswith" if len(number) < 6 else "contains"
            return self.filter(
                Q(**{f"id_number__{lookup}": number}) | Q(**{f"phone__{lookup}": number})
            )
        return self.filter(
            Q(name__startswith=text)
            | Q(given_name__startswith=text)
            | Q(former_names__startswith=text)
        )

    def in_pinyin_order(self, text, *, many):
        """The people ``search(text)`` found, in pinyin order (the resident list's), by the
        plan that is fast for them. Walking the pinyin index until a page is full is fast
        when the matches are many and spread through it (an area code) or lie together
        in it (pinyin); it crosses most of a district before a page of 王 is full, or of a
        birth date that few share. Those matches are sorted instead: a name in 汉字, and
        a number that matched no more than the list counts (``many`` is False)."""
        text = " ".join(text.split())
        shape = search_shape(text) if text else None
        if shape == "name" or (shape == "number" and not many):
            # An expression no index serves: the database sorts the matches.
            return self.order_by(Concat("name_pinyin", Value("")), "pk")
        return self.order_by("name_pinyin", "pk")

    def permits_expiring(self, days=30):
        """流动人口 whose residence permit runs out within ``days`` (or has run out)."""
        return self.filter(
            category=Person.Category.FLOATING,
            residence_status=Person.ResidenceStatus.PRESENT,
            permit_expiry__lte=periods.today() + datetime.timedelta(days=days),
        )

    def living(self):
        """People who live in the beat today: in the register (not closed: a record entered
        twice or in error) and neither moved out nor deceased. Those away (外出) still
        count. The resident list shows these by default, and every count of people (the
        dashboards, the beat figures, the freshness queue) counts these."""
        return self.filter(Person.living_q())


class Person(BeatRecord):
    """A person actually living in the beat (实有人口). Their beat is their house's."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class IdType(models.TextChoices):
        RESIDENT_ID = "ric", _("resident ID card (居民身份证)")
        PASSPORT = "passport", _("passport")
        HMT_PERMIT = "hmt", _("residence permit for HK, Macau and Taiwan residents")
        FOREIGN_PR = "foreign_pr", _("foreigner's permanent residence ID")
        OTHER = "other", _("other")

    class Category(models.TextChoices):
        REGISTERED = "registered", _("registered resident (户籍人口)")
        FLOATING = "floating", _("floating population (流动人口)")
        FOREIGN = "foreign", _("foreign national (境外人员)")
        UNREGISTERED = "unregistered", _("without household registration (未落户人员)")

    class Relationship(models.TextChoices):
        HEAD = "head", _("head of household (户主)")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        OTHER = "other", _("other")

    class ResidenceStatus(models.TextChoices):
        PRESENT = "present", _("living here (在住)")
        AWAY = "away", _("away (外出)")
        MOVED_OUT = "moved_out", _("moved out (迁出)")
        DECEASED = "deceased", _("deceased (死亡)")

    class ArrivalReason(models.TextChoices):
        WORK = "work", _("work")
        BUSINESS = "business", _("business")
        STUDY = "study", _("study")
        FAMILY = "family", _("joining family")
        OTHER = "other", _("other")

    GONE = [ResidenceStatus.MOVED_OUT, ResidenceStatus.DECEASED]

    @staticmethod
    def living_q(prefix=""):
        """The condition of ``Person.objects.living()`` on the person at ``prefix`` (e.g.
        ``"person__"`` from a designation, ``"residents__"`` from a house), for filters
        and aggregates that reach people through a relation."""
        return Q(**{f"{prefix}closed_at__isnull": True}) & ~Q(
            **{f"{prefix}residence_status__in": Person.GONE}
        )

    name = models.CharField(_("name"), max_length=50)
    former_names = models.CharField(_("former names"), max_length=100, blank=True)
    # Search and sort keys, derived from the name in save(): pinyin sorts as people expect on
    # every database, and "zs" finds 张三 through an index.
    name_pinyin = models.CharField(max_length=200, db_index=True, editable=False)
    name_initials = models.CharField(max_length=50, db_index=True, editable=False)
    # The name without the surname, so that 伟 finds 王伟 through a prefix index.
    given_name = models.CharField(max_length=50, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name=_("ethnic group"), on_delete=models.PROTECT, null=True, blank=True
    )
    id_type = models.CharField(
        _("ID type"), max_length=12, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=30, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    category = models.CharField(
        _("population category"), max_length=12, choices=Category.choices, db_index=True
    )
    household_address = models.CharField(
        _("household registration address"), max_length=200, blank=True
    )
    house = models.ForeignKey(
        House, verbose_name=_("current house"), on_delete=models.PROTECT, related_name="residents"
    )
    relationship = models.CharField(
        _("relationship to the head of household"),
        max_length=10,
        choices=Relationship.choices,
        default=Relationship.HEAD,
    )
    employer = models.ForeignKey(
        Organization,
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
    )
    occupation = models.CharField(_("occupation"), max_length=50, blank=True)
    residence_status = models.CharField(
        _("residence status"),
        max_length=10,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.PRESENT,
        db_index=True,
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    items = models.ManyToManyField(
        Item, verbose_name=_("owned items"), blank=True, related_name="owners"
    )
    # The registered owner of a house, where the owner is in the register.
    owned_houses = models.ManyToManyField(
        House, verbose_name=_("owned houses"), blank=True, related_name="registered_owners"
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    arrival_reason = models.CharField(
        _("reason for coming"), max_length=10, choices=ArrivalReason.choices, blank=True
    )
    permit_expiry = models.DateField(
        _("residence permit expires"), null=True, blank=True, db_index=True
    )

    objects = PersonQuerySet.as_manager()

    _house_at_load = None

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # varchar_pattern_ops (PostgreSQL; elsewhere a plain index) serves the prefix
        # searches of PersonQuerySet.search whatever the database's collation; Django
        # adds one itself to the unique and db_index columns (id_number, the pinyin).
        indexes = [
            models.Index(fields=["beat", "category"]),
            models.Index(fields=["beat", "residence_status"]),
            models.Index(fields=["phone"], name="person_phone", opclasses=[PATTERN]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["name"], name="person_name", opclasses=[PATTERN]),
            models.Index(fields=["given_name"], name="person_given_name", opclasses=[PATTERN]),
            models.Index(fields=["former_names"], name="person_former_names", opclasses=[PATTERN]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("residents:person_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # The search keys are derived from the name and nothing else.
        keys = search_keys(self.name)
        for field, value in keys.items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *keys}
        super().save(*args, **kwargs)
        # A rental's tenants are the people registered in it: count them again in the
        # house they left and the house they live in now.
        if update_fields is None or self.history_fields() & set(update_fields):
            for house_id in {self.house_id, self._house_at_load} - {None}:
                House.objects.get(pk=house_id).refresh_tenants()
        self._house_at_load = self.house_id

    @classmethod
    def from_db(cls, db, field_names, values):
        person = super().from_db(db, field_names, values)
        person._house_at_load = person.__dict__.get("house_id")
        return person

    @property
    def age(self):
        """Whole years today (周岁; see ``periods.age`` for 29 February)."""
        return periods.age(self.birth_date)

    @property
    def is_gone(self):
        return self.residence_status in self.GONE

    def in_register(self):
        """Counted as living here: not closed, not moved out, not deceased."""
        return super().in_register() and not self.is_gone

    @classmethod
    def in_register_q(cls):
        return cls.living_q()

    @classmethod
    def history_fields(cls):
        return {*super().history_fields(), "residence_status", "status_date"}

    def end_reason(self):
        if self.closed_at is None and self.residence_status == self.ResidenceStatus.MOVED_OUT:
            return EndReason.MOVED_OUT
        if self.closed_at is None and self.residence_status == self.ResidenceStatus.DECEASED:
            return EndReason.DECEASED
        return super().end_reason()

    def history_day(self):
        if self.closed_at is None and self.is_gone and self.status_date:
            return self.status_date
        return super().history_day()


class StayQuerySet(StateQuerySet):
    def living_on(self, day):
        """实有人口 on a day, by the dated history: one stay per person living in the
        register that day (born and arrived by then, not closed by its end), with the
        house, beat and category they had then. ``living_on(today)`` is
        ``Person.objects.living()``."""
        return self.on(day).filter(
            Q(person__arrival_date__isnull=True) | Q(person__arrival_date__lte=day),
            person__birth_date__lte=day,
        )


def beat_on(day, person="person"):
    """The beat a person lived in on ``day`` by the residence history, or the beat of
    their last stay before it (someone who moved out during a period); ``person`` is the
    path from the rows at hand to the person. A subquery, for grouping by it."""
    return Subquery(
        Stay.objects.filter(person=OuterRef(person), valid_from__lte=day)
        .order_by("-valid_from", "-pk")
        .values("beat")[:1]
    )


class Stay(DatedState):
    """居住史: one stay of a person in a house, with the beat and population category it
    had, from the day they were registered there to the last day they lived there.

    A person's stays follow each other: moving house, moving out, dying, a move to
    another station or a change of category ends one (``end_reason``); "where did they
    live on day D, in which beat" is ``person.states.on(D)``.
    """

    record_field = "person"
    tracked = ("house", "beat", "category")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="states"
    )
    house = models.ForeignKey(
        House, verbose_name=_("house"), on_delete=models.PROTECT, related_name="stays"
    )
    beat = models.ForeignKey(
        Beat, verbose_name=_("beat"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(
        _("population category"), max_length=12, choices=Person.Category.choices
    )

    objects = StayQuerySet.as_manager()

    class Meta(DatedState.Meta):
        verbose_name = _("stay")
        verbose_name_plural = _("residence history")
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["beat", "valid_from", "valid_to"]),
            models.Index(fields=["house", "valid_from", "valid_to"]),
        ]


Person.state_model = Stay


class DesignationQuerySet(BeatScopedQuerySet):
    beat_field = "person__beat"

    def current(self, on=None):
        """Designations in force on ``on`` (default: today)."""
        return self.filter(Designation.current_q(on))

    def overdue(self, on=None):
        """Follow-ups overdue on ``on`` (default: today): designations in force, of a
        person who still lives here (``Person.objects.living()``), whose next follow-up
        fell due before that day. ``Designation.is_overdue`` for one designation; the
        resident list's "follow-up overdue" filters, the dashboards and the freshness
        queue count these."""
        on = on or periods.today()
        return self.current(on).filter(Person.living_q("person__"), next_due__lt=on)

    def due_soon(self, on=None, days=7):
        """Follow-ups due within ``days`` days from ``on`` (default: today), that day
        included: designations in force, of a living person, next due from ``on`` to
        ``days - 1`` days later. The list's "due within 7 days" filter and the officer's
        start page count these."""
        on = on or periods.today()
        last = on + datetime.timedelta(days=days - 1)
        return self.current(on).filter(Person.living_q("person__"), next_due__range=(on, last))


class Designation(models.Model):
    """Shared by key-person and care designations: a period with a follow-up rhythm."""

    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    interval_days = models.PositiveSmallIntegerField(
        _("follow-up every (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    last_followup = models.DateField(_("last follow-up"), null=True, blank=True)
    # Derived in save() from the three fields above, and stored so that "overdue"
    # is one indexed comparison for lists and dashboards.
    next_due = models.DateField(_("next follow-up due"), db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.next_due = self.compute_next_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "next_due"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A designation is shown, and ended, on its person's page."""
        return self.person.get_absolute_url()

    @staticmethod
    def current_q(on=None):
        """In force on ``on`` (default: today): started by that day and not ended before
        it (an end date of that day itself still counts)."""
        on = on or periods.today()
        return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))

    def clean(self):
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("It cannot end before it starts.")})

    def compute_next_due(self):
        """An interval after the last follow-up, or after the start if there was none."""
        return (self.last_followup or self.start_date) + datetime.timedelta(days=self.interval_days)

    @property
    def is_overdue(self):
        """In force and past its next follow-up (``objects.overdue()``, which also
        leaves out people who no longer live here)."""
        return self.is_current and self.next_due < periods.today()

    @property
    def is_current(self):
        today = periods.today()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def end(self, *, reason, on=None):
        self.end_date = on or periods.today()
        self.end_reason = reason
        self.save(update_fields=["end_date", "end_reason"])


class KeyPersonDesignation(Designation):
    """重点人员: a person under control, with a level and a responsible officer."""

    class Level(models.IntegerChoices):
        ONE = 1, _("level 1 (strict)")
        TWO = 2, _("level 2")
        THREE = 3, _("level 3")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="key_designations"
    )
    category = models.ForeignKey(
        KeyPersonCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    control_level = models.PositiveSmallIntegerField(_("control level"), choices=Level.choices)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="key_persons",
    )

    class Meta:
        verbose_name = _("key-person designation")
        verbose_name_plural = _("key-person designations")
        indexes = [models.Index(fields=["category", "end_date"])]

    def __str__(self):
        return f"{self.person} · {self.category}"


class CareDesignation(Designation):
    """关爱对象: a person the police look after, visited at an interval."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="care_designations"
    )
    category = models.ForeignKey(CareCategory, verbose_name=_("category"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("care designation")
        verbose_name_plural = _("care designations")
        indexes = [models.Index(fields=["category", "end_date"])]

    def __str__(self):
        return f"{self.person} · {self.category}"


def where_registered(number, user):
    """Where the person holding an ID number is registered, as far as ``user`` may know.

    Returns ``(person, place)``: ``place`` is "visible" (the user may open the person),
    "station" (another beat of the user's own station: its chief moves them), "elsewhere"
    (another station: the user may ask for them to be moved in), or ``(None, None)``.
    Of a person outside their scope a user may be shown the name and the masked number,
    and nothing else.
    """
    person = Person.objects.filter(id_number=number.strip().upper()).select_related("beat").first()
    if person is None:
        return None, None
    if Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return person, "visible"
    if user.unit_id and person.beat.station_id == user.unit_id:
        return person, "station"
    return person, "elsewhere"


class MoveRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests a user may open: their own; a chief's, those about their station's
        people and those into their station; an analyst's, those between two stations of
        their unit; an administrator's, all."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        mine = Q(requested_by=user)
        if user.is_chief and user.unit_id:
            return self.filter(
                mine | Q(from_station_id=user.unit_id) | Q(to_house__beat__station_id=user.unit_id)
            )
        if user.is_analyst and user.unit_id:
            stations = user.unit.stations()
            return self.filter(from_station__in=stations, to_house__beat__station__in=stations)
        return self.filter(mine)

    def pending(self):
        return self.filter(status=MoveRequest.Status.PENDING)

    def awaiting(self, user):
        """Pending requests this user may decide: the sending station's chief, a unit
        above both stations (its analysts), administrators."""
        pending = self.visible_to(user).pending()
        if user.is_admin or user.is_analyst:
            return pending
        if user.is_chief:
            return pending.filter(from_station_id=user.unit_id)
        return pending.none()


class MoveRequest(models.Model):
    """迁入申请: an officer asks for a person registered in another station, who now lives
    in their beat, to be moved to a house there.

    The sending station's chief (or a unit above both stations) decides. Approval moves
    the person, their dated history records both stays (the old one ended the day before
    ``move_date`` as "moved to another station"), and their designations follow them; so
    both stations' figures for past days stay as they were.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the sending station")
        APPROVED = "approved", _("Approved, moved in")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="move_requests"
    )
    from_station = models.ForeignKey(
        Unit,
        verbose_name=_("sending station"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Unit.Kind.STATION},
        related_name="+",
    )
    to_house = models.ForeignKey(
        House, verbose_name=_("new house"), on_delete=models.PROTECT, related_name="+"
    )
    relationship = models.CharField(
        _("relationship to the head of household"),
        max_length=10,
        choices=Person.Relationship.choices,
        default=Person.Relationship.OTHER,
    )
    move_date = models.DateField(
        _("moved in on"), help_text=_("The first day the person lived at the new house.")
    )
    note = models.TextField(_("reason for the move"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), max_length=500, blank=True)

    objects = MoveRequestQuerySet.as_manager()

    # A link to the request form names the person by a signed reference, not by id: an
    # id in a URL could be counted through, and an ID number would end up in logs.
    REFERENCE_SALT = "residents.move-request"
    REFERENCE_MAX_AGE = 24 * 3600

    class Meta:
        verbose_name = _("move request")
        verbose_name_plural = _("move requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["from_station", "status"])]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("residents:move_detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def to_station_id(self):
        return self.to_house.beat.station_id

    def may_decide(self, user):
        return MoveRequest.objects.awaiting(user).filter(pk=self.pk).exists()

    def shows_sending_station(self, user):
        """The receiving side is told "another station", not which one: the issue of a
        move in is the person, not where they were."""
        return user.is_admin or user.is_analyst or user.unit_id == self.from_station_id

    @classmethod
    def reference(cls, person, user):
        return signing.dumps([person.pk, user.pk], salt=cls.REFERENCE_SALT)

    @classmethod
    def person_for(cls, reference, user):
        """The person a reference from ``reference()`` names, if it was made for this
        user within a day; else None."""
        try:
            person_pk, user_pk = signing.loads(
                reference, salt=cls.REFERENCE_SALT, max_age=cls.REFERENCE_MAX_AGE
            )
        except (signing.BadSignature, TypeError, ValueError):
            return None
        if user_pk != user.pk:
            return None
        return Person.objects.select_related("beat").filter(pk=person_pk).first()

    def clean(self):
        """Whether the move can be carried out, checked when it is requested and again
        when it is approved, against the person's register entry and stays as they are."""
        if not (self.person_id and self.to_house_id and self.move_date):
            return
        person, house = self.person, self.to_house
        if person.is_closed:
            raise ValidationError(_("This person is no longer in the register."))
        if person.residence_status == Person.ResidenceStatus.DECEASED:
            raise ValidationError(_("This person is recorded as deceased."))
        if person.beat.station_id != self.from_station_id:
            raise ValidationError(
                _("This person is no longer registered in the station asked: moved already.")
            )
        if house.is_closed:
            raise ValidationError({"to_house": _("This house is closed in the register.")})
        if house.beat.station_id == self.from_station_id:
            raise ValidationError({"to_house": _("This house is in the person's present station.")})
        self._check_move_date(person)
        others = MoveRequest.objects.pending().filter(
            person=person, to_house__beat__station_id=house.beat.station_id
        )
        if self.is_pending and others.exclude(pk=self.pk).exists():
            raise ValidationError(
                _("A request to move this person into this station awaits a decision already.")
            )

    def _check_move_date(self, person):
        if self.move_date > periods.today():
            raise ValidationError({"move_date": _("The date cannot be in the future.")})
        last = person.states.order_by("-valid_from", "-pk").first()
        if last is None:
            return
        if last.valid_to is None and self.move_date <= last.valid_from:
            # A move on the day the present stay began would replace that stay rather
            # than end it: the sending station's past figures would change.
            raise ValidationError(
                {
                    "move_date": _(
                        "The person has lived at their present house since %(date)s: "
                        "the move date must be after it."
                    )
                    % {"date": last.valid_from.isoformat()}
                }
            )
        if last.valid_to is not None and self.move_date <= last.valid_to:
            raise ValidationError(
                {
                    "move_date": _(
                        "The other station has the person living there until %(date)s: "
                        "the move date must be after it."
                    )
                    % {"date": last.valid_to.isoformat()}
                }
            )

"""数据鲜活: what in an officer's beats is due for a visit or a check (the freshness
queue), and how fresh the register was at a moment, per beat and per officer.

The queue works from each record's latest check (``verified_at``), which only moves
forward. The figures at a moment (``freshness_at``, ``officer_freshness``) read the
dated history instead: the records in the register that day and their beat then
(``Stay``, ``HouseState``, ``OrganizationState``), and the verification history up to
the moment, so that a past period's figures stay what they were when records are
checked again, moved or closed later.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from assignments.models import Assignment, Verification
from communitypolice.core import pagination, periods
from communitypolice.core.pagination import capped_count, records_in_order
from places.models import (
    HOUSE_ANNOTATIONS,
    House,
    HouseState,
    HouseUse,
    Organization,
    OrganizationState,
)
from residents.models import CareDesignation, KeyPersonDesignation, Person, Stay

from .models import Tip

LIMIT = 20

# How each section reaches its beat (the others carry it directly).
BEAT_FIELDS = {"followups_key": "person__beat", "followups_care": "person__beat"}


def due_for_checking(kind, now=None):
    """The condition "due for checking" (待核实) for a register record of ``kind`` (a key
    of ``settings.FRESHNESS_DAYS``: key_person, floating, rental, other): never verified,
    or last verified more than that many days before ``now`` (default: now). A visit
    verifies what it visits, so a visit takes a record off the queue."""
    days = settings.FRESHNESS_DAYS[kind]
    return Q(verified_at__isnull=True) | Q(
        verified_at__lt=(now or timezone.now()) - datetime.timedelta(days=days)
    )


class Section(NamedTuple):
    """A section of the queue: its records counted up to ``CAP`` (``capped`` when there
    are more), and the first of them in order."""

    name: str
    count: int
    rows: list

    @property
    def capped(self):
        return self.count > pagination.CAP


def freshness_queue(user, now=None, beat=None, limit=LIMIT):
    """The ``Section`` of each of ``freshness_sections``, in one beat only if one is
    given. A district's chief has tens of thousands of records due: the count stops at
    ``CAP`` and the rows are read by id (``core/pagination.py``)."""
    sections = freshness_sections(user, now)
    if beat is not None:
        sections = [
            (name, queryset.filter(**{BEAT_FIELDS.get(name, "beat"): beat}))
            for name, queryset in sections
        ]
    return [
        Section(name, capped_count(queryset), records_in_order(queryset, 0, limit))
        for name, queryset in sections
    ]


def freshness_sections(user, now=None):
    """Sections in the order an officer should work through them:

    1. key-person and care follow-ups that are overdue;
    2. open tips past their deadline;
    3. records not verified within the age allowed for their kind (key persons,
       rental houses and floating residents sooner, everything else yearly), and rentals
       whose landlord declares more tenants than are registered in them.

    Each is ``(name, queryset)``; the queue lists them, the dashboards count them per beat.
    """
    now = now or timezone.now()
    key_current = KeyPersonDesignation.objects.current().filter(person=OuterRef("pk"))
    people = Person.objects.visible_to(user).living()
    houses = House.objects.visible_to(user).active()
    sections = [
        (
            "followups_key",
            KeyPersonDesignation.objects.visible_to(user)
            .overdue(periods.local_date(now))
            .select_related("person", "category")
            .order_by("next_due"),
        ),
        (
            "followups_care",
            CareDesignation.objects.visible_to(user)
            .overdue(periods.local_date(now))
            .select_related("person", "category")
            .order_by("next_due"),
        ),
        (
            "tips",
            Tip.objects.visible_to(user).overdue(now).order_by("due_at"),
        ),
        (
            "key_people",
            people.filter(Exists(key_current))
            .filter(due_for_checking("key_person", now))
            .select_related("house__address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
        (
            "floating",
            people.filter(category=Person.Category.FLOATING)
            .filter(due_for_checking("floating", now))
            .select_related("house__address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
        (
            "rentals",
            houses.filter(use__code=HouseUse.RENTED)
            .filter(due_for_checking("rental", now))
            .select_related("address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
        (
            # 登记人数与申报承租人数不符: the landlord declares tenants nobody registered.
            "tenants",
            houses.filter(use__code=HouseUse.RENTED, declared_tenants__gt=0)
            .annotate(registered=HOUSE_ANNOTATIONS["resident_count_each"])
            .filter(declared_tenants__gt=F("registered"))
            .select_related("address")
            .order_by("-declared_tenants", "pk"),
        ),
        (
            "people",
            people.exclude(category=Person.Category.FLOATING)
            .filter(~Exists(key_current))
            .filter(due_for_checking("other", now))
            .select_related("house__address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
        (
            "houses",
            houses.exclude(use__code=HouseUse.RENTED)
            .filter(due_for_checking("other", now))
            .select_related("address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
        (
            "organizations",
            Organization.objects.visible_to(user)
            .active()
            .filter(due_for_checking("other", now))
            .select_related("address")
            .order_by(F("verified_at").asc(nulls_first=True)),
        ),
    ]
    return sections


# --- freshness at a moment, per beat and per officer ---------------------------------------

# The kinds of record the figures count, in the order a record is put into the first that
# fits, with the key of settings.FRESHNESS_DAYS that gives its allowed age: the queue's.
KINDS = [
    ("key_persons", "key_person"),
    ("floating", "floating"),
    ("people", "other"),
    ("rentals", "rental"),
    ("houses", "other"),
    ("organizations", "other"),
]


def reference_day(moment):
    """The day whose register a moment reads: the day it falls in, and for midnight (the
    end of a period, 24:00) the day that it closes."""
    return periods.local_date(moment - datetime.timedelta(microseconds=1))


@dataclass
class BeatFreshness:
    """A beat's register at a moment: records per kind, those checked in time per kind,
    and, per officer, the records checked in time whose latest check in time was theirs
    (a check of nobody known, imported say, is credited to no one)."""

    records: Counter = field(default_factory=Counter)
    fresh: Counter = field(default_factory=Counter)
    credited: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.records.values())

    @property
    def total_fresh(self):
        return sum(self.fresh.values())

    @property
    def percent(self):
        """The freshness rate, one decimal place; None for a beat with no records."""
        return round(100 * self.total_fresh / self.total, 1) if self.total else None


def _latest_check(model, outer, moment, age):
    """Who made the record's latest check in [moment - allowed age, moment]: the officer's
    id, 0 when no officer is known, NULL when there was no check in that time."""
    days = settings.FRESHNESS_DAYS[age]
    checks = Verification.objects.of_kind(model).filter(
        object_id=OuterRef(outer),
        checked_at__gte=moment - datetime.timedelta(days=days),
        checked_at__lte=moment,
    )
    return Subquery(
        checks.order_by("-checked_at", "-pk").values(
            by=Coalesce(F("checked_by_id"), Value(0), output_field=IntegerField())
        )[:1],
        output_field=IntegerField(),
    )


def _grouped(states, kind, credit):
    return states.annotate(kind=kind, credit=credit).order_by().values("beat", "kind", "credit")


def _groups(beat_ids, moment, day):
    """One aggregate query per register: (beat, kind, who is credited) -> records."""
    key = Exists(
        KeyPersonDesignation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day),
            person=OuterRef("person_id"),
            start_date__lte=day,
        )
    )
    floating = Q(category=Person.Category.FLOATING)
    rented = Q(use__code=HouseUse.RENTED)
    people = _grouped(
        Stay.objects.on(day).filter(beat__in=beat_ids),
        Case(
            When(key, then=Value("key_persons")),
            When(floating, then=Value("floating")),
            default=Value("people"),
        ),
        Case(
            When(key, then=_latest_check(Person, "person_id", moment, "key_person")),
            When(floating, then=_latest_check(Person, "person_id", moment, "floating")),
            default=_latest_check(Person, "person_id", moment, "other"),
        ),
    )
    houses = _grouped(
        HouseState.objects.on(day).filter(beat__in=beat_ids),
        Case(When(rented, then=Value("rentals")), default=Value("houses")),
        Case(
            When(rented, then=_latest_check(House, "house_id", moment, "rental")),
            default=_latest_check(House, "house_id", moment, "other"),
        ),
    )
    organizations = _grouped(
        OrganizationState.objects.on(day).filter(beat__in=beat_ids),
        Value("organizations"),
        _latest_check(Organization, "organization_id", moment, "other"),
    )
    for states in (people, houses, organizations):
        yield from states.annotate(n=Count("pk"))


def freshness_at(beat_ids, moment):
    """{beat_id: BeatFreshness} of the register at ``moment``, for the beats that had
    records then; three aggregate queries whatever the number of beats.

    - In the register: the records the dated history holds on the reference day, each in
      the beat it had that day; a person not moved out or deceased by then.
    - Kind: the first that fits of key person (under a key-person designation that day),
      floating population, other resident, rental house (rented that day), other house,
      organisation.
    - Checked in time: a check in the verification history no longer before the moment
      than the kind allows (settings.FRESHNESS_DAYS) and not after it.
    - Credited: the officer who made the latest of those checks.
    """
    figures = {}
    for row in _groups(beat_ids, moment, reference_day(moment)):
        beat = figures.setdefault(row["beat"], BeatFreshness())
        beat.records[row["kind"]] += row["n"]
        if row["credit"] is not None:
            beat.fresh[row["kind"]] += row["n"]
            if row["credit"]:
                beat.credited[row["credit"]] += row["n"]
    return figures


@dataclass
class OfficerFreshness:
    """An officer's freshness at a moment: the records of the beats they held a post in,
    and how many of them were checked in time with the latest check in time theirs."""

    officer: object  # accounts.User
    beats: list
    records: int = 0
    checked: int = 0

    @property
    def percent(self):
        return round(100 * self.checked / self.records, 1) if self.records else None


def officer_freshness(beat_ids, moment, figures=None):
    """[OfficerFreshness] for every officer who held a post (lead or assistant) in one of
    the beats on the reference day, ordered by station and username; ``figures`` is
    ``freshness_at(beat_ids, moment)`` when the caller has it already.

    A beat's records checked in time are shared out between its officers: each goes to
    the officer whose check was the latest in time, so in 一区多警 the officers' shares
    of a beat add up to the beat's own (less the checks of anyone not posted there: a
    chief, an officer since moved, an import).
    """
    if figures is None:
        figures = freshness_at(beat_ids, moment)
    posts = (
        Assignment.objects.active_on(reference_day(moment))
        .filter(beat__in=beat_ids)
        .select_related("officer", "beat__station")
        .order_by("beat__station__code", "officer__username", "beat__code")
    )
    officers = {}
    for post in posts:
        row = officers.get(post.officer_id)
        if row is None:
            row = officers[post.officer_id] = OfficerFreshness(post.officer, [])
        if post.beat in row.beats:
            continue  # two posts in one beat (lead, then assistant): its records once
        row.beats.append(post.beat)
        beat = figures.get(post.beat_id)
        if beat is not None:
            row.records += beat.total
            row.checked += beat.credited[post.officer_id]
    return list(officers.values())

"""The freshness queue (数据鲜活): what in an officer's beats is due for a visit or a check."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from communitypolice.core import periods
from places.models import House, HouseUse, Organization
from residents.models import CareDesignation, KeyPersonDesignation, Person

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


def freshness_queue(user, now=None, beat=None, limit=LIMIT):
    """``(name, count, the first rows)`` of each section of ``freshness_sections``,
    in one beat only if one is given."""
    sections = freshness_sections(user, now)
    if beat is not None:
        sections = [
            (name, queryset.filter(**{BEAT_FIELDS.get(name, "beat"): beat}))
            for name, queryset in sections
        ]
    return [(name, queryset.count(), list(queryset[:limit])) for name, queryset in sections]


def freshness_sections(user, now=None):
    """Sections in the order an officer should work through them:

    1. key-person and care follow-ups that are overdue;
    2. open tips past their deadline;
    3. records not verified within the age allowed for their kind (key persons,
       rental houses and floating residents sooner, everything else yearly).

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

"""数据鲜活度报告: per beat and kind of record, the share verified within the age allowed
for its kind, with the freshness queue's rules (``incidents/freshness.py``)."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from places.models import House, HouseUse, Organization
from residents.models import KeyPersonDesignation, Person

from . import register
from .base import Column, Report, by_beat, merge, rate

# (column key, label, key of settings.FRESHNESS_DAYS): the freshness queue's sections.
KINDS = [
    ("key_persons", _("Key persons"), "key_person"),
    ("floating", _("Floating population"), "floating"),
    ("people", _("Other residents"), "other"),
    ("rentals", _("Rental houses"), "rental"),
    ("houses", _("Other houses"), "other"),
    ("organizations", _("Organisations"), "other"),
]

DEFINITION = _(
    "Records in the register of each beat at the reference moment: the end of the "
    "period's last day (24:00 Beijing time), or the time the data was read while the "
    "period is running; that is, registered before then and not closed by then, and for "
    "people not moved out or deceased by that day. Each record counts once, in the first "
    "kind that fits: key persons (under a key-person designation on that day), floating "
    "population, other residents, rental houses, other houses, organisations. Verified "
    "in time: last verified no longer before the reference moment than its kind allows, "
    "as in the freshness queue: %(key_person)d days for key persons, %(floating)d for "
    "floating population, %(rental)d for rental houses, %(other)d for the others. The "
    "register keeps only each record's last verification, so a record verified again "
    "after the reference moment counts as verified in time; a report generated at the "
    "end of the period, as subscriptions are, reads the state at that moment. Freshness "
    "rate: verified in time ÷ records."
)


def reference_moment(period):
    """The end of the period, or now while it runs."""
    return min(period.end_at, timezone.now())


def in_register_at(moment):
    return Q(created_at__lt=moment) & (Q(closed_at__isnull=True) | Q(closed_at__gte=moment))


def verified_since(moment, kind):
    return Q(verified_at__gte=moment - datetime.timedelta(days=settings.FRESHNESS_DAYS[kind]))


def key_person_on(day):
    """Under a key-person designation on ``day`` (``DesignationQuerySet.current`` on that
    day)."""
    return Q(
        Exists(
            KeyPersonDesignation.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=day),
                person=OuterRef("pk"),
                start_date__lte=day,
            )
        )
    )


def _counts(key, condition, fresh):
    """The records of a kind, and those of them verified in time."""
    if condition is None:
        return {key: Count("pk"), f"{key}_fresh": Count("pk", filter=fresh)}
    return {
        key: Count("pk", filter=condition),
        f"{key}_fresh": Count("pk", filter=condition & fresh),
    }


@register
class FreshnessReport(Report):
    code = "freshness"
    order = 100
    title = _("Data freshness report")
    description = _(
        "For each beat and kind of record (key persons, floating population, other "
        "residents, rental houses, other houses, organisations), how many records the "
        "register holds and the share verified within the age allowed for their kind."
    )

    @property
    def definition(self):
        return DEFINITION % settings.FRESHNESS_DAYS

    def get_columns(self, params):
        columns = []
        for key, label in [("all", _("All records")), *[(k, label) for k, label, _a in KINDS]]:
            columns += [
                Column(key, label, _("Records")),
                Column(f"{key}_fresh", label, _("Verified in time")),
                Column(
                    f"{key}_share",
                    label,
                    _("Freshness rate"),
                    derive=rate(f"{key}_fresh", key),
                    format="percent",
                ),
            ]
        return columns

    def figures(self, params, beat_ids):
        moment = reference_moment(params.period)
        day = min(params.period.end, timezone.localdate())
        key = key_person_on(day)
        floating = Q(category=Person.Category.FLOATING)
        people = Person.objects.filter(
            in_register_at(moment),
            ~Q(residence_status__in=Person.GONE) | Q(status_date__gt=day),
        )
        rented = Q(use__code=HouseUse.RENTED)
        figures = merge(
            by_beat(
                people,
                beat_ids,
                **_counts("key_persons", key, verified_since(moment, "key_person")),
                **_counts("floating", ~key & floating, verified_since(moment, "floating")),
                **_counts("people", ~key & ~floating, verified_since(moment, "other")),
            ),
            by_beat(
                House.objects.filter(in_register_at(moment)),
                beat_ids,
                **_counts("rentals", rented, verified_since(moment, "rental")),
                **_counts("houses", ~rented, verified_since(moment, "other")),
            ),
            by_beat(
                Organization.objects.filter(in_register_at(moment)),
                beat_ids,
                **_counts("organizations", None, verified_since(moment, "other")),
            ),
        )
        for values in figures.values():
            values["all"] = sum(values.get(k, 0) for k, _l, _a in KINDS)
            values["all_fresh"] = sum(values.get(f"{k}_fresh", 0) for k, _l, _a in KINDS)
        return figures

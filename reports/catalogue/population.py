"""实有人口统计表: people by beat × population category × gender, age bands, and the
period's arrivals and departures."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from residents.models import Person

from . import register
from .base import Column, Report, by_beat, years_before

GENDERS = [Person.Gender.MALE, Person.Gender.FEMALE]


def living_at_end(period):
    """People in the register at the end of the period: born and arrived by its last day,
    not closed before its end, and not moved out or deceased by its last day."""
    end = period.end
    return (
        Q(birth_date__lte=end)
        & (Q(arrival_date__isnull=True) | Q(arrival_date__lte=end))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=period.end_at))
        & (~Q(residence_status__in=Person.GONE) | Q(status_date__gt=end))
    )


def not_closed_before(period):
    return Q(closed_at__isnull=True) | Q(closed_at__gte=period.start_at)


@register
class PopulationReport(Report):
    code = "population"
    order = 10
    title = _("Resident population statistics")
    description = _(
        "People actually living in each beat at the end of the period, by population "
        "category and gender, by age band, and the period's arrivals and departures."
    )
    definition = _(
        "Resident population: people in the register, by the beat of their current house, "
        "who at the end of the period's last day were born, had arrived (arrival date "
        "empty or on or before that day), were not closed in the register, and had not "
        "moved out or died (status date after that day counts as still living here); people "
        "away (外出) are included. Ages are full years on the period's last day. "
        "Arrivals: arrival date within the period. Moved out and deceased: status moved "
        "out or deceased with the status date within the period. Days run from 00:00 to "
        "24:00 Beijing time."
    )

    def get_columns(self, params):
        total = _("Resident population")
        columns = [
            Column("living", total, _("Total")),
            Column("living_M", total, Person.Gender.MALE.label),
            Column("living_F", total, Person.Gender.FEMALE.label),
        ]
        for category in Person.Category:
            for gender in GENDERS:
                columns.append(
                    Column(f"{category.value}_{gender.value}", category.label, gender.label)
                )
        ages = _("Age")
        columns += [
            Column("age_minor", ages, _("Under 18")),
            Column("age_adult", ages, _("18 to 59")),
            Column("age_senior", ages, _("60 and over")),
        ]
        changes = _("Changes in the period")
        columns += [
            Column("arrived", changes, _("Arrived")),
            Column("moved_out", changes, _("Moved out")),
            Column("deceased", changes, _("Deceased")),
        ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        living = living_at_end(period)
        # Ages on the last day: under 18 means born after this day 18 years earlier.
        adult_from = years_before(period.end, 18) + datetime.timedelta(days=1)
        senior_from = years_before(period.end, 60) + datetime.timedelta(days=1)
        counts = {
            "living": Count("pk", filter=living),
            "age_minor": Count("pk", filter=living & Q(birth_date__gte=adult_from)),
            "age_adult": Count(
                "pk", filter=living & Q(birth_date__lt=adult_from, birth_date__gte=senior_from)
            ),
            "age_senior": Count("pk", filter=living & Q(birth_date__lt=senior_from)),
            "arrived": Count(
                "pk", filter=period.date_q("arrival_date") & not_closed_before(period)
            ),
            "moved_out": Count(
                "pk",
                filter=Q(residence_status=Person.ResidenceStatus.MOVED_OUT)
                & period.date_q("status_date")
                & not_closed_before(period),
            ),
            "deceased": Count(
                "pk",
                filter=Q(residence_status=Person.ResidenceStatus.DECEASED)
                & period.date_q("status_date")
                & not_closed_before(period),
            ),
        }
        for gender in GENDERS:
            counts[f"living_{gender.value}"] = Count("pk", filter=living & Q(gender=gender))
            for category in Person.Category:
                counts[f"{category.value}_{gender.value}"] = Count(
                    "pk", filter=living & Q(gender=gender, category=category)
                )
        return by_beat(Person.objects.all(), beat_ids, **counts)

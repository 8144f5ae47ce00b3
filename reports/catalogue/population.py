"""实有人口统计表: people by beat × population category × gender, age bands, and the
period's arrivals and departures."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from assignments.history import EndReason
from communitypolice.core.periods import birth_dates_for_ages
from residents.models import Person, Stay

from . import register
from .base import Column, Report, by_beat, merge

GENDERS = [Person.Gender.MALE, Person.Gender.FEMALE]


def not_closed_before(period):
    return Q(person__closed_at__isnull=True) | Q(person__closed_at__gte=period.start_at)


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
        "Resident population: people living in the register on the period's last day, by "
        "the residence history (居住史): registered by that day (registration date), born "
        "and arrived by then, not closed in the register before 24:00 Beijing time that "
        "day, and not moved out or deceased by then; people away (外出) are included. Each "
        "person counts in the beat, and with the population category, of their stay on "
        "that day, so a later move, a move to another station or a correction of the "
        "category does not change a past period's figures. Ages are full years on the "
        "period's last day. Arrivals: people registered by the period's last day whose "
        "arrival date is within the period (someone registered later does not change it), "
        "in the beat of the stay from the arrival (or from the registration, when later). "
        "Moved out and "
        "deceased: stays that ended with a move out or a death within the period, in the "
        "beat of that stay. Days run from 00:00 to 24:00 Beijing time."
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
        stays = Stay.objects.living_on(period.end)
        # Ages on the last day, as the resident list's age filter reads them.
        earliest, latest = birth_dates_for_ages(18, 59, on=period.end)
        counts = {
            "living": Count("pk"),
            "age_minor": Count("pk", filter=Q(person__birth_date__gt=latest)),
            "age_adult": Count("pk", filter=Q(person__birth_date__range=(earliest, latest))),
            "age_senior": Count("pk", filter=Q(person__birth_date__lt=earliest)),
        }
        for gender in GENDERS:
            counts[f"living_{gender.value}"] = Count("pk", filter=Q(person__gender=gender))
            for category in Person.Category:
                counts[f"{category.value}_{gender.value}"] = Count(
                    "pk", filter=Q(person__gender=gender, category=category)
                )
        # A stay that ended with a move out on day D has D - 1 as its last day.
        last_days = (
            period.start - datetime.timedelta(days=1),
            period.end - datetime.timedelta(days=1),
        )
        ended = Stay.objects.filter(not_closed_before(period), valid_to__range=last_days)
        # An arrival counts in the stay from the arrival, or from the registration when
        # the person was registered after they arrived.
        arrival_stay = Greatest("person__arrival_date", "person__registered_on")
        arrived = Stay.objects.filter(
            not_closed_before(period),
            Q(valid_to__isnull=True) | Q(valid_to__gte=arrival_stay),
            valid_from__lte=arrival_stay,
            person__arrival_date__range=(period.start, period.end),
            person__registered_on__lte=period.end,
        )
        return merge(
            by_beat(stays, beat_ids, **counts),
            by_beat(arrived, beat_ids, arrived=Count("pk")),
            by_beat(
                ended,
                beat_ids,
                moved_out=Count("pk", filter=Q(end_reason=EndReason.MOVED_OUT)),
                deceased=Count("pk", filter=Q(end_reason=EndReason.DECEASED)),
            ),
        )

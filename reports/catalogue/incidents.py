"""警情统计表: incidents by type and by month of the period, with the change against the
previous period (环比) and the same period last year (同比)."""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, IncidentType

from . import register
from .base import Column, Period, Report, change

ALL = "all"
MAX_MONTHS = 12


def type_key(code):
    return f"type_{code}"


def month_key(prefix, year, month):
    return f"{prefix}_{year}{month:02d}"


def _month_columns(period):
    """The months that get a column: two to twelve (one is the period itself)."""
    months = period.months()
    return months if 1 < len(months) <= MAX_MONTHS else []


def _change_column(prefix, label, other, header):
    """The change of ``prefix`` against its ``other`` count, as a percentage."""

    def derive(values):
        return change(values.get(prefix), values.get(f"{prefix}_{other}"))

    return Column(f"{prefix}_{other}_change", label, header, derive=derive, format="percent")


@register
class IncidentReport(Report):
    code = "incidents"
    order = 60
    title = _("Incident statistics")
    description = _(
        "Incidents reported in each beat by type and by month of the period, with the "
        "change against the previous period and against the same period last year."
    )
    definition = _(
        "Incidents: every incident registered in the beat recorded on it, whatever its "
        "status, counted by the time it was reported (not the time it happened), from 00:00 "
        "on the first day to 24:00 on the last day, Beijing time; an incident at 23:30 on 31 "
        "October belongs to October, one at 00:10 on 1 November to November. Types are those "
        "of the incident type code table. Previous period: the period of the same length just "
        "before (the previous month, quarter or week). Same period last year: the same dates "
        "one year earlier. Change: (this period − the other) ÷ the other, as a percentage; "
        "empty when the other is zero. All incidents and each type have their count for this "
        "period, the previous period and the same period last year with both changes, and a "
        "column per month when the period spans two to twelve months."
    )

    def get_columns(self, params):
        """All incidents, then each type: a column per month (two to twelve months), this
        period, the previous one, last year's, and the two changes."""
        groups = [(ALL, _("All incidents"))]
        groups += [(type_key(kind.code), str(kind)) for kind in IncidentType.objects.all()]
        months = _month_columns(params.period)
        columns = []
        for prefix, label in groups:
            for year, month in months:
                month_label = gettext("%(month)d/%(year)d") % {"year": year, "month": month}
                columns.append(Column(month_key(prefix, year, month), label, month_label))
            columns += [
                Column(prefix, label, _("This period")),
                Column(f"{prefix}_prev", label, _("Previous period")),
                _change_column(prefix, label, "prev", _("Change on previous period")),
                Column(f"{prefix}_last_year", label, _("Same period last year")),
                _change_column(prefix, label, "last_year", _("Change on same period last year")),
            ]
        return columns

    def figures(self, params, beat_ids):
        """One aggregate: incidents of the three periods grouped by beat, type and month
        (Beijing time), with a conditional count per period; the types add up to all
        incidents, and the months of this period's count to the month columns."""
        period = params.period
        current = period.datetime_q("reported_at")
        previous = period.previous().datetime_q("reported_at")
        last_year = period.same_last_year().datetime_q("reported_at")
        # One conditional count per month column (a period of several months), like the
        # periods': grouping by month instead would multiply the rows to read.
        month_counts_by_month = {
            (year, month): month_key(ALL, year, month) for year, month in _month_columns(period)
        }
        month_counts = {
            key: Count("pk", filter=current & Period.month(year, month).datetime_q("reported_at"))
            for (year, month), key in month_counts_by_month.items()
        }
        rows = (
            Incident.objects.filter(current | previous | last_year, beat__in=beat_ids)
            .order_by()
            .values("beat", "type__code")
            .annotate(
                current=Count("pk", filter=current),
                previous=Count("pk", filter=previous),
                last_year=Count("pk", filter=last_year),
                **month_counts,
            )
        )
        figures = defaultdict(lambda: defaultdict(int))
        for row in rows:
            values = figures[row["beat"]]
            for prefix in (ALL, type_key(row["type__code"])):
                values[prefix] += row["current"]
                values[f"{prefix}_prev"] += row["previous"]
                values[f"{prefix}_last_year"] += row["last_year"]
            for (year, month), key in month_counts_by_month.items():
                values[key] += row[key]
                values[month_key(type_key(row["type__code"]), year, month)] += row[key]
        return figures

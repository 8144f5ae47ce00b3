"""预警信息处置情况表: tips raised by level, where they stood at the end of the period,
handled within the deadline, and the median handling time."""

import statistics
from collections import defaultdict

from django.conf import settings
from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Tip

from . import register
from .base import Column, Report, by_beat, rate

HOUR = 3600


class _HoursBetween(Func):
    """PostgreSQL: hours from ``created_at`` to ``handled_at`` as a float."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 3600"
    arg_joiner = " - "
    output_field = FloatField()


class _Median(Aggregate):
    """PostgreSQL's ordered-set aggregate: the median (interpolated like
    ``statistics.median``)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_hours(tips, group_field=None):
    """``{group: median hours from raising to handling}`` over ``tips``, grouped by
    ``group_field`` (one value under None without it), in one query.

    A median does not add up, so beats, stations and the whole unit each need their own.
    PostgreSQL computes it in the database (PERCENTILE_CONT). SQLite, the embedded
    default, has no median aggregate; there the one query fetches only the two instants
    of each handled tip of the period (a few thousand rows for a district-month at
    most) and the medians are taken in Python, so the number of queries is the same."""
    tips = tips.order_by()
    if connections[tips.db].vendor == "postgresql":
        if group_field is None:
            return {None: _round(tips.aggregate(median=_median())["median"])}
        return {
            row[group_field]: _round(row["median"]) for row in grouped_medians(tips, group_field)
        }
    hours = defaultdict(list)
    fields = [group_field] if group_field else []
    for *group, created_at, handled_at in tips.values_list(*fields, "created_at", "handled_at"):
        hours[group[0] if group else None].append((handled_at - created_at).total_seconds() / HOUR)
    return {group: _round(statistics.median(values)) for group, values in hours.items()}


def grouped_medians(tips, group_field):
    """PostgreSQL: ``values(group_field)`` with the median hours of each group."""
    return tips.values(group_field).annotate(median=_median())


def _median():
    return _Median(_HoursBetween(F("handled_at"), F("created_at")))


def _round(value):
    return None if value is None else round(value, 1)


DEFINITION = _(
    "Tips are counted in the beat recorded on them, by the time they were raised, from "
    "00:00 on the first day to 24:00 on the last day, Beijing time; every other figure "
    "concerns those tips. Where they stood at the end of the period: handled or withdrawn "
    "if that was recorded before 24:00 on the last day (or before now, while the period is"
    " running), otherwise pending. Deadlines are set when a tip is raised: %(warning)d "
    "hours for a warning, %(sign)d for an early sign, %(tendency)d for a tendency. Handled"
    " on time: handled no later than the deadline. Overdue: pending at the end of the "
    "period with the deadline passed. On-time rate: handled on time ÷ handled (a tip "
    "closed without a recorded time is handled, but neither on time nor late). Median "
    "handling time: the median of the hours from raising to handling of the handled tips,"
    " for each beat, station and the whole unit (not a sum)."
)


@register
class TipReport(Report):
    code = "tips"
    order = 80
    title = _("Early-warning information handling")
    description = _(
        "Tips and early warnings raised in each beat by level, where they stood at the end "
        "of the period, how many were handled within their deadline, and the median "
        "handling time in hours."
    )

    @property
    def definition(self):
        return DEFINITION % settings.TIP_DEADLINE_HOURS

    def get_columns(self, params):
        columns = [
            Column("raised", _("Raised")),
            Column("pending", _("At the end of the period"), _("Pending")),
            Column("handled", _("At the end of the period"), _("Handled")),
            Column("withdrawn", _("At the end of the period"), _("Withdrawn")),
            Column("on_time", _("Deadlines"), _("Handled on time")),
            Column("late", _("Deadlines"), _("Handled late")),
            Column("overdue", _("Deadlines"), _("Overdue")),
            Column(
                "on_time_rate",
                _("Deadlines"),
                _("On-time rate"),
                derive=rate("on_time", "handled"),
                format="percent",
            ),
            Column("median_hours", _("Median handling time (hours)"), total=None, format="decimal"),
        ]
        for level in reversed(Tip.Level):  # warnings first
            group = (_("By level"), level.label)
            columns += [
                Column(f"raised_{level.value}", *group, _("Raised")),
                Column(f"handled_{level.value}", *group, _("Handled")),
                Column(f"on_time_{level.value}", *group, _("Handled on time")),
                Column(f"overdue_{level.value}", *group, _("Overdue")),
            ]
        return columns

    def _handled(self, params, beat_ids):
        """Tips of the period handled by its end: the rows of the medians."""
        return _raised_in(params.period).filter(
            beat__in=beat_ids, status=Tip.Status.HANDLED, handled_at__lt=_reference(params.period)
        )

    def figures(self, params, beat_ids):
        reference = _reference(params.period)
        # Pending and done split the tips: closed after the reference moment is pending
        # at it; closed without a recorded time counts as done, by its status.
        pending = Tip.open_q(reference)
        done_by_end = ~pending
        handled = Q(status=Tip.Status.HANDLED) & done_by_end
        on_time = handled & Q(handled_at__lte=F("due_at"))
        overdue = Tip.overdue_q(reference)
        counts = {
            "raised": Count("pk"),
            "pending": Count("pk", filter=pending),
            "handled": Count("pk", filter=handled),
            "withdrawn": Count("pk", filter=Q(status=Tip.Status.WITHDRAWN) & done_by_end),
            "on_time": Count("pk", filter=on_time),
            "late": Count("pk", filter=handled & Q(handled_at__gt=F("due_at"))),
            "overdue": Count("pk", filter=overdue),
        }
        for level in Tip.Level:
            is_level = Q(level=level)
            counts[f"raised_{level.value}"] = Count("pk", filter=is_level)
            counts[f"handled_{level.value}"] = Count("pk", filter=is_level & handled)
            counts[f"on_time_{level.value}"] = Count("pk", filter=is_level & on_time)
            counts[f"overdue_{level.value}"] = Count("pk", filter=is_level & overdue)
        figures = by_beat(_raised_in(params.period), beat_ids, **counts)
        for beat_id, median in median_hours(self._handled(params, beat_ids), "beat").items():
            figures.setdefault(beat_id, {})["median_hours"] = median
        return figures

    def summaries(self, params, beat_ids, station_ids):
        handled = self._handled(params, beat_ids)
        stations = median_hours(handled, "beat__station")
        summaries = {station: {"median_hours": median} for station, median in stations.items()}
        summaries[None] = {"median_hours": median_hours(handled).get(None)}
        return summaries


def _reference(period):
    """The moment the tips' state is read at: the end of the period, or now while it runs."""
    return min(period.end_at, timezone.now())


def _raised_in(period):
    return Tip.objects.filter(period.datetime_q("created_at"))

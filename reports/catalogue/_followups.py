"""Follow-up figures and columns shared by the key-person and care reports (not a report
itself: the leading underscore keeps the catalogue from importing it as one).

A designation (``residents.models.Designation``) has a start date, an optional end date and
a follow-up interval in days. Its follow-ups are the field visits that included the person
while it was current: ``incidents.services.record_visit`` counts every visit of the person
as the follow-up of each current designation, whatever the kind of visit, and so do these
figures. A follow-up's day is the day of the visit in Beijing time.

The figures are written as conditions on the designation's own columns, so that each
figure group stays one aggregate query grouped by the person's beat:

- under control on a day D: started on or before D and not ended before D (an end date
  of D itself still counts: ``Designation.current_q``);
- overdue on D: under control on D, started more than ``interval`` days before D, and with
  no follow-up from D − interval to D (neither a visit nor the recorded last follow-up
  date), i.e. the next follow-up fell due before D (``Designation.is_overdue`` on D);
- a follow-up on day V is on time when V is at most ``interval`` days after the
  designation's start or after an earlier follow-up (a visit on an earlier day).
"""

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from incidents.models import Visit
from residents.models import Designation, beat_on

from .base import Column, by_beat, merge, rate


class _ShiftDays(Func):
    """A date moved by a number of days (an integer column or expression), as a date on
    PostgreSQL (date ± integer) and SQLite (its ``date()`` modifiers). Django's duration
    arithmetic cannot multiply a column by a day on both."""

    output_field = DateField()
    arity = 2
    sign = "+"

    def as_sql(self, compiler, connection, **extra_context):
        (day, day_params), (days, days_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"(CAST({day} AS date) {self.sign} CAST({days} AS integer))"
        return sql, (*day_params, *days_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        (day, day_params), (days, days_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"date({day}, '{self.sign}' || CAST({days} AS integer) || ' days')"
        return sql, (*day_params, *days_params)


class DaysBefore(_ShiftDays):
    sign = "-"


class DaysAfter(_ShiftDays):
    sign = "+"


def overdue(day, end_at):
    """Designations whose follow-up was overdue on ``day`` (``end_at``: midnight after it).

    With W = ``day`` − interval: started before W, and no follow-up from W to ``day``.
    A follow-up on or after W is after the start, so it was a follow-up of this
    designation; the recorded last follow-up date counts too (it may precede any visit).
    """
    window_from = DaysBefore(Value(day, output_field=DateField()), F("interval_days"))
    visit_in_window = Visit.objects.filter(
        persons=OuterRef("person"),
        visited_at__lt=end_at,
        visited_at__date__gte=DaysBefore(
            Value(day, output_field=DateField()), OuterRef("interval_days")
        ),
    )
    recorded_in_window = Q(last_followup__lte=day) & Q(last_followup__gte=window_from)
    return (
        Designation.current_q(day)
        & Q(start_date__lt=window_from)
        & ~Exists(visit_in_window)
        & ~recorded_in_window
    )


def followup_figures(designations, beat_ids, period, visits="person__visits"):
    """``{beat_id: {"followups": n, "on_time": n}}``: follow-ups done in the period and
    those on time, in one query over the designations joined to their person's visits
    (``visits`` is the path to them) within the period, by the person's beat.

    Counted once per designation and visit, so a person with two designations counts a
    visit once for each of them. The period is a condition of the join itself (filter
    before annotate), so only the period's visits are read.
    """
    in_period = Q(
        **{
            f"{visits}__visited_at__gte": period.start_at,
            f"{visits}__visited_at__lt": period.end_at,
        }
    )
    while_current = Q(**{f"{visits}__visited_at__date__gte": F("start_date")}) & (
        Q(end_date__isnull=True) | Q(**{f"{visits}__visited_at__date__lte": F("end_date")})
    )
    counted = in_period & while_current
    # An earlier follow-up: a visit of the same person on a day from V − interval to V − 1.
    day = TruncDate(
        ExpressionWrapper(OuterRef(f"{visits}__visited_at"), output_field=DateTimeField())
    )
    earlier = Visit.objects.filter(
        persons=OuterRef("person"),
        visited_at__date__lt=day,
        visited_at__date__gte=DaysBefore(day, OuterRef("interval_days")),
    )
    soon_after_start = Q(
        **{f"{visits}__visited_at__date__lte": DaysAfter(F("start_date"), F("interval_days"))}
    )
    return by_beat(
        designations.filter(in_period).annotate(beat_then=beat_on(period.end)),
        beat_ids,
        beat_field="beat_then",
        followups=Count(visits, filter=counted),
        on_time=Count(visits, filter=counted & (soon_after_start | Exists(earlier))),
    )


def last_visit(day, end_at):
    """The latest follow-up visit (its time) of the designation's person on or before
    ``day``, since the designation started: for a list, one subquery per row of one query."""
    return Subquery(
        Visit.objects.filter(
            persons=OuterRef("person"),
            visited_at__lt=end_at,
            visited_at__date__gte=OuterRef("start_date"),
        )
        .order_by("-visited_at")
        .values("visited_at")[:1]
    )


# --- A designation report's figures and columns ------------------------------------


def late(values):
    """Follow-ups done late: done minus on time."""
    return (values.get("followups") or 0) - (values.get("on_time") or 0)


def categories_in_use(model, designation_model):
    """Categories in use, and retired ones that designations still refer to (so that the
    columns always add up to the totals). One query."""
    name = designation_model._meta.model_name
    return list(
        model.objects.filter(Q(is_active=True) | Q(**{f"{name}__isnull": False}))
        .distinct()
        .order_by("sort_order", "code")
    )


def register_columns(heading):
    """The persons and the designations (person-times) current on the last day, under
    ``heading``; the report's category columns follow them."""
    return [
        Column("persons", heading, _("Number of persons")),
        Column("designations", heading, _("Person-times")),
    ]


def followup_columns(*, heading, done, overdue, changes, started, ended):
    """The period's follow-ups under ``heading`` (``done``: the label of their number; on
    time, late, on-time rate), those ``overdue`` on the last day, and the designations
    ``started`` and ``ended`` in the period under ``changes``."""
    return [
        Column("followups", heading, done),
        Column("on_time", heading, _("Done on time")),
        Column("late", heading, _("Done late"), derive=late),
        Column(
            "on_time_rate",
            heading,
            _("On-time rate"),
            derive=rate("on_time", "followups"),
            format="percent",
        ),
        Column("overdue", overdue),
        Column("started", changes, started),
        Column("ended", changes, ended),
    ]


def designation_figures(model, period, beat_ids, grid=("category__code",), **counts):
    """The figures of a designation ``model`` (key persons, care) by the person's beat, in
    three queries: the register (persons and designations current on the last day,
    overdue on it, started and ended in the period, and the extra ``counts``), the
    designations current on the last day by ``grid`` (``cat_<value>_<value>…``: category
    code, then e.g. the control level), and the period's follow-ups."""
    current = Designation.current_q(period.end)
    # Each designation counts in the beat its person lived in on the last day.
    designations = model.objects.annotate(beat_then=beat_on(period.end))
    register = by_beat(
        designations,
        beat_ids,
        beat_field="beat_then",
        persons=Count("person", distinct=True, filter=current),
        designations=Count("pk", filter=current),
        overdue=Count("pk", filter=overdue(period.end, period.end_at)),
        started=Count("pk", filter=period.date_q("start_date")),
        ended=Count("pk", filter=period.date_q("end_date")),
        **counts,
    )
    cells = {}
    rows = (
        designations.filter(current, beat_then__in=beat_ids)
        .order_by()
        .values("beat_then", *grid)
        .annotate(n=Count("pk"))
    )
    for row in rows:
        key = "_".join(["cat", *(str(row[field]) for field in grid)])
        cells.setdefault(row["beat_then"], {})[key] = row["n"]
    return merge(register, cells, followup_figures(designations, beat_ids, period))

"""What a re-issue (重新出具) changed against the run it re-issues, and why.

A report for a past period reads the dated history, so running it again gives the same
figures unless a record of that period was corrected since the first run read the data:
a registration date moved back, a move out or a death entered with an earlier date, a
category corrected on the day it began. ``changed_cells`` lists the figures that differ;
``corrections_since`` lists the history rows written after the first run that reach
into its period: the why.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.history import EndReason
from places.models import HouseState, OrganizationState
from residents.models import Stay

from .catalogue.base import Table, format_value

# The history the catalogue reads: (model, what one of its rows is, for the reader).
HISTORIES = [
    (Stay, _("Residence history")),
    (HouseState, _("House history")),
    (OrganizationState, _("Organisation history")),
]
LIMIT = 200


@dataclass
class ChangedCell:
    key: str  # the row's key: "beat:A01", "station:…", "total"
    column_key: str
    row: str
    column: str
    before: str
    after: str


@dataclass
class Correction:
    kind: str
    beat: str
    day: datetime.date
    what: str
    recorded_at: datetime.datetime


def changed_cells(original, reissue):
    """The figures of ``reissue`` that differ from those of ``original`` (both finished
    runs of one report, unit and period), row by row and column by column."""
    if not (original.result and reissue.result):
        return []
    before, after = Table.from_json(original.result), Table.from_json(reissue.result)
    old_rows = {row.key: row for row in before.rows}
    cells = []
    for row in after.rows:
        old = old_rows.get(row.key)
        for column in after.columns:
            new_value = row.values.get(column.key)
            old_value = old.values.get(column.key) if old else None
            if new_value != old_value:
                cells.append(
                    ChangedCell(
                        key=row.key,
                        column_key=column.key,
                        row=" · ".join(str(part) for part in row.lead if part),
                        column=column.label,
                        before=format_value(old_value, column.format),
                        after=format_value(new_value, column.format),
                    )
                )
    return cells


def corrections_since(original):
    """History rows written after ``original`` read its data that change its period: a
    span begun on or before the period's last day, a span ended on or before it, or a
    span corrected in place. A move or a change made today is not one of them: it takes
    effect after the period."""
    since, period = original.data_read_at, original.period
    if since is None:
        return []
    rows = []
    for model, kind in HISTORIES:
        spans = (
            model.objects.filter(
                Q(recorded_at__gt=since, valid_from__lte=period.end)
                | Q(
                    updated_at__gt=since,
                    valid_to__isnull=False,
                    valid_to__lt=period.end,
                    valid_to__gte=period.start - datetime.timedelta(days=1),
                )
                | Q(
                    updated_at__gt=since,
                    recorded_at__lte=since,
                    valid_to__isnull=True,
                    valid_from__lte=period.end,
                ),
                beat__station__in=original.unit.stations(),
            )
            .select_related("beat")
            .order_by("-updated_at")[:LIMIT]
        )
        for span in spans:
            rows.append(_correction(span, kind, since))
    rows.sort(key=lambda row: row.recorded_at, reverse=True)
    return rows[:LIMIT]


def _correction(span, kind, since):
    if span.valid_to is not None and span.updated_at and span.updated_at > since:
        day = span.valid_to + datetime.timedelta(days=1)
        reason = EndReason(span.end_reason).label if span.end_reason else _("ended")
        what = _("Ended: %(reason)s") % {"reason": reason}
    elif span.recorded_at > since:
        day, what = span.valid_from, _("In the register from this day")
    else:
        day, what = span.valid_from, _("Corrected from this day")
    return Correction(
        kind=str(kind),
        beat=span.beat.name,
        day=day,
        what=str(what),
        recorded_at=span.updated_at or span.recorded_at,
    )

"""Dated history of register records: what a record was on any past day.

A report for a past period must give the same figures whenever it runs, so the values
that reports group and count by (a person's house, beat and category; a house's use and
declared tenants; an organisation's type and key-unit status) are kept as spans of days
(``DatedState`` rows) rather than overwritten. A record's spans follow each other
without a gap while it is in the register: the open span (``valid_to`` empty) holds its
present values, and "as of day D" is ``states.on(D)``.

The spans are written by ``note_state(record)`` after every write that may change a
tracked value (the register forms, moves, status changes, closing, a beat boundary
moved); it compares the record with its open span and does nothing when they agree.
"""

import datetime

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communitypolice.core import periods


class EndReason(models.TextChoices):
    CHANGED = "changed", _("details changed")
    MOVED_HOUSE = "moved_house", _("moved house")
    MOVED_OUT = "moved_out", _("moved out")
    DECEASED = "deceased", _("deceased")
    TRANSFERRED = "transferred", _("moved to another station")
    BEAT_CHANGED = "beat_changed", _("beat boundary changed")
    CLOSED = "closed", _("closed in the register")


def in_force_on(day, prefix=""):
    """The span covers ``day``: it began on or before it and had not ended before it."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def end_of(day):
    """Midnight after ``day`` in Beijing: compare with ``<``."""
    return periods.day_bounds(day)[1]


class StateQuerySet(models.QuerySet):
    def on(self, day):
        """The spans in force on a day: one per record that was in the register then.
        A record closed that day, or closed by a bulk write the history did not see,
        is left out by its ``closed_at``."""
        record = self.model.record_field
        return self.filter(in_force_on(day)).filter(
            Q(**{f"{record}__closed_at__isnull": True})
            | Q(**{f"{record}__closed_at__gte": end_of(day)})
        )

    def overlapping(self, start, end):
        """Spans in force on at least one day from ``start`` to ``end``."""
        return self.filter(valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class DatedState(models.Model):
    """One span of days (both ends included) over which a record's tracked values held.

    A concrete subclass names its record (``record_field``, a foreign key with
    ``related_name="states"``) and the fields it copies from it (``tracked``).
    """

    record_field = None
    tracked = ()

    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        pgettext_lazy("history span", "why it ended"),
        max_length=20,
        choices=EndReason.choices,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # When the span was last written: a span ended or moved back after a report was
    # read is a correction of that report's period (reports.services.corrections_since).
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)

    objects = StateQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["valid_from", "pk"]

    def matches(self, record):
        return all(
            getattr(self, attname) == getattr(record, attname)
            for attname in self.tracked_attnames()
        )

    def copy_from(self, record):
        for attname in self.tracked_attnames():
            setattr(self, attname, getattr(record, attname))

    @classmethod
    def tracked_attnames(cls):
        return [cls._meta.get_field(name).attname for name in cls.tracked]

    @classmethod
    def opening(cls, record, day):
        state = cls(**{cls.record_field: record}, valid_from=day)
        state.copy_from(record)
        return state


def _local_day(moment):
    return periods.local_date(moment)


def note_state(record, *, on=None, reason=EndReason.CHANGED):
    """Bring a record's dated history up to date with its present values.

    ``on`` is the first day of the new values (today by default; the day after the last
    day at the old house for a move, the status date for a move out). A record that has
    left the register (closed, or a person moved out or deceased) has its open span
    ended the day before. A span that would cover no whole day is replaced instead.
    Returns the open span, or None when the record is no longer in the register.
    """
    model = type(record).state_model
    states = model.objects.filter(**{model.record_field: record})
    _follow_registration_date(record, states)
    current = states.current().order_by("-valid_from").first()
    in_register = record.in_register()
    day = on or record.history_day()
    if current is None:
        if states.exists():
            # Back in the register (back from a move out, a closing undone): from the day
            # of the return.
            if not in_register:
                return None
            state = model.opening(record, day)
            state.save()
            return state
        return _first_span(record, day, reason, save=True)
    if in_register and current.matches(record):
        return current
    if day <= current.valid_from:
        # Changed again on the day it began (or back-dated before it): one span, not two.
        if not in_register:
            current.delete()
            return None
        current.copy_from(record)
        current.save()
        return current
    current.valid_to = day - datetime.timedelta(days=1)
    current.end_reason = (
        record.end_reason() if not in_register and reason == EndReason.CHANGED else reason
    )
    current.save(update_fields=["valid_to", "end_reason", "updated_at"])
    if not in_register:
        return None
    state = model.opening(record, day)
    state.save()
    return state


def _follow_registration_date(record, states):
    """The first span begins on the registration date, also when that date is corrected
    later (as far as the first span reaches)."""
    first = states.order_by("valid_from", "pk").first()
    if first is None or first.valid_from == record.registered_on:
        return
    if first.valid_to is None or first.valid_to >= record.registered_on:
        first.valid_from = record.registered_on
        first.save(update_fields=["valid_from", "updated_at"])


def _first_span(record, day, reason=EndReason.CHANGED, *, save):
    """A record's first span: from its registration date, open while it is in the
    register; one entered after it left (a person registered as moved out in May)
    lived here from the registration date to the day before it left."""
    model = type(record).state_model
    state = model.opening(record, record.registered_on)
    if not record.in_register():
        if day <= record.registered_on:
            return None
        state.valid_to = day - datetime.timedelta(days=1)
        state.end_reason = record.end_reason() if reason == EndReason.CHANGED else reason
    if save:
        state.save()
    return state


def start_history(queryset):
    """Write the first span of every record of ``queryset`` that has none, in bulk: for
    records loaded in bulk (the demo, the bench district, an import).

    Records in the register get theirs in one INSERT … SELECT (a million people in
    seconds); the few that left it already go through ``_first_span`` one by one."""
    record_model = queryset.model
    model = record_model.state_model
    # NOT EXISTS, not NOT IN: PostgreSQL turns it into an anti-join.
    known = model.objects.filter(**{model.record_field: OuterRef("pk")})
    records = queryset.exclude(Exists(known))
    attnames = model.tracked_attnames()
    select, params = (
        records.filter(record_model.in_register_q())
        .order_by()
        .values_list("pk", "registered_on", *attnames)
        .query.sql_with_params()
    )
    quote = connection.ops.quote_name
    columns = [
        model._meta.get_field(model.record_field).column,
        "valid_from",
        "valid_to",
        "end_reason",
        "recorded_at",
        "updated_at",
        *(model._meta.get_field(name).column for name in model.tracked),
    ]
    names = [f"c{i}" for i in range(2 + len(attnames))]
    now = timezone.now()
    with connection.cursor() as cursor:
        # A CTE with a column list: the one form both PostgreSQL and SQLite accept.
        cursor.execute(
            # Names from the models' metadata, quoted; values as parameters.
            f"WITH picked ({', '.join(names)}) AS ({select}) "  # nosec B608
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
            f"SELECT c0, c1, NULL, '', %s, %s{''.join(', ' + n for n in names[2:])} "
            "FROM picked",
            [*params, now, now],
        )
        created = cursor.rowcount
    left = records.exclude(record_model.in_register_q())
    states = [
        state
        for state in (
            _first_span(record, record.history_day(), save=False)
            for record in left.iterator(chunk_size=5000)
        )
        if state is not None
    ]
    created += len(model.objects.bulk_create(states, batch_size=5000))
    return created


# How many spans a record's page shows, newest first.
SECTION_LIMIT = 20


def history_section(record, user):
    """The dated history on a record's page (core/sections.py): its spans, newest first,
    each with its days and the display value of every tracked field. The record itself
    was found through ``visible_to(user)``."""
    model = type(record).state_model
    relations = [name for name in model.tracked if model._meta.get_field(name).is_relation]
    spans = list(
        model.objects.filter(**{model.record_field: record})
        .select_related(*relations)
        .order_by("-valid_from", "-pk")[: SECTION_LIMIT + 1]
    )
    columns = [model._meta.get_field(name) for name in model.tracked]
    rows = [
        {
            "span": span,
            "values": [_display(span, field) for field in columns],
            "end_reason": span.get_end_reason_display(),
        }
        for span in spans[:SECTION_LIMIT]
    ]
    return {
        "title": model._meta.verbose_name_plural,
        "columns": [field.verbose_name for field in columns],
        "rows": rows,
        "more": len(spans) > SECTION_LIMIT,
    }


def _display(span, field):
    if field.choices:
        return getattr(span, f"get_{field.name}_display")()
    value = getattr(span, field.name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)

"""Time as the station counts it: Beijing days, the periods reports and dashboards ask
for (month, quarter, week, year, a date range; the one before, the same one last year)
and ages.

Every "what day is it", "when does this day / month begin" and "how old" in the project
goes through here, so that a figure counted at 23:30 in Beijing (15:30 UTC) lands on the
same day, month and age band everywhere. Days are those of the project's time zone
(``settings.TIME_ZONE``, Asia/Shanghai): the one zone the police work in, and the one
Django's ``__date`` lookups and ``Trunc*`` functions use, so a bound computed here and a
grouping computed by the database agree.

A light value module: it imports Django's timezone, translation and ``Q`` only, nothing of
the project's own apps, so any layer may import it.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


# --- days ---------------------------------------------------------------------------------


def zone():
    """The station's time zone (Beijing time)."""
    return timezone.get_default_timezone()


def today():
    """Today's date in Beijing."""
    return timezone.localdate(timezone=zone())


def local(moment=None):
    """An aware instant (default: now) as Beijing wall-clock time."""
    return timezone.localtime(moment, timezone=zone())


def local_date(moment):
    """The Beijing day an aware instant falls on (None for None)."""
    return None if moment is None else local(moment).date()


def at(day, time=datetime.time.min):
    """The aware instant of ``time`` (Beijing wall clock) on ``day``."""
    return datetime.datetime.combine(day, time, tzinfo=zone())


def day_start(day):
    """Midnight at the start of ``day``, in Beijing."""
    return at(day)


def day_bounds(first, last=None):
    """``(start, end)``: the aware instants bounding the days ``first`` to ``last`` (both
    included; default: the one day ``first``). ``end`` is midnight after the last day, so
    compare with ``>= start`` and ``< end``."""
    return day_start(first), day_start((last or first) + DAY)


# --- months, quarters, weeks, years --------------------------------------------------------


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """The first day of the month ``months`` months after the one ``day`` falls in
    (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def quarter_number(day):
    return (day.month - 1) // 3 + 1


def week_start(day):
    """The Monday of the week ``day`` falls in."""
    return day - datetime.timedelta(days=day.weekday())


def years_before(day, years):
    """The date ``years`` years before ``day``; 28 February for a 29 February that the
    earlier year does not have."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included, in Beijing time.

    ``start_at`` and ``end_at`` are the aware instants that bound it: midnight at the start
    of the first day and midnight after the last day (exclusive), so an incident at
    23:59:59 on the last day counts and one at 00:00 on the next day does not.
    """

    MONTH = "month"
    QUARTER = "quarter"
    WEEK = "week"
    YEAR = "year"
    CUSTOM = "custom"
    KINDS = [
        (MONTH, _("Month")),
        (QUARTER, _("Quarter")),
        (WEEK, _("Week")),
        (YEAR, _("Year")),
        (CUSTOM, _("Date range")),
    ]

    kind: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year, month):
        first = datetime.date(year, month, 1)
        return cls(cls.MONTH, first, month_end(first))

    @classmethod
    def quarter(cls, year, quarter):
        first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
        return cls(cls.QUARTER, first, month_end(add_months(first, 2)))

    @classmethod
    def week(cls, monday):
        """The week (Monday to Sunday) that starts on ``monday``."""
        return cls(cls.WEEK, monday, monday + datetime.timedelta(days=6))

    @classmethod
    def year(cls, year):
        return cls(cls.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def custom(cls, start, end):
        if end < start:
            raise ValueError("A period cannot end before it starts.")
        return cls(cls.CUSTOM, start, end)

    @classmethod
    def last_month(cls, on=None):
        """The whole month before the one ``on`` (default: today) falls in."""
        return month_of(add_months(on or today(), -1))

    @classmethod
    def last_quarter(cls, on=None):
        return quarter_of(add_months(on or today(), -3))

    @classmethod
    def last_week(cls, on=None):
        return week_of((on or today()) - WEEK)

    @property
    def quarter_number(self):
        return quarter_number(self.start)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def start_at(self):
        return day_start(self.start)

    @property
    def end_at(self):
        """Midnight after the last day: compare with ``<``."""
        return day_start(self.end + DAY)

    def __contains__(self, day):
        return self.start <= day <= self.end

    def months(self):
        """``(year, month)`` of every calendar month the period touches, in order."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append((first.year, first.month))
            first = add_months(first, 1)
        return months

    def datetime_q(self, field_name):
        """``Q`` for a datetime field inside the period."""
        return Q(**{f"{field_name}__gte": self.start_at, f"{field_name}__lt": self.end_at})

    def date_q(self, field_name):
        """``Q`` for a date field inside the period."""
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})

    def previous(self):
        """The period just before, of the same kind (环比)."""
        if self.kind == self.MONTH:
            return month_of(add_months(self.start, -1))
        if self.kind == self.QUARTER:
            return quarter_of(add_months(self.start, -3))
        if self.kind == self.WEEK:
            return Period.week(self.start - WEEK)
        if self.kind == self.YEAR:
            return Period.year(self.start.year - 1)
        end = self.start - DAY
        return Period.custom(end - datetime.timedelta(days=self.days - 1), end)

    def following(self):
        """The period just after, of the same kind."""
        if self.kind == self.MONTH:
            return month_of(add_months(self.start, 1))
        if self.kind == self.QUARTER:
            return quarter_of(add_months(self.start, 3))
        if self.kind == self.WEEK:
            return Period.week(self.start + WEEK)
        if self.kind == self.YEAR:
            return Period.year(self.start.year + 1)
        start = self.end + DAY
        return Period.custom(start, start + datetime.timedelta(days=self.days - 1))

    def same_last_year(self):
        """The same period one year earlier (同比). A month, quarter or year is the whole
        one; a week or date range keeps its dates (28 February for a 29 February)."""
        if self.kind == self.MONTH:
            return Period.month(self.start.year - 1, self.start.month)
        if self.kind == self.QUARTER:
            return Period.quarter(self.start.year - 1, self.quarter_number)
        if self.kind == self.YEAR:
            return Period.year(self.start.year - 1)
        return Period(self.kind, years_before(self.start, 1), years_before(self.end, 1))

    def so_far(self, on=None):
        """The part of the period up to ``on`` (default: today): this month to date."""
        on = on or today()
        return Period(self.kind, self.start, max(self.start, min(self.end, on)))

    @property
    def label(self):
        if self.kind == self.MONTH:
            return gettext("%(month)d/%(year)d") % {
                "year": self.start.year,
                "month": self.start.month,
            }
        if self.kind == self.QUARTER:
            return gettext("Q%(quarter)d %(year)d") % {
                "year": self.start.year,
                "quarter": self.quarter_number,
            }
        if self.kind == self.YEAR:
            return gettext("Year %(year)d") % {"year": self.start.year}
        return gettext("%(start)s to %(end)s") % {"start": self.start, "end": self.end}

    def __str__(self):
        return str(self.label)

    def to_json(self):
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_json(cls, data):
        return cls(
            data["kind"],
            datetime.date.fromisoformat(data["start"]),
            datetime.date.fromisoformat(data["end"]),
        )


def month_of(day):
    """The calendar month ``day`` falls in."""
    return Period.month(day.year, day.month)


def quarter_of(day):
    """The calendar quarter ``day`` falls in."""
    return Period.quarter(day.year, quarter_number(day))


def year_of(day):
    """The calendar year ``day`` falls in."""
    return Period.year(day.year)


def week_of(day):
    """The week (Monday to Sunday) ``day`` falls in."""
    return Period.week(week_start(day))


# --- what a page is asked for -------------------------------------------------------------

# The years the system takes a date in, typed into a form or asked of a page: from 1900
# (no one living was born before) to ten years ahead. Anything else (?year=0,
# ?month=9999-12, a visit on 0001-01-01) is a slip or a probe: a form says so next to the
# field, a page shows the present, instead of failing at the end of the calendar.
FIRST_YEAR = 1900
YEARS_AHEAD = 10


def _askable(year):
    return FIRST_YEAR <= year <= today().year + YEARS_AHEAD


def in_calendar(value):
    """Validator of every date and date-time field of every form (``core.apps``)."""
    from django.core.exceptions import ValidationError

    if value is not None and not _askable(value.year):
        raise ValidationError(
            gettext("Give a date between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": today().year + YEARS_AHEAD},
            code="calendar",
        )


def asked_year(text):
    """The year of ``?year=2026``, or None."""
    try:
        year = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return year if _askable(year) else None


def asked_month(text):
    """The month of ``?month=2026-11`` as a ``Period``, or None."""
    try:
        year, month = (int(part) for part in str(text).split("-"))
        period = Period.month(year, month)
    except (TypeError, ValueError):
        return None
    return period if _askable(year) else None


def asked_day(text):
    """The day of ``?week=2026-11-30`` (ISO), or None."""
    try:
        day = datetime.date.fromisoformat(str(text).strip())
    except (TypeError, ValueError):
        return None
    return day if _askable(day.year) else None


def twelve_months_to(on=None):
    """The twelve months that end on ``on`` (default: today), that day included: from
    the day after the same date a year earlier."""
    on = on or today()
    return Period.custom(years_before(on, 1) + DAY, on)


# --- ages ---------------------------------------------------------------------------------


def age(born, on=None):
    """Age in whole years (周岁) on ``on`` (default: today in Beijing).

    周岁 are counted by the Gregorian year, month and day (按公历的年、月、日计算): a year
    is added on each birthday. Someone born on 29 February has no birthday in a common
    year; the convention followed here, that of Chinese legal practice, is that they
    reach the next year on 1 March, the day after 28 February, so that nobody is
    counted a year older before a whole year has passed. ``birth_dates_for_ages``
    follows the same rule, so an age filter and a person's age agree.
    """
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birth_dates_for_ages(youngest, oldest, on=None):
    """``(earliest, latest)``: the birth dates, both included, of everyone aged
    ``youngest`` to ``oldest`` whole years (``age``) on ``on`` (default: today), so an age
    filter is an indexed range on the birth date. Valid on 29 February and in the
    years without one."""
    on = on or today()
    latest = years_before(on, youngest)
    earliest = years_before(on, oldest + 1) + DAY
    return earliest, latest

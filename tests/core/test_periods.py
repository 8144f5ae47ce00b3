"""Beijing days, periods and ages: the one module the rest of the project asks."""

import datetime

import pytest
import time_machine

from communitypolice.core import periods
from communitypolice.core.periods import Period

D = datetime.date
UTC = datetime.UTC


def test_today_is_the_beijing_date_when_utc_is_still_on_the_day_before(frozen_now):
    assert datetime.datetime.now(UTC).date() == D(2026, 12, 2)
    assert periods.today() == D(2026, 12, 3)
    assert periods.local_date(frozen_now) == D(2026, 12, 3)


def test_a_day_is_bounded_by_beijing_midnights():
    start, end = periods.day_bounds(D(2026, 12, 3))
    assert start == datetime.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    assert end == datetime.datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
    assert periods.day_bounds(D(2026, 12, 1), D(2026, 12, 3))[1] == end


def test_months_quarters_and_years_contain_their_days():
    assert periods.month_of(D(2028, 2, 10)) == Period.month(2028, 2)
    assert Period.month(2028, 2).end == D(2028, 2, 29)
    assert Period.month(2027, 2).end == D(2027, 2, 28)
    q4 = periods.quarter_of(D(2026, 11, 15))
    assert (q4.start, q4.end, q4.quarter_number) == (D(2026, 10, 1), D(2026, 12, 31), 4)
    year = periods.year_of(D(2026, 6, 1))
    assert (year.start, year.end, year.days) == (D(2026, 1, 1), D(2026, 12, 31), 365)
    assert D(2026, 12, 31) in year and D(2027, 1, 1) not in year


def test_the_period_before_and_the_same_one_last_year():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.month(2026, 3).same_last_year() == Period.month(2025, 3)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.month(2026, 12).following() == Period.month(2027, 1)
    week = Period.week(D(2026, 11, 30))
    assert week.previous() == Period.week(D(2026, 11, 23))
    assert periods.week_of(D(2026, 12, 6)) == week  # a Sunday
    span = Period.custom(D(2026, 11, 11), D(2026, 11, 20))
    assert span.previous() == Period.custom(D(2026, 11, 1), D(2026, 11, 10))
    # A leap day has no twin a year earlier: the range ends on 28 February.
    leap = Period.custom(D(2028, 2, 1), D(2028, 2, 29)).same_last_year()
    assert (leap.start, leap.end) == (D(2027, 2, 1), D(2027, 2, 28))


def test_last_month_quarter_and_week_are_whole_ones():
    assert Period.last_month(D(2026, 1, 5)) == Period.month(2025, 12)
    assert Period.last_month(D(2026, 3, 31)) == Period.month(2026, 2)
    assert Period.last_quarter(D(2026, 2, 1)) == Period.quarter(2025, 4)
    assert Period.last_week(D(2026, 12, 2)) == Period.week(D(2026, 11, 23))


def test_this_month_so_far_stops_today(frozen_now):
    december = periods.month_of(periods.today())
    assert december.so_far() == Period(Period.MONTH, D(2026, 12, 1), D(2026, 12, 3))


def test_a_period_counts_its_last_second_and_not_the_next_midnight():
    october = Period.month(2026, 10)
    assert october.start_at == datetime.datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
    assert october.end_at == datetime.datetime(2026, 10, 31, 16, 0, tzinfo=UTC)


def test_twelve_months_end_today():
    span = periods.twelve_months_to(D(2026, 12, 3))
    assert (span.start, span.end, span.days) == (D(2025, 12, 4), D(2026, 12, 3), 365)


def test_a_period_survives_a_round_trip_through_json():
    for period in (Period.month(2026, 10), Period.year(2026), Period.week(D(2026, 11, 30))):
        assert Period.from_json(period.to_json()) == period


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(1985, 3, 15), D(2026, 3, 14), 40),
        (D(1985, 3, 15), D(2026, 3, 15), 41),  # a year older on the birthday
        (D(2008, 2, 29), D(2026, 2, 28), 17),  # no 29 February in 2026 ...
        (D(2008, 2, 29), D(2026, 3, 1), 18),  # ... so 18 on 1 March
        (D(2008, 2, 29), D(2028, 2, 29), 20),  # and on the day itself in a leap year
        (D(2010, 2, 28), D(2028, 2, 29), 18),
    ],
)
def test_age_in_whole_years(born, on, age):
    assert periods.age(born, on) == age


def test_age_defaults_to_today_in_beijing(frozen_now):
    # Born on 3 December: a year older in Beijing, while UTC is still on the 2nd.
    assert periods.age(D(2000, 12, 3)) == 26


@pytest.mark.parametrize("on", [D(2028, 2, 29), D(2027, 2, 28), D(2027, 3, 1), D(2026, 12, 31)])
@pytest.mark.parametrize(("youngest", "oldest"), [(0, 17), (18, 59), (60, 200), (1, 1)])
def test_the_birth_dates_of_an_age_band_are_exactly_the_people_of_that_age(on, youngest, oldest):
    earliest, latest = periods.birth_dates_for_ages(youngest, oldest, on)
    assert youngest <= periods.age(latest, on) <= oldest
    assert periods.age(latest + periods.DAY, on) < youngest
    assert youngest <= periods.age(earliest, on) <= oldest
    assert periods.age(earliest - periods.DAY, on) > oldest


def test_a_new_year_begins_at_beijing_midnight():
    with time_machine.travel(datetime.datetime(2026, 12, 31, 16, 0, 1, tzinfo=UTC)):
        assert periods.today() == D(2027, 1, 1)
        assert Period.last_month() == Period.month(2026, 12)

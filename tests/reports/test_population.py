"""实有人口统计表: cells and totals against counts computed independently, per station and
beat for a branch bureau, and the period's boundaries (first and last day, Beijing time)."""

import datetime

import pytest
from django.utils import timezone

from reports import catalogue
from reports.catalogue.base import Params
from residents.models import Person
from tests.reports.helpers import OCTOBER, rows_by_key
from tests.residents.fixtures import resident_id

_sequence = iter(range(100, 1000))


def make_person(
    house,
    *,
    gender="M",
    born=datetime.date(1985, 3, 15),
    category="registered",
    registered_on=datetime.date(2020, 1, 1),
    **extra,
):
    birth = born.strftime("%Y%m%d")
    return Person.objects.create(
        registered_on=registered_on,
        name="测试",
        gender=gender,
        birth_date=born,
        id_number=resident_id(birth=birth, sequence=f"{next(_sequence):03d}"),
        category=category,
        house=house,
        beat=house.beat,
        **extra,
    )


@pytest.fixture
def people(house_a, house_c):
    """People around the edges of October 2026 in beat A and beat C; beat B has none."""
    a, c = house_a, house_c
    return {
        "adult": make_person(a),
        "minor": make_person(a, gender="F", category="floating", born=datetime.date(2010, 11, 1)),
        "sixty_on_last_day": make_person(a, born=datetime.date(1966, 10, 31)),
        "fifty_nine": make_person(a, gender="F", born=datetime.date(1966, 11, 1)),
        "arrived_first_day": make_person(
            a, category="floating", arrival_date=datetime.date(2026, 10, 1)
        ),
        "arrived_after": make_person(
            a, category="floating", arrival_date=datetime.date(2026, 11, 1)
        ),
        "arrived_before": make_person(
            a, category="floating", arrival_date=datetime.date(2026, 9, 30)
        ),
        "moved_out_last_day": make_person(
            a, residence_status="moved_out", status_date=datetime.date(2026, 10, 31)
        ),
        "moved_out_after": make_person(
            a, gender="F", residence_status="moved_out", status_date=datetime.date(2026, 11, 1)
        ),
        "died_before": make_person(
            a, residence_status="deceased", status_date=datetime.date(2026, 9, 30)
        ),
        "died_in_period": make_person(
            c, residence_status="deceased", status_date=datetime.date(2026, 10, 15)
        ),
        "away": make_person(c, gender="F", category="foreign", residence_status="away"),
        "unregistered": make_person(c, category="unregistered"),
        "born_after": make_person(c, born=datetime.date(2026, 11, 2)),
    }


def close(person, at):
    Person.objects.filter(pk=person.pk).update(closed_at=at)


def expected_by_beat(period):
    """The same figures, counted person by person in Python from plain ORM rows."""
    end = period.end
    figures = {}
    for person in Person.objects.all():
        row = figures.setdefault(person.beat_id, {})

        def add(key, row=row):
            row[key] = row.get(key, 0) + 1

        closed = person.closed_at is not None
        closed_before_end = closed and timezone.localtime(person.closed_at).date() <= end
        gone = person.residence_status in Person.GONE and (
            person.status_date is None or person.status_date <= end
        )
        if (
            person.registered_on <= end
            and person.birth_date <= end
            and (person.arrival_date is None or person.arrival_date <= end)
            and not closed_before_end
            and not gone
        ):
            add("living")
            add(f"living_{person.gender}")
            add(f"{person.category}_{person.gender}")
            born = person.birth_date
            age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
            add("age_minor" if age < 18 else "age_adult" if age < 60 else "age_senior")
        closed_before_start = closed and timezone.localtime(person.closed_at).date() < period.start
        in_period = period.start <= (person.status_date or datetime.date.min) <= end
        if closed_before_start:
            continue
        known = person.registered_on <= end
        if known and person.arrival_date and period.start <= person.arrival_date <= end:
            add("arrived")
        if person.residence_status == "moved_out" and in_period:
            add("moved_out")
        if person.residence_status == "deceased" and in_period:
            add("deceased")
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, people):
    close(people["adult"], OCTOBER.end_at)  # closed at 00:00 after the last day: still counted
    table = catalogue.get("population").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns]

    for beat in (beat_a, beat_b, beat_c):
        got = rows[f"beat:{beat.code}"].values
        assert got == {key: expected.get(beat.pk, {}).get(key, 0) for key in keys}, beat.name
    station_a = rows[f"station:{beat_a.station.code}"].values
    for key in keys:
        assert station_a[key] == rows["beat:A01"].values[key] + rows["beat:A02"].values[key]
    total = rows["total"].values
    for key in keys:
        assert total[key] == sum(v.get(key, 0) for v in expected.values())
    assert total["living"] == 9  # seven in beat A, two in beat C


def test_period_boundaries(branch, beat_a, beat_b, beat_c, people):
    table = catalogue.get("population").build(Params(branch, OCTOBER))
    a = rows_by_key(table)["beat:A01"].values
    # Living on 31 October in beat A: adult, minor, sixty, fifty-nine, arrived on the
    # first day, arrived before, moved out after the period.
    assert a["living"] == 7
    assert a["arrived"] == 1  # 1 October counts, 30 September and 1 November do not
    assert a["moved_out"] == 1  # 31 October counts, 1 November does not
    assert a["deceased"] == 0  # 30 September is before the period
    assert a["age_minor"] == 1
    assert a["age_senior"] == 1  # sixty on the last day
    assert a["age_adult"] == 5
    c = rows_by_key(table)["beat:C01"].values
    assert c["deceased"] == 1
    assert c["living"] == 2  # away counts; born after the period does not
    assert c["foreign_F"] == 1 and c["unregistered_M"] == 1


def test_a_person_closed_during_the_period_is_not_counted_as_living(branch, beat_a, people):
    close(people["adult"], OCTOBER.end_at - datetime.timedelta(seconds=1))  # 23:59:59 on the 31st
    table = catalogue.get("population").build(Params(branch, OCTOBER))
    assert rows_by_key(table)["beat:A01"].values["living"] == 6


def test_station_report_has_beats_and_total_without_subtotals(station_a, beat_a, beat_b, people):
    table = catalogue.get("population").build(Params(station_a, OCTOBER))
    assert [row.kind for row in table.rows] == ["beat", "beat", "total"]
    assert [row.key for row in table.rows][:2] == ["beat:A01", "beat:A02"]
    assert len(table.lead) == 1


def test_multi_level_header_merges_shared_labels(branch, beat_a):
    table = catalogue.get("population").build(Params(branch, OCTOBER))
    depth, cells = table.header()
    assert depth == 2
    top = [cell for cell in cells if cell.row == 0]
    # Lead columns span both levels; "Resident population" spans its three columns.
    assert top[0].rowspan == 2 and top[1].rowspan == 2
    assert top[2].colspan == 3
    assert sum(cell.colspan for cell in top) == len(table.lead) + len(table.columns)

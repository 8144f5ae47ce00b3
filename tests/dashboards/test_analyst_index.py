"""The analysts' home: the stations under their unit side by side, aggregates only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communitypolice.accounts.models import Unit
from residents.models import Person
from tests.factories import BeatFactory, UnitFactory

from .conftest import add_incident, add_person, add_room, add_tip, local

pytestmark = pytest.mark.django_db

URL = reverse("reports:index")


def figures(response):
    """{figure key: {station name: n}} from the comparison table."""
    comparison = response.context["comparison"]
    names = [station.name for station in comparison["stations"]]
    return {
        key: dict(zip(names, values, strict=True)) for key, values in comparison["rows"].items()
    }


@pytest.fixture
def other_branch_station(city):
    branch = UnitFactory(code="330103000000", name="东城分局", kind=Unit.Kind.BRANCH, parent=city)
    station = UnitFactory(code="330103510000", name="东城派出所", parent=branch)
    BeatFactory(station=station, name="东城第一警务区")
    return station


def test_the_stations_under_the_unit_side_by_side(login, analyst, records, other_branch_station):
    response = login(analyst).get(URL)
    table = figures(response)
    a, b = "和平街派出所", "樱花路派出所"
    assert list(table["beats"]) == [a, b]  # not the other branch's station
    assert table["beats"] == {a: 2, b: 1}
    # independent counts: plain ORM per station
    for station_name in (a, b):
        living = Person.objects.filter(beat__station__name=station_name).living().count()
        assert table["people"][station_name] == living
    assert table["people"] == {a: 5, b: 1}
    assert table["incidents_month"] == {a: 3, b: 1}
    assert table["followups_overdue"] == {a: 3, b: 1}
    assert table["tips_open"] == {a: 4, b: 1}
    assert table["tips_overdue"] == {a: 2, b: 1}
    assert table["disputes_open"] == {a: 3, b: 1}
    assert table["disputes_overdue"] == {a: 2, b: 1}


def test_both_charts_carry_one_dataset_per_station(login, analyst, records):
    comparison = login(analyst).get(URL).context["comparison"]
    for rows, chart, _chart_id, _title in comparison["sections"]:
        assert [d["label"] for d in chart["datasets"]] == ["和平街派出所", "樱花路派出所"]
        assert [d["data"] for d in chart["datasets"]] == [
            [row["values"][0] for row in rows],
            [row["values"][1] for row in rows],
        ]


def test_no_personal_data_and_no_links_into_the_registers(login, analyst, records):
    html = login(analyst).get(URL).content.decode()
    assert "王五" not in html
    for url_name in ("residents:person_list", "incidents:tip_list", "incidents:dispute_list"):
        assert f'href="{reverse(url_name)}' not in html


def test_a_chief_compares_only_their_own_station(login, chief, records):
    table = figures(login(chief).get(URL))
    assert table["beats"] == {"和平街派出所": 2}


def test_officers_get_403(login, officer):
    assert login(officer).get(URL).status_code == 403


def test_queries_do_not_grow_with_stations_beats_or_records(
    login, analyst, records, branch, street
):
    client = login(analyst)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    officer = records["people"]["a1"].beat.assignments.first().officer
    for n in range(2):
        station = UnitFactory(code=f"33010253{n}000", parent=branch)
        beat = BeatFactory(station=station)
        room = add_room(beat, street, f"S1-7{n}")
        add_person(records["houses"][0])
        add_tip(room, officer, "warning", overdue=True)
        add_incident(room, officer, local(2026, 11, 3))
    after = count()
    assert after == before
    assert before <= 25


# --- the latest reports and subscriptions -------------------------------------------------------


def add_run(unit, *, code="population", status="done", hours_ago=1):
    from reports.models import ReportRun

    from .conftest import NOW

    return ReportRun.objects.create(
        report_code=code,
        parameters={},
        unit=unit,
        period_kind="month",
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        status=status,
        finished_at=NOW - datetime.timedelta(hours=hours_ago),
    )


def test_the_latest_finished_runs_of_the_unit_and_its_subscriptions(
    login, analyst, branch, station_a, other_branch_station
):
    from reports.models import Subscription

    newest = add_run(station_a, hours_ago=1)
    older = add_run(branch, hours_ago=5)
    add_run(branch, status="failed", hours_ago=0)  # not generated
    add_run(other_branch_station, hours_ago=0)  # another branch's
    for hours in range(6, 12):
        add_run(branch, hours_ago=hours)
    Subscription.objects.create(unit=branch, report_code="population", frequency="monthly")
    Subscription.objects.create(
        unit=other_branch_station, report_code="population", frequency="weekly"
    )

    response = login(analyst).get(URL)
    reports = response.context["reports"]
    runs = list(reports["runs"])
    assert runs[:2] == [newest, older] and len(runs) == 5
    assert [s.unit for s in reports["subscriptions"]] == [branch]
    html = response.content.decode()
    assert reverse("reports:run_detail", args=[newest.pk]) in html
    assert reverse("reports:subscriptions") in html


def test_the_latest_reports_cost_no_query_per_run(login, analyst, branch, station_a):
    client = login(analyst)
    add_run(branch)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        return len(queries)

    before = count()
    for hours in range(2, 8):
        add_run(station_a, hours_ago=hours)
    assert count() == before

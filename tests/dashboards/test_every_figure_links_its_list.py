"""On the demo station, every number on the chief's station overview and the officer's
home that links to a register list equals the number of records that list shows, and
the chief's figures are the cells of the catalogue reports for the same station."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.periods import Period
from reports import catalogue
from reports.catalogue.base import Params
from residents.models import Person

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
FIGURE_LINK = re.compile(r'<a [^>]*href="(/[^"#]*)"[^>]*>\s*([0-9][0-9,]*)\s*</a>')


@pytest.fixture
def demo_clock():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING), tick=False):
        call_command("seed_demo", stdout=StringIO())
        yield


@pytest.mark.parametrize(
    ("username", "page"),
    [("chief1", "reports:station_overview"), ("officer1", "reports:officer_home")],
)
def test_every_linked_figure_is_the_count_of_its_list(demo_clock, login, username, page):
    client = login(User.objects.get(username=username))
    html = client.get(reverse(page)).content.decode()
    links = FIGURE_LINK.findall(html)
    checked = 0
    for href, number in links:
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, href
        paginator = response.context and response.context.get("paginator")
        if paginator is None:
            continue
        assert paginator.count == int(number.replace(",", "")), href
        checked += 1
    assert checked >= 5, links


def report_rows(code, unit, period):
    """The catalogue report ``code`` for ``unit`` and ``period``: ``{row key: values}``."""
    table = catalogue.get(code).build(Params(unit, period))
    return {row.key: row.values for row in table.rows}


def test_the_chiefs_figures_are_the_cells_of_the_catalogue_reports(demo_clock, login):
    """The station overview of 20 November against the catalogue reports for the same
    station: today's state is a report for the one day of today (the dashboards are
    "now"); incidents are this month so far and last month."""
    chief = User.objects.get(username="chief1")
    context = login(chief).get(reverse("reports:station_overview")).context
    unit, today = chief.unit, periods.today()
    day = Period.custom(today, today)
    checked = 0

    population = report_rows("population", unit, day)
    for row in context["population"]["rows"]:
        cells = population[f"beat:{row['beat'].code}"]
        assert row["total"] == cells["living"] > 0, row["beat"]
        for cell, category in zip(row["cells"], Person.Category, strict=True):
            assert cell["n"] == cells[f"{category}_M"] + cells[f"{category}_F"], category
            checked += 1
    assert context["population"]["total"]["n"] == population["total"]["living"]

    key_persons = report_rows("key_persons", unit, day)
    care = report_rows("care", unit, day)
    for row in context["followups"]["rows"]:
        key = f"beat:{row['beat'].code}"
        assert row["key"] == key_persons[key]["overdue"], row["beat"]
        assert row["care"] == care[key]["overdue"], row["beat"]
        checked += 2
    assert context["followups"]["key"] == key_persons["total"]["overdue"] > 0

    disputes = report_rows("disputes", unit, day)
    for row in context["disputes"]["rows"]:
        cells = disputes[f"beat:{row['beat'].code}"]
        assert (row["open"], row["overdue"]) == (cells["open_end"], cells["overdue"])
        checked += 2
    assert context["disputes"]["open"] == disputes["total"]["open_end"] > 0

    # Every tip raised so far: the report counts the tips raised in its period.
    tips = report_rows("tips", unit, Period.custom(datetime.date(2020, 1, 1), today))["total"]
    assert (context["tips"]["open"], context["tips"]["overdue"]) == (
        tips["pending"],
        tips["overdue"],
    )
    assert tips["pending"] > 0

    incidents = context["incidents"]
    this_month = periods.month_of(today).so_far(today)
    months = [Period.custom(this_month.start, today), this_month.previous()]
    for index, period in enumerate(months):  # the card's first two columns
        cells = report_rows("incidents", unit, period)["total"]
        for row in incidents["rows"]:
            assert row["cells"][index]["n"] == cells[f"type_{row['type'].code}"], row["type"]
            checked += 1
        assert incidents["totals"][index]["n"] == cells["all"] > 0

    freshness = report_rows("freshness", unit, day)
    for row in context["freshness_shares"]["beats"]:
        cells = freshness[f"beat:{row['beat'].code}"]
        assert (row["records"], row["fresh"]) == (cells["all"], cells["all_fresh"])
        checked += 1
    officers = report_rows("freshness_officers", unit, day)
    for line in context["freshness_shares"]["officers"]:
        cells = officers[f"officer:{line.officer.username}"]
        assert (line.records, line.checked) == (cells["records"], cells["checked"])
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("username", ["officer1", "officer3"])
def test_the_officers_beat_figures_are_the_cells_of_the_catalogue_reports(
    demo_clock, login, username
):
    """Each beat's figures on the officer's home against the station's reports: today's
    register as a report for the one day of today; incidents and disputes the twelve
    months to today."""
    officer = User.objects.get(username=username)
    context = login(officer).get(reverse("reports:officer_home")).context
    today = periods.today()
    day, twelve = Period.custom(today, today), periods.twelve_months_to(today)
    station = context["beats"][0]["beat"].station
    reports = {
        code: report_rows(code, station, day)
        for code in ("population", "houses", "organizations", "key_persons")
    }
    incidents = report_rows("incidents", station, twelve)
    disputes = report_rows("disputes", station, twelve)
    floating = Person.Category.FLOATING
    checked = 0
    for card in context["beats"]:
        key = f"beat:{card['beat'].code}"
        expected = {
            "people": reports["population"][key]["living"],
            "floating": sum(reports["population"][key][f"{floating}_{g}"] for g in "MF"),
            "houses": reports["houses"][key]["houses"],
            "rentals": reports["houses"][key]["use_rented"],
            "organizations": reports["organizations"][key]["organizations"],
            "key_persons": reports["key_persons"][key]["persons"],
            "incidents": incidents[key]["all"],
            "disputes": disputes[key]["found"],
        }
        shown = {figure["key"]: figure["n"] for figure in card["figures"]}
        assert shown == expected, card["beat"]
        assert shown["people"] > 0 and shown["incidents"] > 0
        checked += 1
    assert checked >= 1

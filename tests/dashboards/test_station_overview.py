"""The chief's station overview: each figure against a count made by hand from the
records of ``conftest.py``, each link against the list it opens, and the scope."""

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BeatFactory

from .conftest import add_dispute, add_incident, add_person, add_room, add_tip, local

pytestmark = pytest.mark.django_db

URL = reverse("reports:station_overview")


@pytest.fixture
def overview(login, chief, records):
    return login(chief).get(URL)


def by_beat(rows, key="beat"):
    return {row[key].name: row for row in rows}


def test_population_by_category_per_beat(overview):
    population = overview.context["population"]
    rows = by_beat(population["rows"])
    # registered, floating, foreign, unregistered; the person who moved out is not counted
    assert [cell["n"] for cell in rows["和平街第一警务区"]["cells"]] == [1, 1, 1, 0]
    assert [cell["n"] for cell in rows["和平街第二警务区"]["cells"]] == [1, 1, 0, 0]
    assert [cell["n"] for cell in population["totals"]] == [2, 2, 1, 0]
    assert population["total"]["n"] == 5
    assert "樱花路第一警务区" not in rows  # the other station


def test_followups_overdue_count_people_once(overview):
    followups = overview.context["followups"]
    # a1 (key), a2 (key and care: once), b1 (care); not the person who moved out, not an
    # ended designation, not the other station's
    assert (followups["key"], followups["care"], followups["total"]) == (2, 2, 3)
    rows = by_beat(followups["rows"])
    assert (rows["和平街第一警务区"]["key"], rows["和平街第一警务区"]["total"]) == (2, 2)
    assert (rows["和平街第二警务区"]["care"], rows["和平街第二警务区"]["total"]) == (1, 1)


def test_open_tips_by_level_with_the_overdue(overview):
    tips = overview.context["tips"]
    levels = {level["value"]: (level["open"], level["overdue"]) for level in tips["levels"]}
    assert levels == {"warning": (2, 1), "sign": (1, 1), "tendency": (1, 0)}
    assert [level["value"] for level in tips["levels"]] == ["warning", "sign", "tendency"]
    assert (tips["open"], tips["overdue"]) == (4, 2)


def test_incidents_this_month_last_month_and_a_year_ago_by_type(overview):
    incidents = overview.context["incidents"]
    assert [p["key"] for p in incidents["periods"]] == ["this_month", "last_month", "year_ago"]
    table = {row["type"].code: [cell["n"] for cell in row["cells"]] for row in incidents["rows"]}
    # month boundaries in Beijing time; the closed duplicate and the other station left out
    assert table == {"help": [1, 1, 0], "criminal": [2, 0, 0], "traffic": [0, 1, 1]}
    assert [cell["n"] for cell in incidents["totals"]] == [3, 2, 1]


def test_disputes_open_overdue_and_resolved(overview):
    disputes = overview.context["disputes"]
    assert (disputes["open"], disputes["overdue"], disputes["resolved"]) == (3, 2, 1)
    rows = by_beat(disputes["rows"])
    first, second = rows["和平街第一警务区"], rows["和平街第二警务区"]
    assert (first["open"], first["overdue"], first["resolved"]) == (2, 1, 0)
    assert (second["open"], second["overdue"], second["resolved"]) == (1, 1, 1)


def test_freshness_per_beat_is_the_queue_counted_by_beat(overview):
    freshness = overview.context["freshness"]
    rows = by_beat(freshness["rows"])
    # beat A: key follow-ups of a1 and a2, a2's care (not the one who moved out, as on
    # the follow-ups card); two tips
    assert rows["和平街第一警务区"]["groups"] == [3, 2, 0, 0, 0, 0]
    assert rows["和平街第二警务区"]["groups"] == [1, 0, 0, 0, 0, 0]
    assert freshness["total"] == 6


def test_charts_carry_their_numbers_as_json_data(overview):
    html = overview.content.decode()
    for chart_id in ("chart-population", "chart-incidents", "chart-freshness"):
        assert f'data-chart="{chart_id}"' in html
        data = json.loads(
            unescape(
                re.search(
                    rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html
                ).group(1)
            )
        )
        assert data["labels"] and data["datasets"]
    incidents = overview.context["incidents"]["chart"]
    assert incidents["labels"] == ["刑事案件", "求助", "交通事故"]  # the code table's order
    assert [d["data"] for d in incidents["datasets"]] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]


# --- every figure opens the list it counts, and the list shows the same number -----------------


def listed(client, url):
    """How many records a list page says it shows (the freshness queue: its sections)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "sections" in response.context:
        return sum(count for _name, count, _rows in response.context["sections"])
    return response.context["paginator"].count


def linked_figures(context):
    """Every (number, url) pair the overview shows as a link."""
    population, followups = context["population"], context["followups"]
    tips, incidents, disputes = context["tips"], context["incidents"], context["disputes"]
    freshness = context["freshness"]
    pairs = [(population["total"]["n"], population["total"]["url"])]
    for row in population["rows"]:
        pairs += [(cell["n"], cell["url"]) for cell in row["cells"]] + [(row["total"], row["url"])]
    pairs += [(cell["n"], cell["url"]) for cell in population["totals"]]
    for item in [followups, *followups["rows"]]:
        pairs += [(item["key"], item["key_url"]), (item["care"], item["care_url"])]
        pairs += [(item["total"], item["url"])]
    for level in tips["levels"]:
        pairs += [(level["open"], level["url"]), (level["overdue"], level["overdue_url"])]
    pairs += [(tips["open"], tips["url"]), (tips["overdue"], tips["overdue_url"])]
    for row in incidents["rows"]:
        pairs += [(cell["n"], cell["url"]) for cell in row["cells"]]
    pairs += [(cell["n"], cell["url"]) for cell in incidents["totals"]]
    for item in [disputes, *disputes["rows"]]:
        pairs += [(item["open"], item["open_url"]), (item["overdue"], item["overdue_url"])]
        pairs += [(item["resolved"], item["resolved_url"])]
    pairs += [(row["total"], row["url"]) for row in freshness["rows"]]
    pairs += [(freshness["total"], freshness["url"])]
    return pairs


def test_every_linked_figure_matches_the_list_it_opens(login, chief, overview):
    client = login(chief)
    pairs = linked_figures(overview.context)
    assert len(pairs) > 50
    mismatches = [(n, url, listed(client, url)) for n, url in pairs if listed(client, url) != n]
    assert mismatches == []


def test_the_overdue_follow_ups_link_is_on_the_page(overview):
    html = overview.content.decode()
    url = overview.context["followups"]["url"]
    link = re.search(r'<a href="([^"]*)" data-figure="followups_overdue_link">([^<]*)</a>', html)
    assert unescape(link.group(1)) == url
    assert link.group(2).strip().endswith("3")


# --- scope -------------------------------------------------------------------------------------


def test_the_other_chief_sees_only_their_station(login, other_chief, records):
    context = login(other_chief).get(URL).context
    assert [row["beat"].name for row in context["population"]["rows"]] == ["樱花路第一警务区"]
    assert context["population"]["total"]["n"] == 1
    assert context["followups"]["total"] == 1  # c1
    assert (context["tips"]["open"], context["tips"]["overdue"]) == (1, 1)
    assert [cell["n"] for cell in context["incidents"]["totals"]] == [1, 0, 0]
    assert (context["disputes"]["open"], context["disputes"]["overdue"]) == (1, 1)


@pytest.mark.parametrize("who", ["officer", "analyst", "admin_user"])
def test_other_roles_get_403(request, login, who):
    assert login(request.getfixturevalue(who)).get(URL).status_code == 403


# --- cost ----------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_beats_or_records(login, chief, records, station_a, street):
    client = login(chief)
    before = count_queries(client, URL)
    officer = records["people"]["a1"].beat.assignments.first().officer
    for n in range(3):
        beat = BeatFactory(station=station_a)
        room = add_room(beat, street, f"S1-9{n}")
        add_person(records["houses"][0])
        add_tip(room, officer, "sign", overdue=True)
        add_incident(room, officer, local(2026, 11, 2), "fire")
        add_dispute(room, officer, risk="high", found_days_ago=20)
    after = count_queries(client, URL)
    assert after == before
    assert before <= 40


def test_the_freshness_queue_of_a_beat_outside_the_scope_answers_404(
    login, chief, officer, beat_b, beat_c
):
    url = reverse("incidents:freshness")
    assert login(chief).get(f"{url}?beat={beat_c.pk}").status_code == 404
    assert login(officer).get(f"{url}?beat={beat_b.pk}").status_code == 404
    assert login(chief).get(f"{url}?beat={beat_b.pk}").status_code == 200

"""Figures slow to count are kept for some minutes and shown with their time: the chief
sees when they were counted and can count them again; the periodic task counts them
again before they age. Figures quick to count are counted on every view."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from communitypolice.core import snapshots
from reports.tasks import refresh_snapshots

from .conftest import NOW, add_person

pytestmark = pytest.mark.django_db

URL = reverse("reports:station_overview")


@pytest.fixture(autouse=True)
def empty_cache(settings, request):
    """A cache of the test's own (CI's is Redis, shared with the task queue)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.name,
        }
    }


def people(response):
    return response.context["population"]["total"]["n"]


def test_quick_figures_are_counted_on_every_view(login, chief, records, settings):
    settings.DASHBOARD_SNAPSHOT_SECONDS = 60
    client = login(chief)
    before = people(client.get(URL))
    add_person(records["houses"][0])
    response = client.get(URL)
    assert people(response) == before + 1
    assert "再次统计" not in response.content.decode()


def test_slow_figures_are_kept_with_their_time(login, chief, records, settings):
    settings.DASHBOARD_SNAPSHOT_SECONDS = 0  # every count is "slow"
    client = login(chief)
    first = client.get(URL)
    before = people(first)
    add_person(records["houses"][0])

    recounted_at = NOW + datetime.timedelta(minutes=3)
    with time_machine.travel(recounted_at, tick=False):
        kept = client.get(URL)
        assert people(kept) == before  # as counted three minutes ago
        page = kept.content.decode()
        assert f"数据截至 {first.context['as_of'].astimezone(NOW.tzinfo):%Y-%m-%d %H:%M}" in page
        assert "再次统计" in page
        recounted = client.get(URL, {"refresh": "1"})
        assert people(recounted) == before + 1

    add_person(records["houses"][0])
    # Past their age, the next view counts them again.
    later = recounted_at + datetime.timedelta(seconds=snapshots.MAX_AGE + 60)
    with time_machine.travel(later, tick=False):
        assert people(client.get(URL)) == before + 2


def test_the_periodic_task_counts_the_slow_figures_again(login, chief, records, settings):
    settings.DASHBOARD_SNAPSHOT_SECONDS = 0
    client = login(chief)
    before = people(client.get(URL))
    add_person(records["houses"][0])
    with time_machine.travel(NOW + datetime.timedelta(minutes=6), tick=False):
        assert refresh_snapshots() == 1
        assert people(client.get(URL)) == before + 1


def test_the_officers_home_keeps_its_slow_figures_and_the_queue_stays_live(
    login, officer, records, settings
):
    """The beat figures and the share checked in time read every record of the beat: at
    a beat's size they are kept, with their time; what the officer must do stays live."""
    settings.DASHBOARD_SNAPSHOT_SECONDS = 0
    client = login(officer)
    url = reverse("reports:officer_home")

    def beat_people(response):
        figures = response.context["beats"][0]["figures"]
        return next(figure["n"] for figure in figures if figure["key"] == "people")

    before = beat_people(client.get(url))
    add_person(records["houses"][0])
    kept = client.get(url)
    assert beat_people(kept) == before
    assert "再次统计" in kept.content.decode()
    assert beat_people(client.get(url, {"refresh": "1"})) == before + 1

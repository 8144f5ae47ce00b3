"""On the demo station, every number on the chief's station overview and the officer's
home that links to a register list equals the number of records that list shows."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from communitypolice.accounts.models import User

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

"""Issue 8 as a user tries it, at desktop and phone size: chief1 sees the station
overview with its charts, clicks "overdue follow-ups: N" and lands on a list of N
rows; officer1 sees the day's work; the analyst compares the two stations."""

import re
from urllib.parse import urlsplit

import pytest

from tests.e2e import browser as b

pytestmark = pytest.mark.e2e

CHARTS_DRAWN = """
() => [...document.querySelectorAll("canvas[data-chart]")].map(
  (canvas) => Boolean(window.Chart && window.Chart.getChart(canvas)) && canvas.width > 0
)
"""


def charts_drawn(page):
    page.wait_for_function("() => window.Chart !== undefined")
    return page.evaluate(CHARTS_DRAWN)


# The page checks of the sweep; the navigation's translation is the sweep's to check.


@pytest.mark.parametrize("viewport", b.VIEWPORTS)
def test_chief_follows_an_overdue_figure_to_its_list(site, new_page, viewport):
    page = new_page(b.VIEWPORTS[viewport])
    watcher = b.PageWatcher(page)
    b.log_in(page, site, "chief1")
    assert urlsplit(page.url).path == "/reports/station/"
    assert charts_drawn(page) == [True, True, True, True]
    assert b.page_problems(page, watcher, phone=viewport == "phone", chinese=False) == []

    link = page.locator("a[data-figure=followups_overdue_link]")
    n = int(re.search(r"(\d+)\s*$", link.inner_text()).group(1))
    assert n > 0
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == "/residents/"
    assert page.locator("main table tbody tr").count() == min(n, 25)
    assert f"{n} 条记录" in page.locator("main").inner_text()


def test_officer_sees_the_day_s_work_on_a_phone(site, new_page):
    page = new_page(b.PHONE)
    watcher = b.PageWatcher(page)
    b.log_in(page, site, "officer1")
    assert urlsplit(page.url).path == "/reports/today/"
    assert b.page_problems(page, watcher, phone=True, chinese=False) == []
    button = page.get_by_role("link", name="记录走访").first
    assert button.is_visible()
    assert page.get_by_role("link", name="和平街第一警务区").is_visible()
    assert page.locator("#card-queue").is_visible()
    with page.expect_navigation():
        button.click()
    assert urlsplit(page.url).path == "/incidents/visits/new/"


@pytest.mark.parametrize("viewport", b.VIEWPORTS)
def test_analyst_compares_the_two_stations(site, new_page, viewport):
    page = new_page(b.VIEWPORTS[viewport])
    watcher = b.PageWatcher(page)
    b.log_in(page, site, "analyst")
    assert urlsplit(page.url).path == "/reports/"
    assert charts_drawn(page) == [True, True]
    assert b.page_problems(page, watcher, phone=viewport == "phone", chinese=False) == []
    header = page.locator("main table thead").first.inner_text()
    assert "和平街派出所" in header and "樱花路派出所" in header
    people = page.locator("main tr[data-figure=people] td")
    assert people.count() == 2 and all(int(cell) > 0 for cell in people.all_inner_texts())

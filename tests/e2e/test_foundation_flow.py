"""The first steps of a working day, in a real browser: sign in, land on the role's
home page, switch the interface between Chinese and English."""

from urllib.parse import urlsplit

import pytest

from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def html_lang(page):
    return page.get_attribute("html", "lang")


def test_officer_lands_on_their_day_in_their_beats(site, new_page):
    page = new_page()

    b.log_in(page, site, "officer1")

    assert urlsplit(page.url).path == "/reports/today/"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="和平街第一警务区").is_visible()
    assert page.get_by_text("和平街第二警务区").count() == 0  # officer2's beat


def test_chief_lands_on_the_station_overview(site, new_page):
    page = new_page()

    b.log_in(page, site, "chief1")

    assert urlsplit(page.url).path == "/reports/station/"
    assert "和平街派出所" in page.locator("h1").inner_text()
    for beat in ("和平街第一警务区", "和平街第二警务区", "和平街第三警务区"):
        assert page.get_by_role("link", name=beat).is_visible()
    assert page.get_by_text("樱花路第一警务区").count() == 0  # the other station's beat


@pytest.mark.parametrize(
    ("username", "home"), [("analyst", "/reports/"), ("admin", "/accounts/administration/")]
)
def test_other_roles_land_on_their_home_page(site, new_page, username, home):
    page = new_page()

    b.log_in(page, site, username)

    assert urlsplit(page.url).path == home
    assert page.locator("h1").count() == 1


def test_language_switch_goes_to_english_and_back(site, new_page):
    page = new_page()
    b.log_in(page, site, "officer1")
    assert html_lang(page) == "zh-Hans"

    with page.expect_navigation():
        page.get_by_role("button", name="English", exact=True).click()

    assert html_lang(page) == "en"
    assert urlsplit(page.url).path == "/reports/today/"  # the switch keeps the page
    assert page.get_by_role("button", name="中文", exact=True).is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="中文", exact=True).click()

    assert html_lang(page) == "zh-Hans"
    assert urlsplit(page.url).path == "/reports/today/"
    assert page.get_by_role("button", name="English", exact=True).is_visible()

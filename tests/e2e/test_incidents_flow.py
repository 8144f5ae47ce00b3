"""Issue 5 as a user tries it: officer1, on a phone, records a visit to a key person and
a rental house and raises a 预警性 tip in the same form; both records show as verified
today and leave the freshness queue; chief1 sees the unread notification and the tip at
the top of the inbox; officer3 gets 404 on all of it."""

import pytest

from communitypolice.core import periods
from incidents.models import Tip, Visit
from places.models import House
from residents.models import KeyPersonDesignation
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def test_a_visit_with_a_warning_reaches_the_chief(site, new_page):
    designation = (
        KeyPersonDesignation.objects.current()
        .filter(person__beat__code="330102510001")
        .select_related("person")
        .first()
    )
    person = designation.person
    house = House.objects.filter(beat__code="330102510001", use__code="rented").first()

    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    b.visit(page, f"{site}/incidents/visits/new/?person={person.pk}")
    page.select_option("#id_kind", value="key_person")

    # Find the rental house by typing part of its address (htmx, within the beat).
    b.pick(page, "houses", house.address.full_name[-12:], house.pk)

    page.fill("#id_findings", "本人在家；出租屋内有陌生人员频繁进出")
    page.check("#id_raise_tip")
    page.select_option("#id_tip_level", value="warning")
    page.fill("#id_tip_category", "可疑人员聚集")
    page.fill("#id_tip_content", "出租屋夜间多名外来人员聚集，疑似传销")
    assert b.overflow_problems(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="保存走访").click()

    visit = Visit.objects.latest("pk")
    assert list(visit.persons.all()) == [person] and list(visit.houses.all()) == [house]
    today = periods.today().strftime("%Y-%m-%d")
    for url in (f"/residents/{person.pk}/", f"/places/houses/{house.pk}/"):
        b.visit(page, site + url)
        badge = page.locator(".badge", has_text="已核实").first
        assert today in badge.get_attribute("title")

    b.visit(page, f"{site}/incidents/freshness/")
    # (Names and addresses may recur in other rows: namesakes, housemates.)
    assert page.locator(f"main a[href='/residents/{person.pk}/']").count() == 0
    assert page.locator(f"main a[href='/places/houses/{house.pk}/']").count() == 0

    chief = new_page()
    b.log_in(chief, site, "chief1")
    badge = chief.locator("a[href='/incidents/notifications/'] .badge")
    assert badge.is_visible() and int(badge.inner_text()) >= 1  # the unread badge
    b.visit(chief, f"{site}/incidents/notifications/")
    assert "可疑人员聚集" in chief.locator(".list-group-item").first.inner_text()
    b.visit(chief, f"{site}/incidents/tips/")
    first = chief.locator(".list-group-item-action").first
    assert "可疑人员聚集" in first.inner_text()

    tip = Tip.objects.get(category="可疑人员聚集")
    other = new_page()
    b.log_in(other, site, "officer3")
    for path in (
        f"/incidents/visits/{visit.pk}/",
        f"/incidents/tips/{tip.pk}/",
        f"/incidents/tips/{tip.pk}/edit/",
        f"/residents/{person.pk}/",
    ):
        assert b.visit(other, site + path).status == 404, path

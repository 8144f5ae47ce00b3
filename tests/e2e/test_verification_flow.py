"""核实无误 on a phone: officer1 opens a resident of their beat, says the check was by
phone, and finds it at the top of the record's verification history; the page passes
every check of the sweep at 390 px, with the choice of how beside the button."""

import pytest

from assignments.models import Verification
from residents.models import Person
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def test_officer_verifies_a_resident_by_phone_on_a_phone(site, new_page):
    page = new_page(b.PHONE)
    watcher = b.PageWatcher(page)
    b.log_in(page, site, "officer1")
    person = Person.objects.filter(beat__assignments__officer__username="officer1").first()
    b.visit(page, f"{site}{person.get_absolute_url()}")
    assert b.page_problems(page, watcher, phone=True) == []
    assert page.locator("#verifications-heading").count() == 1

    page.select_option("select[name=method]", "phone")
    with page.expect_navigation():
        page.get_by_role("button", name="核实无误").click()
    assert "已核实" in page.locator(".alert").first.inner_text()
    newest = page.locator("[data-verifications] > li").first
    assert "电话核实" in newest.inner_text()
    check = Verification.objects.of(person).first()
    assert (check.method, check.checked_by.username) == ("phone", "officer1")
    watcher.reset()
    assert b.overflow_problems(page) == []

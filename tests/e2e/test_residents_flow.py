"""Issue 4 as a user tries it: officer1 registers a person (a wrong check digit, then a
birth date that disagrees with the number, then right), finds them by pinyin initials,
sees the ID masked in the list and in full on the page; chief1 sees that view on the
audit page; officer3 gets 404."""

import pytest
from stdnum.cn import ric

from places.models import House
from residents.models import Person
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def number(body):
    return body + ric.calc_check_digit(body + "0")


def test_officer_registers_and_finds_a_person(site, new_page):
    right = number("11010519880808123")  # 17th digit 3: a man
    wrong = right[:-1] + ("0" if right[-1] != "0" else "1")
    house = House.objects.filter(beat__code="330102510001").order_by("pk").first()

    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    b.visit(page, f"{site}/residents/new/?house={house.pk}")
    page.fill("#id_name", "钟书豪")
    page.fill("#id_id_number", wrong)
    page.select_option("#id_category", value="registered")

    def save():
        with page.expect_navigation():
            page.get_by_role("button", name="保存").click()

    save()
    assert "校验码" in page.locator("#div_id_id_number").inner_text()
    assert not Person.objects.filter(name="钟书豪").exists()

    page.fill("#id_id_number", right)
    page.fill("#id_birth_date", "1988-08-09")
    save()
    assert "1988-08-08" in page.locator("#div_id_birth_date").inner_text()
    assert not Person.objects.filter(name="钟书豪").exists()

    page.fill("#id_birth_date", "1988-08-08")
    save()
    person = Person.objects.get(name="钟书豪")
    assert page.locator("h1").inner_text().strip() == "钟书豪"
    assert page.get_by_text(right).is_visible()  # in full on the detail page
    assert person.gender == "M"

    b.visit(page, f"{site}/residents/?q=zsh")
    row = page.locator("tr", has_text="钟书豪")
    assert row.count() == 1
    assert right not in row.inner_text() and "110105********" in row.inner_text()

    chief = new_page()
    b.log_in(chief, site, "chief1")
    b.visit(chief, f"{site}/audit/?action=3")
    assert chief.locator("tr", has_text="钟书豪").count() >= 1

    other = new_page()
    b.log_in(other, site, "officer3")
    for path in (
        f"/residents/{person.pk}/",
        f"/residents/{person.pk}/edit/",
        f"/residents/{person.pk}/move/",
        f"/residents/households/{house.pk}/",
    ):
        assert b.visit(other, site + path).status == 404, path

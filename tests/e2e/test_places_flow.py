"""Issue 3 as a user tries it: officer1 walks the address tree down to a building's
room map, registers an organisation (a wrong credit code first), turns a house into a
group rental; officer3 of the other station cannot open any of it."""

import pytest

from places.models import House, HouseUse, Organization
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e

WRONG_CODE, RIGHT_CODE = "91110000600037341X", "91110000600037341L"


def test_officer_browses_registers_and_flags_a_group_rental(site, new_page):
    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")

    # From the sub-district down to a building: the room map.
    b.visit(page, f"{site}/places/")
    for name in ("和平街道", "樱花社区", "樱花园小区", "1号楼"):
        with page.expect_navigation():
            page.get_by_role("link", name=name).first.click()
    assert "1号楼" in page.locator("h1").inner_text()
    assert page.locator(".building-grid .room-tile").count() >= 20
    assert b.overflow_problems(page) == []

    # An organisation with a wrong credit code: a clear error next to the field.
    with page.expect_navigation():
        page.get_by_role("link", name="登记单位").click()
    page.fill("#id_name", "樱花园测试商行")
    page.select_option("#id_type", label="企业")
    page.fill("#id_credit_code", WRONG_CODE)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.locator("#id_credit_code.is-invalid").count() == 1
    assert "校验码" in page.locator("#div_id_credit_code").inner_text()
    assert not Organization.objects.filter(name="樱花园测试商行").exists()

    page.fill("#id_credit_code", RIGHT_CODE)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.locator("h1").inner_text().strip() == "樱花园测试商行"
    organization = Organization.objects.get(name="樱花园测试商行")

    # A house rented to 12 tenants in one room: listed as a group rental.
    house = (
        House.objects.filter(beat__code="330102510001", use__code="owner").order_by("pk").first()
    )
    b.visit(page, f"{site}/places/houses/{house.pk}/edit/")
    page.select_option("#id_use", label="出租")
    page.fill("#id_room_count", "1")
    page.fill("#id_declared_tenants", "12")
    page.fill("#id_landlord_contact", "房东 13800000000")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.get_by_text("群租房").first.is_visible()
    b.visit(page, f"{site}/places/houses/?group_rental=on")
    assert page.get_by_role("link", name=house.address.full_name).is_visible()
    assert HouseUse.objects.get(code="rented") == House.objects.get(pk=house.pk).use

    # officer3 serves the other station: every one of these URLs answers 404.
    other = new_page()
    b.log_in(other, site, "officer3")
    for path in (
        f"/places/organizations/{organization.pk}/",
        f"/places/organizations/{organization.pk}/edit/",
        f"/places/houses/{house.pk}/",
        f"/places/houses/{house.pk}/edit/",
        f"/places/addresses/{house.address_id}/",
    ):
        assert b.visit(other, site + path).status == 404, path

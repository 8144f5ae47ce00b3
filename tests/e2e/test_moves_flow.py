"""A floating resident moves between stations (迁入) as the users do it: officer3 of
樱花路派出所 types the ID number of a man registered in 和平街派出所, sees only his name,
the masked number and "registered in another station", and asks for him to be moved
to a house of their beat; chief1 of 和平街派出所 approves. He is then on officer3's
list and off chief1's; his residence history shows both stays; and the population
report of the branch bureau, station by station, reads the same for a past month and
one person fewer in one station and one more in the other for today."""

import datetime

import pytest
from django.utils import timezone

from communitypolice.core import periods
from communitypolice.core.periods import Period
from communitypolice.core.templatetags.masking import mask_id
from places.models import House
from residents.models import MoveRequest, Person
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e

SENDING, RECEIVING = "330102510000", "330102520000"  # 和平街派出所, 樱花路派出所


def living_per_station(page, site, period):
    """实有人口统计表 of the analyst's branch bureau for ``period``, requested in the
    browser: the people living there on its last day, from each station's subtotal."""
    b.visit(page, f"{site}/reports/catalogue/population/")
    page.select_option("#id_period_kind", value="custom")
    page.fill("#id_start", period.start.isoformat())
    page.fill("#id_end", period.end.isoformat())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("table.report-table").is_visible()
    figures = {}
    for row in page.locator("tr.report-row-subtotal").all():
        # The first figure column is the people living there; its text before any change
        # against an earlier run.
        living = row.locator("td.text-end").first.evaluate("td => td.firstChild.textContent")
        figures[row.locator("th").inner_text().strip()] = int(living.replace(",", ""))
    return figures


def small_touch_targets(page):
    """Controls of the field forms less than 44px high, for a thumb on a phone."""
    return page.eval_on_selector_all(
        ".touch-form .btn, .touch-form .form-control, .touch-form .form-select",
        "els => els.filter(el => el.getBoundingClientRect().height < 44).map(el => el.outerHTML)",
    )


def test_a_floating_resident_moves_to_another_station(site, new_page, eager_tasks):
    # Dates relative to the Beijing day, so that the flow holds at any hour.
    today = timezone.localdate()
    move_day = today - datetime.timedelta(days=2)
    past_day = today - datetime.timedelta(days=40)
    person = (
        Person.objects.living()
        .filter(
            beat__station__code=SENDING,
            category=Person.Category.FLOATING,
            registered_on__lt=past_day,
            closed_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    house = (
        House.objects.active()
        .filter(beat__code="330102520001")  # officer3's beat
        .select_related("address")
        .order_by("pk")
        .first()
    )
    old_beat = person.beat
    sending, receiving = old_beat.station.name, house.beat.station.name
    past_month, this_day = periods.month_of(past_day), Period.custom(today, today)
    analyst = new_page()
    b.log_in(analyst, site, "analyst")
    before = living_per_station(analyst, site, past_month)
    now = living_per_station(analyst, site, this_day)
    assert before[sending] > 0 and before[receiving] > 0

    officer = new_page(b.PHONE)
    b.log_in(officer, site, "officer3")
    b.visit(officer, f"{site}/residents/moves/find/")
    officer.fill("#id_id_number", person.id_number)
    with officer.expect_navigation():
        officer.get_by_role("button", name="查找").click()
    found = officer.locator("#found-elsewhere").inner_text()
    assert person.name in found and mask_id(person.id_number) in found
    assert "已在其他派出所登记" in found
    result = officer.locator("#found-heading").locator("xpath=..").inner_text()
    for secret in (person.house.address.full_name, old_beat.name, "和平街派出所"):
        assert secret not in result, secret
    assert b.overflow_problems(officer) == [] and b.axe_problems(officer) == []

    with officer.expect_navigation():
        officer.get_by_role("link", name="申请迁入").click()
    b.pick(officer, "to_house", house.address.full_name[-12:], house.pk)
    officer.fill("#id_move_date", move_day.isoformat())
    officer.select_option("#id_relationship", value="other")
    officer.fill("#id_note", "已在本辖区租住，房东报告")
    assert b.overflow_problems(officer) == [] and b.axe_problems(officer) == []
    assert small_touch_targets(officer) == []
    with officer.expect_navigation():
        officer.get_by_role("button", name="提交申请").click()
    move = MoveRequest.objects.get(person=person)
    assert move.status == MoveRequest.Status.PENDING
    assert "待原派出所审批" in officer.locator("h1").inner_text()
    assert "和平街派出所" not in officer.locator("main").inner_text()

    chief = new_page()
    b.log_in(chief, site, "chief1")
    b.visit(chief, f"{site}/")
    assert chief.locator("[data-count=moves]").inner_text().strip() == "1"
    b.visit(chief, f"{site}/residents/moves/")
    with chief.expect_navigation():
        chief.locator(f".alert-warning a[href='{move.get_absolute_url()}']").click()
    assert chief.get_by_role("link", name=person.name).count()  # his station's: in full
    assert b.axe_problems(chief) == []
    with chief.expect_navigation():
        chief.locator("button[value=approve]").click()
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.APPROVED
    assert "已同意" in chief.locator("h1").inner_text()

    # On the receiving officer's list; no longer on the sending station's.
    b.visit(officer, f"{site}/residents/?q={person.name}")
    assert officer.locator("tr", has_text=person.name).count() >= 1
    b.visit(chief, f"{site}/residents/?q={person.name}")
    assert chief.locator(f"a[href='{person.get_absolute_url()}']").count() == 0
    assert b.visit(chief, site + person.get_absolute_url()).status == 404

    # Both stays, the first ended the day before the move as a move to another station.
    b.visit(officer, site + person.get_absolute_url())
    stays = officer.locator("#stays li")
    assert stays.count() == 2
    newest, oldest = stays.nth(0).inner_text(), stays.nth(1).inner_text()
    assert move_day.isoformat() in newest and house.beat.name in newest
    day_before = (move_day - datetime.timedelta(days=1)).isoformat()
    assert old_beat.name in oldest and day_before in oldest and "迁往其他派出所" in oldest

    # Both stations' reports: a past month is unchanged; today he has moved.
    assert living_per_station(analyst, site, past_month) == before
    after = living_per_station(analyst, site, this_day)
    assert (after[sending], after[receiving]) == (now[sending] - 1, now[receiving] + 1)
    assert b.visit(chief, f"{site}/").ok
    assert chief.locator("[data-count=moves]").inner_text().strip() == "0"

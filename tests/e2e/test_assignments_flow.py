"""Issue 6 as a user tries it: chief1 sees which beats are short of officers and why;
officer2 asks to leave after three months and chief1's approval is not enough until the
branch bureau's analyst approves too; officer1 logs a week with two days of a special
operation that chief1 dispatched them to, and sees the month's community share fall below
the requirement."""

import datetime

import pytest
from django.utils import translation

from assignments.models import Assignment, Beat, TransferRequest
from assignments.workload import allocations
from communitypolice.core import periods
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def test_chief_sees_which_beats_are_short_and_why(site, new_page):
    rows = allocations(Beat.objects.filter(station__code="330102510000"))
    short = [row for row in rows if row.is_short]
    assert short, "the demo has beats short of officers"

    page = new_page()
    b.log_in(page, site, "chief1")
    b.visit(page, f"{site}/assignments/allocation/")
    alert = page.locator(".alert-warning")
    for row in short:
        assert row.beat.name in alert.inner_text()
        card = page.locator(f"#beat-{row.beat.pk}")
        text = card.inner_text()
        assert f"{row.recommended}" in text and card.locator(".badge.text-bg-danger").count()
        with translation.override("zh-hans"):
            for figure, value, _percent in row.drivers:
                assert f"{figure.label} {value}" in text
    for row in rows:
        if not row.is_short:
            assert page.locator(f"#beat-{row.beat.pk} .badge.text-bg-danger").count() == 0


def test_an_early_transfer_needs_the_unit_above(site, new_page):
    post = Assignment.objects.get(officer__username="officer2", end_date__isnull=True)
    assert post.days_served < 365  # about three months in the beat

    officer = new_page(b.PHONE)
    b.log_in(officer, site, "officer2")
    b.visit(officer, f"{site}/assignments/transfers/")
    with officer.expect_navigation():
        officer.locator(f"a[href='/assignments/transfers/new/{post.pk}/']").click()
    officer.select_option("#id_kind", value="remove")
    officer.select_option("#id_successor", label="周涛")
    officer.fill("#id_reason", "家庭原因，申请调回所内工作")
    assert b.overflow_problems(officer) == []
    with officer.expect_navigation():
        officer.locator("form.register-form button[type=submit]").click()
    transfer = TransferRequest.objects.get(assignment=post)
    assert transfer.needs_higher_approval and transfer.status == "pending"

    chief = new_page()
    b.log_in(chief, site, "chief1")
    b.visit(chief, f"{site}/assignments/transfers/")
    assert chief.locator(f".alert-warning a[href='/assignments/transfers/{transfer.pk}/']").count()
    b.visit(chief, f"{site}/assignments/transfers/{transfer.pk}/")
    with chief.expect_navigation():
        chief.locator("button[value=approve]").click()
    transfer.refresh_from_db()
    post.refresh_from_db()
    assert transfer.status == "pending_higher" and post.end_date is None  # not yet
    assert chief.locator("button[value=approve]").count() == 0  # no longer chief1's turn

    analyst = new_page()
    b.log_in(analyst, site, "analyst")
    b.visit(analyst, f"{site}/assignments/transfers/")
    with analyst.expect_navigation():
        analyst.locator(f".alert-warning a[href='/assignments/transfers/{transfer.pk}/']").click()
    with analyst.expect_navigation():
        analyst.locator("button[value=approve]").click()
    transfer.refresh_from_db()
    post.refresh_from_db()
    assert transfer.status == "approved"
    assert post.end_date == transfer.effective_date - datetime.timedelta(days=1)
    lead = Assignment.objects.get(beat=post.beat, role="lead", start_date=transfer.effective_date)
    assert lead.officer.username == "officer5"
    # What officer2 held is listed as handed over on the request's page.
    handed = analyst.locator("main li:has(a)").all_inner_texts()
    assert len(handed) == len(transfer.handover) > 0


def test_two_dispatched_days_drop_the_community_share(site, new_page):
    monday = periods.week_start(periods.today()) - periods.WEEK
    month = monday.strftime("%Y-%m")

    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    b.visit(page, f"{site}/assignments/duty/?month={month}")
    share = page.locator(".community-share")
    assert share.locator(".badge.text-bg-danger").count() == 0  # at or above the requirement

    b.visit(page, f"{site}/assignments/duty/week/?week={monday.isoformat()}")
    for day in (0, 1):  # Monday and Tuesday: the special operation, both half days
        page.select_option(f"#id_form-{day}-am", value="operation")
        page.select_option(f"#id_form-{day}-pm", value="operation")
        page.select_option(f"#id_form-{day}-dispatched_by", label="王建国")
        page.fill(f"#id_form-{day}-note", "市局专项行动")
    assert b.overflow_problems(page) == []
    with page.expect_navigation():
        page.locator("form.duty-week button[type=submit]").click()

    b.visit(page, f"{site}/assignments/duty/?month={month}")
    assert page.locator(".community-share .badge.text-bg-danger").count() == 1
    assert "市局专项行动" in page.locator("main table").last.inner_text()

    # chief1, named as dispatcher, has them to confirm.
    chief = new_page()
    b.log_in(chief, site, "chief1")
    b.visit(chief, f"{site}/assignments/duty/dispatches/")
    for day in (monday, monday + datetime.timedelta(days=1)):
        rows = chief.locator("tr", has_text=day.strftime("%Y-%m-%d")).filter(has_text="张伟")
        assert rows.locator("button[value=confirm]").count() == 2

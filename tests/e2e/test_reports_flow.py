"""Issue 7 as a user tries it: ``analyst`` requests 实有人口统计表 for the branch bureau
for last month and downloads an XLSX whose figures equal the database's counts, beat by
beat, with a subtotal per station and the totals; ``officer1`` reaches no report page."""

import openpyxl
import pytest
from django.utils import translation

from assignments.models import Beat
from communitypolice.accounts.models import Unit
from communitypolice.core.periods import Period
from reports.models import ReportRun
from tests.e2e import browser as b
from tests.reports.test_population import expected_by_beat

pytestmark = pytest.mark.e2e


def test_analyst_downloads_the_population_report_of_the_branch(
    site, new_page, eager_tasks, tmp_path
):
    branch = Unit.objects.get(name="和平分局")
    page = new_page()
    b.log_in(page, site, "analyst")
    b.visit(page, f"{site}/reports/catalogue/")
    with page.expect_navigation():
        page.click("a[href='/reports/catalogue/population/']")
    # The form offers the analyst's branch bureau and last month by default.
    assert page.locator("#id_unit").input_value() == str(branch.pk)
    assert page.locator("#id_period_kind").input_value() == "month"
    assert b.overflow_problems(page) == []
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    run = ReportRun.objects.get()
    period = Period.last_month()
    assert (run.unit, run.period_start, run.period_end) == (branch, period.start, period.end)
    assert run.status == ReportRun.Status.DONE
    assert page.locator("table.report-table").is_visible()

    with page.expect_download() as download:
        page.click(f"a[href='/reports/runs/{run.pk}/download/xlsx/']")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"

    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    with translation.override("zh-hans"):
        subtotal, total = translation.gettext("Subtotal"), translation.gettext("Total")
        beat_label = translation.gettext("Beat")
    start = next(i for i, row in enumerate(rows) if row[1] == beat_label) + 2
    # Column C is the total of people living there at the end of the month.
    living = {(row[0], row[1]): row[2] for row in rows[start:] if row[0]}

    expected = expected_by_beat(period)
    beats = Beat.objects.filter(station__in=branch.stations()).select_related("station")
    assert beats.count() >= 3
    for station in branch.stations():
        station_beats = [beat for beat in beats if beat.station_id == station.pk]
        for beat in station_beats:
            assert living[(station.name, beat.name)] == expected.get(beat.pk, {}).get("living", 0)
        assert living[(station.name, subtotal)] == sum(
            expected.get(beat.pk, {}).get("living", 0) for beat in station_beats
        )
    grand = sum(expected.get(beat.pk, {}).get("living", 0) for beat in beats)
    assert living[(total, None)] == grand > 0


def test_officer1_reaches_no_report_page(site, new_page, eager_tasks):
    from reports import catalogue, services
    from reports.catalogue.base import Params

    station = Unit.objects.get(code="330102510000")
    run = services.request_run(
        report=catalogue.get("population"),
        params=Params(station, Period.last_month()),
        by=None,
    )
    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    assert not [path for path in b.nav_links(page) if path.startswith("/reports/c")]
    assert "/reports/runs/" not in b.nav_links(page)
    for path in (
        "/reports/catalogue/",
        "/reports/catalogue/population/",
        "/reports/runs/",
        "/reports/subscriptions/",
        f"/reports/runs/{run.pk}/",
        f"/reports/runs/{run.pk}/row/",
        f"/reports/runs/{run.pk}/download/xlsx/",
        f"/reports/runs/{run.pk}/reissue/",
    ):
        assert b.visit(page, site + path).status in (403, 404), path


@pytest.mark.parametrize("viewport", b.VIEWPORTS)
def test_report_pages_pass_the_checks(site, new_page, eager_tasks, viewport):
    """The pages the navigation does not reach by itself: a request form, a finished run
    compared with the month before, its re-issue form, and a list with a run generating."""
    from reports import catalogue, services
    from reports.catalogue.base import Params

    branch = Unit.objects.get(name="和平分局")
    report = catalogue.get("population")
    last = Period.last_month()
    services.request_run(report=report, params=Params(branch, last.previous()), by=None)
    run = services.request_run(report=report, params=Params(branch, last), by=None)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    waiting = ReportRun.for_params(report, Params(branch, last))
    waiting.save()

    page = new_page(b.VIEWPORTS[viewport])
    watcher = b.PageWatcher(page)
    b.log_in(page, site, "analyst")
    for path in (
        "/reports/catalogue/population/",
        f"/reports/runs/{run.pk}/",
        f"/reports/runs/{run.pk}/reissue/",
        "/reports/runs/",
        f"/reports/runs/{waiting.pk}/",
    ):
        watcher.reset()
        assert b.visit(page, site + path).status == 200, path
        problems = b.page_problems(page, watcher, phone=viewport == "phone")
        assert problems == [], (path, problems)
    # The queued run's page polls for its status while it waits.
    assert page.locator("#run-status[hx-trigger]").count() == 1

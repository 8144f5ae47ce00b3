"""实有人口名册: the people the population report counts, one row each, streamed into its
files; the run page shows the first rows and, while the files are written, how far it has
got."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from communitypolice.core.periods import Period
from reports import catalogue, services
from reports.catalogue.base import Params
from reports.formats import pdf
from reports.models import ReportRun, progress_key
from residents.models import Person
from tests.reports.helpers import OCTOBER, rows_by_key
from tests.reports.test_formats import content
from tests.reports.test_population import people  # noqa: F401  (a fixture)


@pytest.fixture
def named(people):  # noqa: F811
    """The population test's people, each named after its key."""
    for key, person in people.items():
        Person.objects.filter(pk=person.pk).update(name=key)
    return people


def names(table):
    return [row.values["name"] for row in table.rows]


def test_the_roster_names_the_people_the_population_report_counts(station_a, beat_a, named):
    table = catalogue.get("resident_roster").build(Params(station_a, OCTOBER))
    # Living on 31 October in station A (beat A01): moved out on 1 November still lives
    # there on the 31st; moved out on the 31st, arrived on 1 November and died in
    # September do not. Beat C's people belong to another station.
    assert sorted(names(table)) == sorted(
        [
            "adult",
            "minor",
            "sixty_on_last_day",
            "fifty_nine",
            "arrived_first_day",
            "arrived_before",
            "moved_out_after",
        ]
    )
    population = catalogue.get("population").build(Params(station_a, OCTOBER))
    assert table.row_count() == rows_by_key(population)["total"].values["living"]
    minor = next(row.values for row in table.rows if row.values["name"] == "minor")
    assert minor["category"] == "流动人口"
    assert minor["gender"] == "女"
    assert minor["birth_date"] == "2010-11-01"
    full = named["minor"].id_number
    assert minor["id_number"] == full[:6] + "********" + full[-4:]


def test_a_past_period_keeps_its_people_after_they_move_out(station_a, beat_a, named):
    adult = Person.objects.get(pk=named["adult"].pk)
    adult.residence_status = Person.ResidenceStatus.MOVED_OUT
    adult.status_date = datetime.date(2026, 11, 20)
    adult.save()
    assert "adult" in names(catalogue.get("resident_roster").build(Params(station_a, OCTOBER)))
    november = Params(station_a, Period.month(2026, 11))
    assert "adult" not in names(catalogue.get("resident_roster").build(november))


def test_a_branch_roster_names_the_station_of_each_row(branch, beat_a, beat_c, named):
    table = catalogue.get("resident_roster").build(Params(branch, OCTOBER))
    assert [c.key for c in table.columns][:2] == ["station", "beat"]
    assert {row.values["beat"] for row in table.rows} == {beat_a.name, beat_c.name}
    assert table.row_count() == 9


def test_a_roster_run_keeps_the_first_rows_for_the_screen_and_every_row_in_its_files(
    monkeypatch, make_run, login, station_a, beat_a, chief, named
):
    report = catalogue.get("resident_roster")
    monkeypatch.setattr(type(report), "PREVIEW_ROWS", 3)
    run = make_run(station_a, by=chief, code="resident_roster")
    assert run.status == ReportRun.Status.DONE, run.error
    assert run.row_count == 7
    assert len(run.result["rows"]) == 3

    sheet = openpyxl.load_workbook(io.BytesIO(content(run, "xlsx"))).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    for key in ("adult", "minor", "moved_out_after", "arrived_before"):
        assert key in cells
        assert named[key].id_number not in cells
    text = content(run, "csv").decode("utf-8-sig")
    assert text.count("\n") > 7 and "moved_out_after" in text

    page = login(chief).get(run.get_absolute_url()).content.decode()
    assert "只显示前 3 行，共 7 行" in page
    assert named["adult"].id_number not in page


def test_a_list_too_long_to_print_has_no_pdf_and_says_why(
    monkeypatch, make_run, login, station_a, beat_a, chief, named
):
    monkeypatch.setattr(pdf, "MAX_ROWS", 5)
    run = make_run(station_a, by=chief, code="resident_roster")
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "xlsx"]
    page = login(chief).get(run.get_absolute_url()).content.decode()
    assert "无 PDF：7 行的名单太长，无法打印" in page


def test_writing_the_files_says_how_far_it_has_got(
    monkeypatch, make_run, station_a, beat_a, chief, named
):
    said = []
    real_set = cache.set

    def record(key, value, *args, **kwargs):
        if key.startswith("reports:run-progress:"):
            said.append((value["number"], value["done"], value["percent"]))
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(services.Progress, "EVERY", 2)
    monkeypatch.setattr(cache, "set", record)
    run = make_run(station_a, by=chief, code="resident_roster")
    # Three files (XLSX, CSV, PDF) of 7 rows, each read once: said at the start of each
    # and every second row, the share of the whole work growing.
    assert said == [
        (1, 0, 0),
        (1, 2, 9),
        (1, 4, 19),
        (1, 6, 28),
        (2, 0, 33),
        (2, 2, 42),
        (2, 4, 52),
        (2, 6, 61),
        (3, 0, 66),
        (3, 2, 76),
        (3, 4, 85),
        (3, 6, 95),
    ]
    assert cache.get(progress_key(run.pk)) is None  # gone once the run is done


def test_the_run_page_shows_the_progress_while_it_is_generated(
    login, station_a, chief, eager_tasks
):
    run = ReportRun.for_params(
        catalogue.get("resident_roster"), Params(station_a, OCTOBER), requested_by=chief
    )
    run.status = ReportRun.Status.RUNNING
    run.save()
    progress = {"file": "Excel (XLSX)", "number": 1, "files": 3, "rows": 170000}
    cache.set(progress_key(run.pk), {**progress, "done": 85000, "percent": 16})
    fragment = login(chief).get(reverse("reports:run_status", args=[run.pk])).content.decode()
    assert 'aria-valuenow="16"' in fragment
    assert "正在写出 Excel (XLSX) 文件（第 1 个，共 3 个）：第 85000 行，共 170000 行" in fragment

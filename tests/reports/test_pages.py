"""The report pages: catalogue, request, run list (with its live status), run detail with
the change against the previous period, downloads, filing and re-issuing."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.html import escape

from communitypolice.core.periods import Period
from reports.models import ReportRun, Subscription


def test_catalogue_shows_each_report_with_its_definition(login, analyst):
    response = login(analyst).get(reverse("reports:catalogue"))
    assert response.status_code == 200
    from reports import catalogue

    population = catalogue.get("population")
    assert escape(str(population.definition)) in response.content.decode()
    assert reverse("reports:request", args=["population"]) in response.content.decode()


def test_analyst_requests_a_report_and_lands_on_the_finished_run(
    login, analyst, branch, beat_a, beat_c, eager_tasks, django_capture_on_commit_callbacks
):
    client = login(analyst)
    form = client.get(reverse("reports:request", args=["population"]))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request", args=["population"]),
            {"unit": branch.pk, "period_kind": "month", "year": 2026, "month": 10},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.requested_by == analyst
    assert (run.period_start.isoformat(), run.period_end.isoformat()) == (
        "2026-10-01",
        "2026-10-31",
    )
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert beat_c.name in page.content.decode()


def test_request_form_rejects_a_unit_outside_the_scope_and_a_bad_range(
    login, chief, station_b, beat_a
):
    client = login(chief)
    url = reverse("reports:request", args=["population"])
    response = client.post(
        url, {"unit": station_b.pk, "period_kind": "month", "year": 2026, "month": 10}
    )
    assert response.status_code == 200 and not ReportRun.objects.exists()
    assert "unit" in response.context["form"].errors
    response = client.post(
        url,
        {
            "unit": chief.unit_id,
            "period_kind": "custom",
            "start": "2026-10-31",
            "end": "2026-10-01",
        },
    )
    assert "end" in response.context["form"].errors
    assert not ReportRun.objects.exists()


def test_a_custom_range_is_accepted(
    login, chief, beat_a, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(chief).post(
            reverse("reports:request", args=["population"]),
            {
                "unit": chief.unit_id,
                "period_kind": "custom",
                "start": "2026-10-05",
                "end": "2026-10-11",
            },
        )
    run = ReportRun.objects.get()
    assert run.period_kind == Period.CUSTOM and run.unit == chief.unit


def test_run_list_polls_only_unfinished_runs(login, analyst, branch, beat_a, make_run):
    done = make_run(branch, by=analyst)
    queued = ReportRun.for_params(done.report, done.params, requested_by=analyst)
    queued.save()
    html = login(analyst).get(reverse("reports:run_list")).content.decode()
    assert f'hx-get="{reverse("reports:run_row", args=[queued.pk])}"' in html
    assert reverse("reports:run_row", args=[done.pk]) not in html
    row = login(analyst).get(reverse("reports:run_row", args=[queued.pk]))
    assert row.status_code == 200 and 'hx-trigger="every 2s"' in row.content.decode()


def test_run_status_reloads_the_page_when_the_run_is_finished(
    login, analyst, branch, beat_a, make_run
):
    run = make_run(branch, by=analyst)
    response = login(analyst).get(reverse("reports:run_status", args=[run.pk]))
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_run_list_query_count_does_not_grow_with_runs(
    login, analyst, branch, beat_a, make_run, django_assert_max_num_queries
):
    client = login(analyst)
    make_run(branch, by=analyst)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:run_list"))
    for month in range(1, 10):
        make_run(branch, period=Period.month(2026, month), by=analyst)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:run_list"))
    assert len(response.context["runs"]) == 10


def test_detail_shows_the_change_against_the_previous_period(
    login, analyst, branch, beat_a, person_a, make_run
):
    make_run(branch, period=Period.month(2026, 9), by=analyst)
    from residents.models import Person
    from tests.reports.test_population import make_person

    make_person(person_a.house)  # one more person living here in October
    october = make_run(branch, period=Period.month(2026, 10), by=analyst)
    response = login(analyst).get(october.get_absolute_url())
    assert response.context["previous"].period_start.month == 9
    total_row = next(cells for row, cells in response.context["rows"] if row.kind == "total")
    living = total_row[0]
    assert living.text == str(Person.objects.count()) and living.delta == "+1"
    assert living.percent == "+100.0%"


def test_download_is_audited_and_named_for_the_report(login, analyst, branch, beat_a, make_run):
    run = make_run(branch, by=analyst)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = login(analyst).get(reverse("reports:download", args=[run.pk, "xlsx"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.object_pk == str(run.pk)
    assert login(analyst).get(reverse("reports:download", args=[run.pk, "doc"])).status_code == 404


def test_filing_freezes_a_run_and_reissuing_links_a_new_one(
    login, analyst, branch, beat_a, make_run, django_capture_on_commit_callbacks
):
    run = make_run(branch, by=analyst)
    client = login(analyst)
    client.post(reverse("reports:file", args=[run.pk]))
    run.refresh_from_db()
    assert run.is_filed and run.filed_by == analyst
    filed_at = run.filed_at
    client.post(reverse("reports:file", args=[run.pk]))  # twice: refused, unchanged
    run.refresh_from_db()
    assert run.filed_at == filed_at

    assert client.post(reverse("reports:reissue", args=[run.pk]), {"reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:reissue", args=[run.pk]), {"reason": "漏报一个警务区"}
        )
    new = ReportRun.objects.exclude(pk=run.pk).get()
    assert response.url == new.get_absolute_url()
    assert new.reissue_of == run and new.reissue_reason == "漏报一个警务区"
    assert (new.unit, new.period_start, new.report_code) == (
        run.unit,
        run.period_start,
        run.report_code,
    )
    # Both stay visible, each pointing at the other.
    assert new.get_absolute_url() in client.get(run.get_absolute_url()).content.decode()
    assert run.get_absolute_url() in client.get(new.get_absolute_url()).content.decode()
    assert {r.pk for r in client.get(reverse("reports:run_list")).context["runs"]} == {
        run.pk,
        new.pk,
    }


def test_subscriptions_are_created_and_paused_within_the_scope(
    login, analyst, chief, branch, station_a, station_b
):
    client = login(analyst)
    # An analyst reads the stations' runs but subscribes for their own unit only.
    response = client.post(
        reverse("reports:subscriptions"),
        {"unit": station_b.pk, "report_code": "population", "frequency": "monthly"},
    )
    assert response.status_code == 200 and not Subscription.objects.exists()
    response = client.post(
        reverse("reports:subscriptions"),
        {"unit": branch.pk, "report_code": "population", "frequency": "monthly"},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.created_by == analyst and subscription.active
    client.post(reverse("reports:subscription_toggle", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert not subscription.active
    # The chief of station A neither sees nor changes the branch's subscription.
    assert (
        login(chief)
        .post(reverse("reports:subscription_toggle", args=[subscription.pk]))
        .status_code
        == 404
    )
    response = login(chief).post(
        reverse("reports:subscriptions"),
        {"unit": station_b.pk, "report_code": "population", "frequency": "monthly"},
    )
    assert response.status_code == 200 and Subscription.objects.count() == 1


@pytest.mark.parametrize("name", ["reports:catalogue", "reports:run_list", "reports:subscriptions"])
def test_pages_render_in_both_languages(login, chief, beat_a, name):
    client = login(chief)
    assert client.get(reverse(name)).status_code == 200
    client.cookies["django_language"] = "en"
    assert client.get(reverse(name)).status_code == 200

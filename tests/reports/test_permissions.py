"""Who may reach the report pages, beyond tests/test_permissions.py (which walks every
URL × role): analysts their unit and every unit below it, never one above or beside;
reports naming persons only the chief of that station. A run outside the user's scope
answers 404 on every URL that reaches it."""

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit
from reports import catalogue
from reports.catalogue.base import Column, ListReport, Params, Period
from reports.models import ReportRun
from residents.models import Person
from tests.factories import UnitFactory

RUN_PAGES = [
    ("get", "reports:run_detail", []),
    ("get", "reports:run_row", []),
    ("get", "reports:run_status", []),
    ("get", "reports:download", ["xlsx"]),
    ("get", "reports:reissue", []),
    ("post", "reports:reissue", []),
    ("post", "reports:file", []),
]


class NamedPeopleReport(ListReport):
    """A report that lists named persons, for these tests only."""

    code = "test_named_people"
    title = _("People")
    columns = [Column("name", _("name"), format="text"), Column("n", _("Total"))]

    def items(self, params, beat_ids):
        return (
            Person.objects.filter(beat__in=beat_ids)
            .values("name")
            .annotate(n=Count("pk"))
            .order_by("name")
        )


@pytest.fixture
def named_report():
    catalogue.register(NamedPeopleReport)
    yield catalogue.get(NamedPeopleReport.code)
    del catalogue._reports[NamedPeopleReport.code]


def run_for(unit, code="population"):
    run = ReportRun.for_params(
        catalogue.get(code), Params(unit, Period.month(2026, 10)), status="done"
    )
    run.save()
    return run


@pytest.mark.parametrize(("method", "name", "args"), RUN_PAGES)
def test_a_run_of_a_unit_above_or_beside_is_not_found_for_an_analyst(
    login, analyst, city, method, name, args
):
    other_branch = UnitFactory(code="330103000000", kind=Unit.Kind.BRANCH, parent=city)
    for unit in (city, other_branch):
        run = run_for(unit)
        response = getattr(login(analyst), method)(reverse(name, args=[run.pk, *args]))
        assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "args"), RUN_PAGES)
def test_a_named_persons_run_is_not_found_for_the_analyst_or_another_chief(
    login, analyst, other_chief, station_a, named_report, method, name, args
):
    run = run_for(station_a, code=named_report.code)
    for user in (analyst, other_chief):
        response = getattr(login(user), method)(reverse(name, args=[run.pk, *args]))
        assert response.status_code == 404


def test_analyst_sees_runs_of_the_units_below_and_chief_only_the_own(
    login, analyst, chief, branch, station_a, station_b, city
):
    mine = {run_for(branch).pk, run_for(station_a).pk, run_for(station_b).pk}
    run_for(city)
    listed = {r.pk for r in login(analyst).get(reverse("reports:run_list")).context["runs"]}
    assert listed == mine
    listed = {r.pk for r in login(chief).get(reverse("reports:run_list")).context["runs"]}
    assert listed == {ReportRun.objects.get(unit=station_a).pk}


def test_named_persons_reports_are_for_the_station_chief_only(
    login,
    analyst,
    chief,
    station_a,
    beat_a,
    person_a,
    named_report,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    url = reverse("reports:request", args=[named_report.code])
    assert (
        named_report.code not in login(analyst).get(reverse("reports:catalogue")).content.decode()
    )
    assert login(analyst).get(url).status_code == 403
    assert named_report.code in login(chief).get(reverse("reports:catalogue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(chief).post(
            url, {"unit": station_a.pk, "period_kind": "month", "year": 2026, "month": 10}
        )
    run = ReportRun.objects.get(report_code=named_report.code)
    assert response.url == run.get_absolute_url()
    run.refresh_from_db()
    assert run.status == "done" and run.result["rows"][0]["values"]["name"] == person_a.name
    assert person_a.name in login(chief).get(run.get_absolute_url()).content.decode()
    assert not named_report.available_to(analyst, station_a)


def test_an_analyst_files_and_reissues_their_own_units_runs_and_only_reads_a_stations(
    login, analyst, branch, station_a, eager_tasks
):
    from reports.models import Subscription

    own, station = run_for(branch), run_for(station_a)
    client = login(analyst)

    page = client.get(reverse("reports:run_detail", args=[station.pk])).content.decode()
    assert reverse("reports:file", args=[station.pk]) not in page
    assert reverse("reports:reissue", args=[station.pk]) not in page
    assert client.post(reverse("reports:file", args=[station.pk])).status_code == 403
    assert client.get(reverse("reports:reissue", args=[station.pk])).status_code == 403
    station.refresh_from_db()
    assert station.filed_at is None

    assert (
        reverse("reports:file", args=[own.pk])
        in client.get(reverse("reports:run_detail", args=[own.pk])).content.decode()
    )
    client.post(reverse("reports:file", args=[own.pk]))
    own.refresh_from_db()
    assert own.filed_at is not None

    theirs = Subscription.objects.create(
        unit=station_a, report_code="population", frequency="monthly"
    )
    assert client.post(reverse("reports:subscription_toggle", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.active
    form = client.get(reverse("reports:subscriptions")).context["form"]
    assert list(form.fields["unit"].queryset) == [branch]


def test_a_filed_run_cannot_be_deleted_by_anyone(login, admin_user, chief, station_a):
    from django.db.models import ProtectedError

    filed = run_for(station_a)
    filed.file(by=chief)
    draft = run_for(station_a, code="houses")
    client = login(admin_user)
    url = reverse("admin:reports_reportrun_delete", args=[filed.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:reports_reportrun_changelist")
    for selected in ([filed.pk, draft.pk], [draft.pk]):
        client.post(
            changelist, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
        )
        assert ReportRun.objects.filter(pk=filed.pk).exists()
    assert not ReportRun.objects.filter(pk=draft.pk).exists()  # a run not filed may go
    with pytest.raises(ProtectedError):
        filed.delete()
    with pytest.raises(ProtectedError):
        ReportRun.objects.filter(pk=filed.pk).delete()

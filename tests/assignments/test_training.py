"""培训: hours per officer and year against the yearly requirement, who is behind."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assignments import duty
from assignments.models import TrainingRecord
from tests.factories import TrainingRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(today):
    return today.year


@pytest.fixture
def records(officer, colleague, other_station_officer, this_year, settings):
    """This year: officer 44.5 hours, colleague 12, the other station's officer 50;
    last year officer 30."""
    settings.TRAINING_HOURS_PER_YEAR = 40
    january = datetime.date(this_year, 1, 1)
    TrainingRecordFactory(officer=officer, date=january, hours=Decimal("8"))
    TrainingRecordFactory(officer=officer, date=january, hours=Decimal("16.5"), result="attended")
    TrainingRecordFactory(officer=officer, date=january, hours=Decimal("20"))
    TrainingRecordFactory(officer=officer, date=datetime.date(this_year - 1, 12, 31), hours=30)
    TrainingRecordFactory(officer=colleague, date=january, hours=12, course="警务实战技能")
    TrainingRecordFactory(officer=other_station_officer, date=january, hours=50, course="禁毒")


def test_hours_per_calendar_year(records, officer, colleague, chief, this_year):
    hours = duty.training_hours([officer.pk, colleague.pk, chief.pk], this_year)
    assert hours == {officer.pk: Decimal("44.5"), colleague.pk: 12, chief.pk: 0}
    assert duty.training_hours([officer.pk], this_year - 1) == {officer.pk: 30}


def test_the_chief_sees_who_of_the_station_is_behind(login, records, chief, officer, colleague):
    context = login(chief).get(reverse("assignments:training_list")).context
    assert [(o, hours, behind) for o, hours, behind in context["rows"]] == [
        (colleague, 12, True),
        (officer, Decimal("44.5"), False),
    ]
    assert context["behind"] == [colleague]
    assert {r.officer for r in context["page_obj"]} == {officer, colleague}


def test_another_year_and_another_requirement(
    login, records, chief, officer, colleague, this_year, settings
):
    url = reverse("assignments:training_list")
    context = login(chief).get(url, {"year": this_year - 1}).context
    assert context["behind"] == [colleague, officer]  # 0 and 30 hours last year
    settings.TRAINING_HOURS_PER_YEAR = 12  # exactly 12 hours is enough
    assert login(chief).get(url).context["behind"] == []


def test_an_officer_sees_only_their_own_training(login, records, officer):
    context = login(officer).get(reverse("assignments:training_list")).context
    assert [row[0] for row in context["rows"]] == [officer]
    assert {r.officer for r in context["page_obj"]} == {officer}


def test_another_station_sees_none_of_it(login, records, other_chief, other_station_officer):
    context = login(other_chief).get(reverse("assignments:training_list")).context
    assert [row[0] for row in context["rows"]] == [other_station_officer]
    assert {r.course for r in context["page_obj"]} == {"禁毒"}


def test_analysts_have_no_training_list(login, analyst):
    assert login(analyst).get(reverse("assignments:training_list")).status_code == 403
    assert not TrainingRecord.objects.visible_to(analyst).exists()


def record(client, **data):
    return client.post(
        reverse("assignments:training_create"),
        {"course": "社区警务实务", "hours": "4", "result": "passed", **data},
    )


def test_an_officer_records_their_own_training(login, officer, today):
    response = record(login(officer), date=today.isoformat(), officer="999")
    assert response.status_code == 302
    saved = TrainingRecord.objects.get()
    assert (saved.officer, saved.recorded_by, saved.hours) == (officer, officer, 4)


@pytest.mark.parametrize(
    "field, value",
    [("date", "future"), ("hours", "0"), ("hours", "401")],
)
def test_impossible_training_is_refused(login, officer, today, field, value):
    data = {"date": today.isoformat()}
    data[field] = (today + datetime.timedelta(days=1)).isoformat() if value == "future" else value
    response = record(login(officer), **data)
    assert field in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_the_chief_records_training_for_the_station_only(
    login, chief, colleague, other_station_officer, today
):
    client = login(chief)
    response = record(client, officer=other_station_officer.pk, date=today.isoformat())
    assert "officer" in response.context["form"].errors
    record(client, officer=colleague.pk, date=today.isoformat())
    saved = TrainingRecord.objects.get()
    assert (saved.officer, saved.recorded_by) == (colleague, chief)


def test_the_officer_list_shows_hours_against_the_requirement(login, records, chief, officer):
    rows = login(chief).get(reverse("assignments:officer_list")).context["rows"]
    assert {o.username: hours for o, _share, hours in rows} == {
        "officer": Decimal("44.5"),
        "colleague": 12,
    }

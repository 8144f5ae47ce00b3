"""A report for a past period gives the same figures whenever it runs.

On the demo station: every catalogue report is built for October; then, in November,
people are registered, moved, moved out and re-categorised, houses and organisations
changed and closed, records re-verified; October built again must be the same, cell for
cell. A record of October corrected later (a move out entered with an October date)
changes October, and the re-issue lists the figure and the correction.
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from communitypolice.accounts.models import Unit, User
from places.models import House, HouseUse, Organization, OrganizationType
from reports import catalogue, corrections, services
from reports.catalogue.base import Params, Period
from reports.models import ReportRun
from residents import services as residents
from residents.models import Person

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
OCTOBER = Period.month(2026, 10)
# Reports that read the register at the moment of the run, as their 口径 says.
READ_AT_THE_RUN = {"allocation"}


def build_all(unit):
    return {
        report.code: [(row.key, row.values) for row in report.build(Params(unit, OCTOBER)).rows]
        for report in catalogue.all_reports()
        if report.code not in READ_AT_THE_RUN
    }


@pytest.fixture
def demo():
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9, 0, tzinfo=BEIJING), tick=False):
        call_command("seed_demo", stdout=StringIO())
    return Unit.objects.get(kind=Unit.Kind.BRANCH)


def november_changes():
    """What a station does in a week of November: nothing here is about October."""
    officer = User.objects.get(username="officer1")
    people = Person.objects.living().order_by("pk")
    houses = House.objects.active().select_related("use").order_by("pk")
    mover, leaver, recategorised, closed = people[:4]
    other_beat_house = houses.exclude(beat=mover.beat).first()
    residents.move_person(person=mover, house=other_beat_house, relationship="other")
    residents.change_status(
        person=leaver,
        status=Person.ResidenceStatus.MOVED_OUT,
        on=datetime.date(2026, 11, 10),
    )
    recategorised.category = (
        Person.Category.REGISTERED
        if recategorised.category != Person.Category.REGISTERED
        else Person.Category.FLOATING
    )
    recategorised.save()
    closed.close(by=officer, reason="重复登记")
    newcomer = Person.objects.get(pk=people[4].pk)
    newcomer.pk = None
    newcomer.id_number = "110105199001011234"[:17] + "X"
    newcomer.name = "新登记"
    newcomer.registered_on = datetime.date(2026, 11, 12)
    newcomer.save()
    rental = houses.filter(use__code=HouseUse.RENTED).first()
    rental.declared_tenants += 5
    rental.save()
    house = houses.exclude(use__code=HouseUse.RENTED).first()
    house.use = HouseUse.objects.get(code=HouseUse.RENTED)
    house.declared_tenants = 3
    house.save()
    houses.last().close(by=officer, reason="房屋已拆除")
    organization = Organization.objects.active().order_by("pk").first()
    organization.type = OrganizationType.objects.exclude(pk=organization.type_id).first()
    organization.is_key_unit = not organization.is_key_unit
    organization.key_reason = "测试"
    organization.save()
    for record in [*people[5:15], *houses[:10]]:
        record.verify(by=officer)


def test_october_is_the_same_after_november(demo):
    with time_machine.travel(datetime.datetime(2026, 11, 3, 10, 0, tzinfo=BEIJING), tick=False):
        before = build_all(demo)
    with time_machine.travel(datetime.datetime(2026, 11, 14, 16, 0, tzinfo=BEIJING), tick=False):
        november_changes()
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING), tick=False):
        after = build_all(demo)
    assert before.keys() == after.keys()
    for code in before:
        assert after[code] == before[code], code


def test_a_correction_of_october_shows_in_the_reissue(
    demo, eager_tasks, django_capture_on_commit_callbacks
):
    analyst = User.objects.get(username="analyst")
    report = catalogue.get("population")
    with (
        time_machine.travel(datetime.datetime(2026, 11, 3, 10, 0, tzinfo=BEIJING), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.request_run(report=report, params=Params(demo, OCTOBER), by=analyst)
    first.refresh_from_db()
    assert first.status == ReportRun.Status.DONE
    person = (
        Person.objects.living()
        .filter(registered_on__lt=OCTOBER.start)
        .select_related("beat__station")
        .order_by("pk")
        .first()
    )
    with (
        time_machine.travel(datetime.datetime(2026, 11, 14, 16, 0, tzinfo=BEIJING), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # Learnt in November: they had moved away on 20 October.
        residents.change_status(
            person=person,
            status=Person.ResidenceStatus.MOVED_OUT,
            on=datetime.date(2026, 10, 20),
        )
        second = services.reissue(run=first, by=analyst, reason="补录迁出")
    second.refresh_from_db()

    changed = {
        (cell.key, cell.column_key): cell for cell in corrections.changed_cells(first, second)
    }
    beat = f"beat:{person.beat.code}"
    assert int(changed[beat, "moved_out"].after) == int(changed[beat, "moved_out"].before or 0) + 1
    assert int(changed[beat, "living"].after) == int(changed[beat, "living"].before) - 1
    assert {key for key, _column in changed} == {
        beat,
        f"station:{person.beat.station.code}",
        "total",
    }
    listed = corrections.corrections_since(first)
    assert [(row.beat, row.day) for row in listed] == [
        (person.beat.name, datetime.date(2026, 10, 20))
    ]

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from communitypolice.core import periods
from communitypolice.core.models import Notification
from incidents.models import Tip, Visit
from incidents.services import raise_tip, record_visit

pytestmark = pytest.mark.django_db


def test_tip_deadlines_by_level(building_a, officer):
    for level, hours in [("warning", 24), ("sign", 72), ("tendency", 168)]:
        tip = raise_tip(
            tip=Tip(level=level, category="x", content="y", source="public", beat=building_a.beat),
            by=officer,
        )
        assert round((tip.due_at - tip.created_at) / datetime.timedelta(hours=1)) == hours


def test_an_open_tip_past_its_deadline_is_overdue(warning_tip_a):
    assert not warning_tip_a.is_overdue
    warning_tip_a.due_at = timezone.now() - datetime.timedelta(minutes=1)
    assert warning_tip_a.is_overdue
    warning_tip_a.status = Tip.Status.HANDLED
    assert not warning_tip_a.is_overdue


def test_a_warning_tip_notifies_the_stations_chiefs_at_once(
    warning_tip_a, chief, other_chief, officer
):
    notes = Notification.objects.unread()
    assert [n.user for n in notes] == [chief]
    assert notes[0].url == warning_tip_a.get_absolute_url()


def test_a_lesser_tip_notifies_nobody(building_a, officer, chief):
    raise_tip(
        tip=Tip(level="sign", category="x", content="y", source="public", beat=building_a.beat),
        by=officer,
    )
    assert not Notification.objects.exists()


def test_the_warning_email_goes_through_celery_when_email_is_configured(
    building_a, officer, chief, settings, django_capture_on_commit_callbacks, eager_tasks
):
    settings.EMAIL_HOST = "mail.station.internal"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chief.email = "chief@station.internal"
    chief.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        raise_tip(
            tip=Tip(
                level="warning",
                category="持刀威胁",
                content="…",
                source="public",
                beat=building_a.beat,
            ),
            by=officer,
        )
    assert [m.to for m in mail.outbox] == [["chief@station.internal"]]
    assert "持刀威胁" in mail.outbox[0].subject
    assert "…" not in mail.outbox[0].body  # the content stays in the system


def test_a_visit_verifies_what_it_visited_and_counts_as_follow_up(
    person_a, house_a, organization_a, key_designation_a, officer
):
    assert key_designation_a.is_overdue
    visit = record_visit(
        visit=Visit(kind=Visit.Kind.KEY_PERSON, findings="在家，情绪稳定", beat=person_a.beat),
        by=officer,
        persons=[person_a],
        houses=[house_a],
        organizations=[organization_a],
    )
    for record in (person_a, house_a, organization_a):
        record.refresh_from_db()
        assert record.verified_at == visit.visited_at and record.verified_by == officer
    key_designation_a.refresh_from_db()
    assert key_designation_a.last_followup == periods.today()
    assert not key_designation_a.is_overdue


def test_an_abnormal_key_person_finding_goes_to_the_chief(person_a, officer, chief):
    visit = record_visit(
        visit=Visit(
            kind=Visit.Kind.KEY_PERSON,
            findings="不在家",
            abnormal=True,
            abnormal_details="近一周未归，手机关机",
            beat=person_a.beat,
        ),
        by=officer,
        persons=[person_a],
    )
    assert visit.needs_acknowledgement
    assert Notification.objects.get().user == chief


def test_a_tip_raised_in_the_visit_form_is_saved_with_it(person_a, officer, chief):
    visit = record_visit(
        visit=Visit(kind=Visit.Kind.ROUTINE, findings="发现可疑人员", beat=person_a.beat),
        by=officer,
        persons=[person_a],
        tip=Tip(level=Tip.Level.WARNING, category="可疑人员", content="陌生人多次踩点"),
    )
    assert visit.tip.source == Tip.Source.VISIT
    assert list(visit.tip.persons.all()) == [person_a]
    assert Notification.objects.filter(user=chief).exists()

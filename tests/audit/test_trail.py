"""Every change and every view of personal data leaves a row: who, when, from where, what."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from communitypolice.audit.models import AuthEvent
from tests.factories import BeatFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_create_change_and_delete_are_recorded_with_actor_and_diff(station_a, chief):
    with set_actor(chief, remote_addr="10.0.0.7"):
        beat = BeatFactory(station=station_a, name="旧名称", code="X01")
        beat.name = "新名称"
        beat.save(update_fields=["name"])
        beat_pk = beat.pk
        beat.delete()

    entries = LogEntry.objects.filter(content_type__model="beat", object_pk=str(beat_pk)).order_by(
        "pk"
    )
    assert [e.action for e in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    ]
    assert all(e.actor == chief and e.remote_addr == "10.0.0.7" for e in entries)
    assert entries[1].changes_dict["name"] == ["旧名称", "新名称"]


def test_a_change_through_the_web_records_the_user_and_address(login, admin_user, beat_a):
    client = login(admin_user)
    url = reverse("admin:assignments_beat_change", args=[beat_a.pk])
    form = {
        "station": beat_a.station_id,
        "name": "和平街第一警务区（调整）",
        "code": beat_a.code,
        "office": "",
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
    }
    response = client.post(url, form, REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 302, response.content[:2000]
    entry = entries_for(beat_a).last()
    assert (entry.action, entry.actor, entry.remote_addr) == (
        LogEntry.Action.UPDATE,
        admin_user,
        "10.20.30.40",
    )


def test_opening_a_users_personal_page_records_an_access_row(login, admin_user, officer):
    login(admin_user).get(reverse("accounts:user_detail", args=[officer.pk]))
    entry = entries_for(officer).filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == admin_user


def test_passwords_never_reach_the_trail(admin_user, officer):
    with set_actor(admin_user):
        officer.set_password("another-long-passphrase")
        officer.save(update_fields=["password"])
    assert not entries_for(officer).filter(action=LogEntry.Action.UPDATE).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL only")
class TestAppendOnly:
    def test_audit_rows_cannot_be_changed_or_deleted(self, chief, station_a):
        with set_actor(chief):
            BeatFactory(station=station_a)
        entry = LogEntry.objects.latest("pk")
        for statement in [
            "UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s",
            "DELETE FROM auditlog_logentry WHERE id = %s",
        ]:
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [entry.pk])
        entry.refresh_from_db()
        assert entry.object_repr != "forged"

    def test_login_events_cannot_be_changed_deleted_or_truncated(self, officer):
        event = AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="officer")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuthEvent.objects.filter(pk=event.pk).update(username="someone-else")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuthEvent.objects.filter(pk=event.pk).delete()
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            # Flush the test's deferred FK checks, which TRUNCATE would refuse first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL communitypolice.allow_audit_truncate = 'off'")
            cursor.execute("TRUNCATE audit_authevent")
        assert AuthEvent.objects.filter(pk=event.pk, username="officer").exists()


def test_deleting_a_user_is_not_offered(login, admin_user, officer):
    url = reverse("admin:accounts_user_delete", args=[officer.pk])
    assert login(admin_user).get(url).status_code == 403

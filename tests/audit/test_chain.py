"""The audit trail's hash chain: every change and login row sealed in turn; a row
edited or deleted afterwards, or a seal taken out, is found by verify_audit."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from communitypolice.audit import chain
from communitypolice.audit.models import AuthEvent, Seal
from places.models import Organization, OrganizationType

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(building_a, officer):
    """Three audited changes and a login event, sealed."""
    kind = OrganizationType.objects.get(code="enterprise")
    for name in ("甲公司", "乙公司", "丙公司"):
        Organization.objects.create(name=name, type=kind, address=building_a, beat=building_a.beat)
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="officer", user=officer)
    chain.seal_pending()
    return list(LogEntry.objects.order_by("pk"))


def tamper(sql, params=()):
    """What someone with the database's keys does: the append-only triggers
    switched off for this transaction (PostgreSQL), then the change."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_an_untouched_trail_verifies(trail, capsys):
    assert Seal.objects.count() == len(trail) + 1
    checked, broken = chain.verify()
    assert broken is None and checked == len(trail) + 1
    call_command("verify_audit")
    assert "审计链完整" in capsys.readouterr().out


def test_an_edited_row_is_found(trail):
    second = trail[1]
    tamper("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["改过", second.pk])
    checked, broken = chain.verify()
    assert broken.seal.row_id == second.pk and "changed" in broken.reason
    # Every seal before it still holds.
    assert checked == Seal.objects.filter(pk__lt=broken.seal.pk).count() > 0
    with pytest.raises(CommandError, match="审计链在此断开"):
        call_command("verify_audit")


def test_a_deleted_row_is_found(trail):
    tamper("DELETE FROM auditlog_logentry WHERE id = %s", [trail[0].pk])
    _checked, broken = chain.verify()
    assert broken.seal.row_id == trail[0].pk and "deleted" in broken.reason


def test_a_removed_seal_and_its_row_are_found(trail):
    seal = Seal.objects.get(kind="change", row_id=trail[1].pk)
    tamper("DELETE FROM audit_seal WHERE id = %s", [seal.pk])
    tamper("DELETE FROM auditlog_logentry WHERE id = %s", [trail[1].pk])
    _checked, broken = chain.verify()
    assert broken.seal.row_id == trail[2].pk  # the next link no longer follows


def test_a_row_that_never_got_sealed_is_found(trail):
    tamper("DELETE FROM audit_unsealed")
    entry = LogEntry.objects.create(
        content_type_id=trail[0].content_type_id, object_pk="1", object_repr="x", action=1
    )
    tamper("DELETE FROM audit_unsealed")
    _checked, broken = chain.verify()
    assert broken.seal is None and str(entry.pk) in broken.reason


def test_rows_rolled_back_with_their_transaction_leave_no_gap(building_a):
    from django.db import transaction

    kind = OrganizationType.objects.get(code="enterprise")
    with transaction.atomic():
        Organization.objects.create(name="甲", type=kind, address=building_a, beat=building_a.beat)
        transaction.set_rollback(True)
    Organization.objects.create(name="乙", type=kind, address=building_a, beat=building_a.beat)
    chain.seal_pending()
    assert chain.verify()[1] is None

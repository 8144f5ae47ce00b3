"""Changes to posts that take more than one row: transfers, the duty log."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.models import Notification

from . import handover
from .models import Assignment, DutyBlock, TransferRequest, higher_unit_users


def served_days_on(assignment, day):
    """Days in the post from its start up to and including ``day``."""
    return (day - assignment.start_date).days + 1


def request_transfer(transfer, *, by):
    """File a transfer request. It needs a second approval from the unit above when the
    officer would leave the post before the minimum tenure."""
    transfer.requested_by = by
    served = served_days_on(transfer.assignment, transfer.effective_date - datetime.timedelta(1))
    transfer.needs_higher_approval = served < settings.MIN_TENURE_DAYS
    transfer.status = TransferRequest.Status.PENDING
    transfer.save()
    station = transfer.assignment.beat.station
    _notify(
        station.users.filter(role=User.Role.CHIEF, is_active=True),
        _("Transfer request for %(officer)s awaits your decision")
        % {"officer": transfer.assignment.officer},
        transfer,
    )
    return transfer


def _notify(users, message, transfer):
    Notification.objects.bulk_create(
        Notification(user=user, message=message[:300], url=transfer.get_absolute_url())
        for user in users
    )


def reject_transfer(transfer, *, by, comment):
    if not transfer.may_decide(by):
        raise PermissionDenied
    now = timezone.now()
    if transfer.status == TransferRequest.Status.PENDING:
        transfer.chief_decision_by, transfer.chief_decision_at = by, now
        transfer.comment = comment
    else:
        transfer.higher_decision_by, transfer.higher_decision_at = by, now
        transfer.higher_comment = comment
    transfer.status = TransferRequest.Status.REJECTED
    transfer.save()
    _notify(
        {transfer.assignment.officer, transfer.requested_by},
        _("Transfer request rejected: %(comment)s") % {"comment": comment},
        transfer,
    )
    return transfer


def approve_transfer(transfer, *, by, comment=""):
    """The station chief's approval, then (before the minimum tenure) the unit above's;
    the last approval carries the transfer out."""
    if not transfer.may_decide(by):
        raise PermissionDenied
    now = timezone.now()
    if transfer.status == TransferRequest.Status.PENDING:
        transfer.comment = comment
        transfer.chief_decision_by, transfer.chief_decision_at = by, now
        if transfer.needs_higher_approval and by.is_admin:
            # An administrator is also of the unit above: theirs is the second approval too.
            transfer.higher_decision_by, transfer.higher_decision_at = by, now
        elif transfer.needs_higher_approval:
            transfer.status = TransferRequest.Status.PENDING_HIGHER
            transfer.save()
            _notify(
                higher_unit_users(transfer.assignment.beat.station).filter(role=User.Role.ANALYST),
                _("Early transfer of %(officer)s awaits the unit above")
                % {"officer": transfer.assignment.officer},
                transfer,
            )
            return transfer
    else:
        transfer.higher_decision_by, transfer.higher_decision_at = by, now
        transfer.higher_comment = comment
    return carry_out(transfer)


@transaction.atomic
def carry_out(transfer):
    """End the old post, start the new one, hand over: all of it or none of it."""
    old = Assignment.objects.select_for_update().get(pk=transfer.assignment_id)
    day = transfer.effective_date
    if old.end_date is not None and old.end_date < day:
        raise ValidationError(_("This post ended before the transfer would take effect."))
    old.end_date = day - datetime.timedelta(days=1)
    old.full_clean()
    old.save()
    officer, beat = old.officer, old.beat
    successor = None
    if transfer.successor_id:
        successor = transfer.successor
        # Saved one by one, not update()d, so that the ended post leaves an audit row.
        for post in Assignment.objects.active_on(day).filter(officer=successor, beat=beat):
            post.end_date = day - datetime.timedelta(days=1)
            post.full_clean()  # a post that only begins on the day cannot end before it
            post.save(update_fields=["end_date"])
        _start(successor, beat, Assignment.Role.LEAD, day)
    if transfer.kind == TransferRequest.Kind.REASSIGN:
        transfer.new_assignment = _start(officer, transfer.to_beat, transfer.to_role, day)
    if successor is None:
        lead = (
            Assignment.objects.active_on(day)
            .filter(beat=beat, role=Assignment.Role.LEAD)
            .exclude(officer=officer)
            .select_related("officer")
            .first()
        )
        successor = lead.officer if lead else None
    if successor is None:
        raise ValidationError(_("Name who leads the beat after this officer leaves it."))
    transfer.handover = handover.hand_over(officer, beat, successor, day)
    transfer.status = TransferRequest.Status.APPROVED
    transfer.save()
    _notify(
        {officer, transfer.requested_by, successor},
        _("Transfer approved: %(officer)s leaves %(beat)s on %(day)s")
        % {"officer": officer, "beat": beat, "day": day},
        transfer,
    )
    return transfer


def _start(officer, beat, role, day):
    assignment = Assignment(officer=officer, beat=beat, role=role, start_date=day)
    assignment.full_clean()
    assignment.save()
    return assignment


# --- Duty log ------------------------------------------------------------------


def half_of(moment):
    """The half day a moment falls in, in local time."""
    local = periods.local(moment)
    return local.date(), DutyBlock.Half.AM if local.hour < 12 else DutyBlock.Half.PM


def note_visit(officer, moment):
    """A recorded visit counts as community time: it fills its half day with 走访 unless
    the officer has logged that half day already."""
    day, half = half_of(moment)
    DutyBlock.objects.get_or_create(
        officer=officer,
        date=day,
        half=half,
        defaults={"kind": DutyBlock.Kind.VISIT, "from_visit": True},
    )


@transaction.atomic
def save_day(officer, day, entries):
    """Replace an officer's log of one day. ``entries``: {half: (kind, dispatcher, note)},
    with kind None for a half day not worked. Returns the number of changed blocks."""
    existing = {b.half: b for b in DutyBlock.objects.filter(officer=officer, date=day)}
    changed = 0
    for half, (kind, dispatcher, note) in entries.items():
        block = existing.get(half)
        if not kind:
            if block is not None:
                block.delete()
                changed += 1
            continue
        community = kind in DutyBlock.COMMUNITY
        dispatcher = None if community else dispatcher
        if block is None:
            block = DutyBlock(officer=officer, date=day, half=half)
        elif (block.kind, block.dispatched_by_id, block.note) == (
            kind,
            dispatcher.pk if dispatcher else None,
            note,
        ):
            continue
        if block.dispatched_by_id != (dispatcher.pk if dispatcher else None) or (
            block.kind != kind
        ):
            block.dispatch_status = DutyBlock.Dispatch.PENDING if dispatcher else ""
            block.dispatch_decided_at = None
        block.kind, block.dispatched_by, block.note = kind, dispatcher, note
        block.from_visit = False
        block.save()
        changed += 1
    return changed


def decide_dispatch(block, *, by, confirmed):
    """The named dispatcher confirms (or does not) that they sent the officer."""
    if block.dispatched_by_id != by.pk:
        raise PermissionDenied
    block.dispatch_status = (
        DutyBlock.Dispatch.CONFIRMED if confirmed else DutyBlock.Dispatch.DECLINED
    )
    block.dispatch_decided_at = timezone.now()
    block.save(update_fields=["dispatch_status", "dispatch_decided_at", "updated_at"])
    return block

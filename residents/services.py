"""Writes on people that change more than one field or more than one record."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.history import EndReason
from assignments.models import Assignment, higher_unit_users
from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.models import Notification
from places.models import House

from .models import KeyPersonDesignation, MoveRequest, Person


@transaction.atomic
def move_person(*, person, house, relationship):
    """Move a person to another house; they take its beat. Audited as a change."""
    person.house = house
    person.beat = house.beat
    person.relationship = relationship
    person.save(
        update_fields=["house", "beat", "relationship", "version", "updated_at"],
        history={"reason": EndReason.MOVED_HOUSE},
    )
    return person


@transaction.atomic
def change_status(*, person, status, on):
    """在住 / 外出 / 迁出 / 死亡: people leave the register this way, never by deletion.
    Moving out or dying ends their stay the day before ``on``."""
    person.residence_status = status
    person.status_date = on
    reason = {
        Person.ResidenceStatus.MOVED_OUT: EndReason.MOVED_OUT,
        Person.ResidenceStatus.DECEASED: EndReason.DECEASED,
    }.get(status, EndReason.CHANGED)
    person.save(
        update_fields=["residence_status", "status_date", "version", "updated_at"],
        history={"on": on, "reason": reason},
    )
    return person


# --- Moves between stations (迁入) --------------------------------------------------


@transaction.atomic
def request_move(*, person, to_house, move_date, relationship, note, by):
    """File a request to move a person registered in another station to ``to_house``,
    a house in the requester's scope; the sending station's chiefs are told."""
    if not House.objects.visible_to(by).filter(pk=to_house.pk).exists():
        raise PermissionDenied
    move = MoveRequest(
        person=person,
        from_station_id=person.beat.station_id,
        to_house=to_house,
        move_date=move_date,
        relationship=relationship,
        note=note,
        requested_by=by,
    )
    move.full_clean()
    move.save()
    _notify(
        _deciders(move),
        _("Move request: another station asks for %(name)s to be moved in; awaits your decision")
        % {"name": person.name},
        move,
    )
    return move


def _deciders(move):
    """Who is told of a new request: the sending station's chiefs; where it has none,
    the analysts of a unit above both stations (analysts see no registers, so they learn
    of a request only this way)."""
    chiefs = User.objects.filter(role=User.Role.CHIEF, unit_id=move.from_station_id, is_active=True)
    if chiefs.exists():
        return chiefs
    above_both = higher_unit_users(move.from_station).filter(
        pk__in=higher_unit_users(move.to_house.beat.station).values("pk")
    )
    return above_both.filter(role=User.Role.ANALYST)


@transaction.atomic
def approve_move(*, move, by):
    """Carry a move out: the person takes the new house, its beat and its station from
    the move date (the old stay ends the day before, "moved to another station"); their
    current key-person designations pass to an officer of the new beat, and care
    designations follow through the person's beat. All of it or none of it."""
    move = MoveRequest.objects.select_for_update().select_related("to_house__beat").get(pk=move.pk)
    if not move.may_decide(by):
        raise PermissionDenied
    person = Person.objects.select_for_update().select_related("beat").get(pk=move.person_id)
    move.person = person
    move.full_clean()  # the person may have moved, died or been closed since the request
    house, day = move.to_house, move.move_date
    key_designations = list(KeyPersonDesignation.objects.current().filter(person=person))
    responsible = _responsible_officer(house.beat, move.requested_by) if key_designations else None
    person.house, person.beat, person.relationship = house, house.beat, move.relationship
    fields = ["house", "beat", "relationship", "version", "updated_at"]
    if person.residence_status != Person.ResidenceStatus.PRESENT:
        # Moved out of the other station, away (外出): living at the new house now.
        person.residence_status = Person.ResidenceStatus.PRESENT
        person.status_date = day
        fields += ["residence_status", "status_date"]
    person.save(update_fields=fields, history={"on": day, "reason": EndReason.TRANSFERRED})
    for designation in key_designations:
        designation.responsible_officer = responsible
        designation.save(update_fields=["responsible_officer"])
    move.status = MoveRequest.Status.APPROVED
    move.decided_by, move.decided_at = by, timezone.now()
    move.save(update_fields=["status", "decided_by", "decided_at"])
    _notify(
        [move.requested_by],
        _("Move approved: %(name)s lives at %(house)s from %(day)s")
        % {"name": person.name, "house": house, "day": day.isoformat()},
        move,
    )
    return move


def _responsible_officer(beat, requester):
    """Who takes over key persons moving into a beat: the requester when they serve it,
    else its lead officer, else any officer posted there."""
    posts = Assignment.objects.active_on(periods.today()).filter(beat=beat)
    if posts.filter(officer=requester).exists():
        return requester
    posts = posts.select_related("officer").order_by("start_date")
    post = posts.filter(role=Assignment.Role.LEAD).first() or posts.first()
    if post is None:
        raise ValidationError(
            _(
                "Nobody is posted to %(beat)s to take over this key person: "
                "post an officer there first."
            )
            % {"beat": beat}
        )
    return post.officer


@transaction.atomic
def refuse_move(*, move, by, reason):
    """Refuse a request, saying why; the requester is told."""
    move = MoveRequest.objects.select_for_update().get(pk=move.pk)
    if not move.may_decide(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the request is refused."))
    move.status = MoveRequest.Status.REFUSED
    move.decided_by, move.decided_at = by, timezone.now()
    move.refusal_reason = reason.strip()
    move.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    _notify(
        [move.requested_by],
        _("Move refused: %(name)s. Reason: %(reason)s")
        % {"name": move.person.name, "reason": move.refusal_reason},
        move,
    )
    return move


@transaction.atomic
def withdraw_move(*, move, by):
    """The requester takes back a request that awaits a decision."""
    move = MoveRequest.objects.select_for_update().get(pk=move.pk)
    if move.requested_by_id != by.pk or not move.is_pending:
        raise PermissionDenied
    move.status = MoveRequest.Status.WITHDRAWN
    move.decided_at = timezone.now()
    move.save(update_fields=["status", "decided_at"])
    return move


def _notify(users, message, move):
    Notification.objects.bulk_create(
        Notification(user=user, message=message[:300], url=move.get_absolute_url())
        for user in users
    )

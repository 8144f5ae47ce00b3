"""Writes on people that change more than one field or more than one record."""

from django.db import transaction

from assignments.history import EndReason

from .models import Person


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

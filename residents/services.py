"""Writes on people that change more than one field or more than one record."""

from django.db import transaction


@transaction.atomic
def move_person(*, person, house, relationship):
    """Move a person to another house; they take its beat. Audited as a change."""
    person.house = house
    person.beat = house.beat
    person.relationship = relationship
    person.save(update_fields=["house", "beat", "relationship", "version", "updated_at"])
    return person


def change_status(*, person, status, on):
    """在住 / 外出 / 迁出 / 死亡: people leave the register this way, never by deletion."""
    person.residence_status = status
    person.status_date = on
    person.save(update_fields=["residence_status", "status_date", "version", "updated_at"])
    return person

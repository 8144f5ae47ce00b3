"""What a leaving officer hands over from the residents register (see
``assignments/handover.py``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assignments import handover

from .models import CareDesignation, KeyPersonDesignation


def key_persons(leaving, beat, successor, on):
    """Current key-person designations in the beat that the leaving officer held."""
    moved = []
    designations = (
        KeyPersonDesignation.objects.current()
        .filter(person__beat=beat, responsible_officer=leaving)
        .select_related("person", "category")
    )
    for designation in designations:
        designation.responsible_officer = successor
        designation.save(update_fields=["responsible_officer"])
        moved.append(
            (designation, reverse("residents:person_detail", args=[designation.person_id]))
        )
    return moved


def care_persons(leaving, beat, successor, on):
    """Care designations follow the beat: its lead looks after them."""
    return [
        (designation, reverse("residents:person_detail", args=[designation.person_id]))
        for designation in CareDesignation.objects.current()
        .filter(person__beat=beat)
        .select_related("person", "category")
    ]


def register():
    handover.register(_("Key persons"), key_persons)
    handover.register(_("Care persons"), care_persons)

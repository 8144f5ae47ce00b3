"""What a leaving officer hands over of open tips and disputes (see
``assignments/handover.py``)."""

from django.utils.translation import gettext_lazy as _

from assignments import handover

from .models import Dispute, Tip


def tips(leaving, beat, successor, on):
    moved = []
    for tip in Tip.objects.open().filter(beat=beat, responsible_officer=leaving):
        tip.responsible_officer = successor
        tip.save(update_fields=["responsible_officer", "version", "updated_at"])
        moved.append((tip, tip.get_absolute_url()))
    return moved


def disputes(leaving, beat, successor, on):
    moved = []
    for dispute in Dispute.objects.open().filter(beat=beat, responsible_officer=leaving):
        dispute.responsible_officer = successor
        dispute.save(update_fields=["responsible_officer", "version", "updated_at"])
        moved.append((dispute, dispute.get_absolute_url()))
    return moved


def register():
    handover.register(_("Open tips"), tips)
    handover.register(_("Open disputes"), disputes)

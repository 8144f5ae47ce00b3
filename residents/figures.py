"""Beat figures counted from the residents register (see ``core/figures.py``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from communitypolice.core.figures import register_beat_figures

from .models import KeyPersonDesignation, Person


def people(beat_ids):
    """People living in the beat (``Person.objects.living()``), and the floating among them."""
    rows = (
        Person.objects.living()
        .filter(beat__in=beat_ids)
        .values("beat")
        .annotate(
            people=Count("pk"), floating=Count("pk", filter=Q(category=Person.Category.FLOATING))
        )
    )
    return {row.pop("beat"): row for row in rows}


def key_persons(beat_ids):
    """People with a current key-person designation who still live in the beat."""
    rows = (
        KeyPersonDesignation.objects.current()
        .filter(Person.living_q("person__"), person__beat__in=beat_ids)
        .values("person__beat")
        .annotate(key_persons=Count("person", distinct=True))
    )
    return {row.pop("person__beat"): row for row in rows}


def register():
    register_beat_figures(
        [("people", _("People"), 10), ("floating", _("Floating population"), 20)], people
    )
    register_beat_figures([("key_persons", _("Key persons"), 60)], key_persons)

"""Beat figures counted from the places registers (see ``core/figures.py``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from communitypolice.core.figures import register_beat_figures

from .models import House, HouseUse, Organization


def houses(beat_ids):
    rows = (
        House.objects.active()
        .filter(beat__in=beat_ids)
        .values("beat")
        .annotate(houses=Count("pk"), rentals=Count("pk", filter=Q(use__code=HouseUse.RENTED)))
    )
    return {row.pop("beat"): row for row in rows}


def organizations(beat_ids):
    rows = (
        Organization.objects.active()
        .filter(beat__in=beat_ids)
        .values("beat")
        .annotate(organizations=Count("pk"))
    )
    return {row.pop("beat"): row for row in rows}


def register():
    register_beat_figures(
        [("houses", _("Houses"), 30), ("rentals", _("Rented houses"), 40)], houses
    )
    register_beat_figures([("organizations", _("Organisations"), 50)], organizations)

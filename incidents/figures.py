"""Beat and officer figures counted from incidents, disputes and visits
(see ``core/figures.py``)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods
from communitypolice.core.figures import register_beat_figures, register_officer_figures

from .models import Dispute, Incident, Visit


def incidents(beat_ids):
    """Incidents in the register reported in the last twelve months (today included)."""
    rows = (
        Incident.objects.reported_within(periods.twelve_months_to())
        .filter(beat__in=beat_ids)
        .values("beat")
        .annotate(incidents=Count("pk"))
    )
    return {row.pop("beat"): row for row in rows}


def disputes(beat_ids):
    """Disputes in the register found in the last twelve months (today included)."""
    rows = (
        Dispute.objects.found_within(periods.twelve_months_to())
        .filter(beat__in=beat_ids)
        .values("beat")
        .annotate(disputes=Count("pk"))
    )
    return {row.pop("beat"): row for row in rows}


def visits(officer_ids, start, end):
    """Visits, and distinct households and organisations visited, from start to end."""
    rows = (
        Visit.objects.filter(periods.Period.custom(start, end).datetime_q("visited_at"))
        .filter(officer__in=officer_ids)
        .values("officer")
        .annotate(
            visits=Count("pk", distinct=True),
            households_visited=Count("houses", distinct=True),
            organizations_visited=Count("organizations", distinct=True),
        )
    )
    return {row.pop("officer"): row for row in rows}


def register():
    register_beat_figures([("incidents", _("Incidents (12 months)"), 70)], incidents)
    register_beat_figures([("disputes", _("Disputes (12 months)"), 80)], disputes)
    register_officer_figures(
        [
            ("visits", _("Visits"), 10),
            ("households_visited", _("Households visited"), 20),
            ("organizations_visited", _("Organisations visited"), 30),
        ],
        visits,
    )

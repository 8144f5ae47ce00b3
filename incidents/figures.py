"""Beat and officer figures counted from incidents, disputes and visits
(see ``core/figures.py``)."""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communitypolice.core.figures import register_beat_figures, register_officer_figures

from .models import Dispute, Incident, Visit

YEAR = datetime.timedelta(days=365)


def incidents(beat_ids):
    """Incidents reported in the last 12 months."""
    rows = (
        Incident.objects.filter(beat__in=beat_ids, reported_at__gte=timezone.now() - YEAR)
        .values("beat")
        .annotate(incidents=Count("pk"))
    )
    return {row.pop("beat"): row for row in rows}


def disputes(beat_ids):
    """Disputes found in the last 12 months."""
    rows = (
        Dispute.objects.filter(beat__in=beat_ids, found_on__gt=timezone.localdate() - YEAR)
        .values("beat")
        .annotate(disputes=Count("pk"))
    )
    return {row.pop("beat"): row for row in rows}


def _day_bounds(start, end):
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return first, last


def visits(officer_ids, start, end):
    """Visits, and distinct households and organisations visited, from start to end."""
    first, last = _day_bounds(start, end)
    rows = (
        Visit.objects.filter(officer__in=officer_ids, visited_at__gte=first, visited_at__lt=last)
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

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from assignments.models import Assignment, Beat, in_force_on
from communitypolice.core.access import role_required


def _beats_with_officer_counts(user):
    today = timezone.localdate()
    active = in_force_on(today, prefix="assignments__")
    return (
        Beat.objects.visible_to(user)
        .select_related("station")
        .annotate(
            officer_count=Count("assignments", filter=active),
            lead_count=Count(
                "assignments", filter=active & Q(assignments__role=Assignment.Role.LEAD)
            ),
        )
        .order_by("station__code", "code")
    )


@role_required("chief")
def station_overview(request):
    """The chief's start page: the station's beats and who serves in them today."""
    beats = _beats_with_officer_counts(request.user)
    return render(
        request,
        "reports/station_overview.html",
        {"station": request.user.unit, "beats": beats},
    )


@role_required("analyst", "chief")
def index(request):
    """Stations under the user's unit, side by side; the report catalogue joins here."""
    stations = (
        request.user.unit.stations()
        .annotate(beat_count=Count("beats", distinct=True))
        .order_by("code")
    )
    return render(request, "reports/index.html", {"unit": request.user.unit, "stations": stations})

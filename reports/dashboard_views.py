"""The dashboards: each role's start page. The figures come from ``dashboards.py``."""

from django.shortcuts import render
from django.utils import timezone

from assignments.models import Beat
from assignments.workload import allocations
from communitypolice.accounts.models import Unit, User
from communitypolice.accounts.scope import Role
from communitypolice.core import periods, snapshots
from communitypolice.core.access import REPORTERS, role_required

from . import dashboards


@snapshots.register("station_overview")
def station_figures(user_id, user=None):
    """The figures of the chief's station overview that count the registers."""
    user = user or User.objects.get(pk=user_id)
    now, today = timezone.now(), periods.today()
    # The allocation advisor's rows carry each beat with its officers today.
    allocation = allocations(
        Beat.objects.visible_to(user).select_related("station").order_by("station__code", "code")
    )
    beats = [row.beat for row in allocation]
    return {
        "beats": beats,
        "population": dashboards.population_card(beats),
        "followups": dashboards.followups_card(beats),
        "tips": dashboards.tips_card(beats, now),
        "incidents": dashboards.incidents_card(beats, today),
        "disputes": dashboards.disputes_card(beats, today),
        "freshness": dashboards.freshness_card(user, beats, now),
        "freshness_shares": dashboards.officer_freshness_card(beats, now),
        "allocation": dashboards.short_beats_card(allocation),
    }


def _snapshot(request, kind):
    """The figures of ``kind`` for the user; ``?refresh`` counts them again."""
    return snapshots.snapshot(
        kind, request.user.pk, refresh="refresh" in request.GET, user=request.user
    )


@role_required(Role.CHIEF)
def station_overview(request):
    """The chief's start page: the station at a glance, every figure a link to its list."""
    user = request.user
    figures = _snapshot(request, "station_overview")
    context = {
        **figures.value,
        "station": user.unit,
        "community": dashboards.community_time_card(user, periods.today()),
        "approvals": dashboards.approvals_card(user),
        "as_of": figures.as_of,
        "kept": figures.kept,
    }
    return render(request, "reports/station_overview.html", context)


def officer_beats(user):
    return list(Beat.objects.visible_to(user).select_related("station").order_by("code"))


@snapshots.register("officer_home")
def officer_figures(user_id, user=None, beats=None):
    """The figures of the officer's start page that count the beats' registers (the
    share checked in time reads the dated history of every record: a second at 16,000
    people)."""
    user = user or User.objects.get(pk=user_id)
    beats = officer_beats(user) if beats is None else beats
    return {
        "beats": dashboards.beat_figures_card(beats),
        "freshness_shares": dashboards.my_freshness_card(user, beats, timezone.now()),
    }


@role_required(Role.OFFICER)
def officer_home(request):
    """The officer's start page: the day's work in their beats."""
    user = request.user
    now, today = timezone.now(), periods.today()
    beats = officer_beats(user)
    figures = snapshots.snapshot(
        "officer_home", user.pk, refresh="refresh" in request.GET, user=user, beats=beats
    )
    context = {
        **figures.value,
        "queue": dashboards.queue_card(user, now),
        "due_soon": dashboards.due_soon_card(user, beats, today),
        "tips": dashboards.tips_card(beats, now),
        "disputes": dashboards.disputes_card(beats, today),
        "community": dashboards.my_community_time(user, today),
        "today": today,
        "as_of": figures.as_of,
        "kept": figures.kept,
    }
    return render(request, "reports/officer_home.html", context)


@snapshots.register("units")
def unit_figures(user_id, user=None):
    """The stations under the user's unit, side by side."""
    user = user or User.objects.get(pk=user_id)
    now, today = timezone.now(), periods.today()
    stations = list(Unit.objects.visible_to(user).stations().order_by("code"))
    beats = list(
        Beat.objects.visible_to(user).filter(station__in=stations).order_by("station__code", "code")
    )
    return dashboards.station_comparison(stations, beats, today, now)


@role_required(*REPORTERS)
def index(request):
    """The stations under the user's unit side by side; the report catalogue joins here."""
    user = request.user
    figures = _snapshot(request, "units")
    context = {
        "unit": user.unit,
        "comparison": figures.value,
        "reports": dashboards.reports_card(user),
        "as_of": figures.as_of,
        "kept": figures.kept,
    }
    return render(request, "reports/index.html", context)

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Assignment, Beat


def _current_assignments():
    today = timezone.localdate()
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.active_on(today).select_related("officer").order_by("role"),
        to_attr="current_assignments",
    )


@login_required
def beat_list(request):
    """An officer's own beats today; a chief's station; an analyst's units; all for admins."""
    beats = (
        Beat.objects.visible_to(request.user)
        .select_related("station")
        .prefetch_related(_current_assignments())
        .order_by("station__code", "code")
    )
    return render(request, "assignments/beat_list.html", {"beats": beats})


@login_required
def beat_detail(request, pk):
    beat = get_object_or_404(
        Beat.objects.visible_to(request.user)
        .select_related("station")
        .prefetch_related(_current_assignments()),
        pk=pk,
    )
    history = beat.assignments.select_related("officer").order_by("-start_date")
    return render(request, "assignments/beat_detail.html", {"beat": beat, "history": history})

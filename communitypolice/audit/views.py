from django.shortcuts import render

from communitypolice.accounts.scope import Role
from communitypolice.core.access import role_required
from communitypolice.core.pagination import page_of

from .filters import AuthEventFilter, LogEntryFilter
from .models import AuthEvent, log_entries_visible_to

PAGE_SIZE = 50


@role_required(Role.CHIEF, Role.ADMIN)
def log(request):
    """Changes to and views of records, searchable by user, record type, action and date."""
    entries = log_entries_visible_to(request.user).order_by("-timestamp")
    filterset = LogEntryFilter(request.GET, queryset=entries, user=request.user)
    page = page_of(filterset.qs, request, PAGE_SIZE)
    return render(request, "audit/log.html", {"filter": filterset, "page": page})


@role_required(Role.CHIEF, Role.ADMIN)
def logins(request):
    events = AuthEvent.objects.visible_to(request.user).select_related("user")
    filterset = AuthEventFilter(request.GET, queryset=events, user=request.user)
    page = page_of(filterset.qs, request, PAGE_SIZE)
    return render(request, "audit/logins.html", {"filter": filterset, "page": page})

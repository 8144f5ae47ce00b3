from django.core.paginator import Paginator
from django.shortcuts import render

from communitypolice.accounts.scope import Role
from communitypolice.core.access import role_required

from .filters import AuthEventFilter, LogEntryFilter
from .models import AuthEvent, log_entries_visible_to

PAGE_SIZE = 50


@role_required(Role.CHIEF, Role.ADMIN)
def log(request):
    """Changes to and views of records, searchable by user, record type, action and date."""
    entries = log_entries_visible_to(request.user).order_by("-timestamp")
    filterset = LogEntryFilter(request.GET, queryset=entries, user=request.user)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"filter": filterset, "page": page})


@role_required(Role.CHIEF, Role.ADMIN)
def logins(request):
    events = AuthEvent.objects.visible_to(request.user).select_related("user")
    filterset = AuthEventFilter(request.GET, queryset=events, user=request.user)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/logins.html", {"filter": filterset, "page": page})

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.accounts.scope import Role, role_of
from communitypolice.audit.access import record_access
from communitypolice.core.access import role_required
from communitypolice.core.pagination import page_of

from .forms import ReleaseLockoutForm
from .models import Unit

HOME_BY_ROLE = {
    Role.OFFICER: "reports:officer_home",
    Role.CHIEF: "reports:station_overview",
    Role.ANALYST: "reports:index",
    Role.ADMIN: "accounts:administration",
}


@login_required
def home(request):
    """Send each role to the page it starts its day on."""
    role = role_of(request.user)
    if role is None:
        raise PermissionDenied
    return redirect(HOME_BY_ROLE[role])


@role_required(Role.ADMIN)
def administration(request):
    units = Unit.objects.annotate(user_count=Count("users")).select_related("parent")
    users = get_user_model().objects.select_related("unit").order_by("unit__code", "username")
    page = page_of(users, request, 50)
    locked_usernames = (
        AccessAttempt.objects.values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("username")
    )
    locked_addresses = (
        AccessAttempt.objects.values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_IP_FAILURE_LIMIT)
        .order_by("ip_address")
    )
    return render(
        request,
        "accounts/administration.html",
        {
            "units": units,
            "page": page,
            "locked_usernames": locked_usernames,
            "locked_addresses": locked_addresses,
        },
    )


@role_required(Role.ADMIN)
def user_detail(request, pk):
    person = get_object_or_404(get_user_model().objects.select_related("unit"), pk=pk)
    record_access(person)
    assignments = person.assignments.select_related("beat__station")
    return render(
        request, "accounts/user_detail.html", {"person": person, "assignments": assignments}
    )


@require_POST
@role_required(Role.ADMIN)
def release_lockout(request):
    """Release a locked username (and the address it was locked from, if given)."""
    form = ReleaseLockoutForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("accounts:administration")
    username = form.cleaned_data["username"]
    ip_address = form.cleaned_data["ip_address"] or None
    released = reset(username=username) if username else 0
    if ip_address:
        released += reset(ip=ip_address)
    if released:
        messages.success(
            request, _("Login for %(name)s released.") % {"name": username or ip_address}
        )
    else:
        messages.warning(
            request, _("Nothing was locked for %(name)s.") % {"name": username or ip_address}
        )
    return redirect("accounts:administration")

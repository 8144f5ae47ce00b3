"""Role checks for views and forms, by ``Role`` member. Record scoping is not here: it is
each model's visible_to(), built from ``communitypolice.accounts.scope.scope_of``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from communitypolice.accounts.scope import Role, role_of

# Who enters and changes register data (people, places, events).
EDITORS = (Role.OFFICER, Role.CHIEF, Role.ADMIN)
# Who manages beats, posts and officers, and acknowledges what officers report.
MANAGERS = (Role.CHIEF, Role.ADMIN)
# Who requests and reads reports.
REPORTERS = (Role.ANALYST, Role.CHIEF)
# Who may send an officer away from the community, and confirms it afterwards.
DISPATCHERS = (Role.CHIEF, Role.ANALYST, Role.ADMIN)


def has_role(user, *roles):
    """Whether the user acts in one of ``roles`` (administrators as ``Role.ADMIN``)."""
    return role_of(user) in roles


def role_required(*roles):
    """Let a view through only for the given roles (administrators count as ADMIN).

    A user of another role gets 403: the page exists, but is not theirs to use.
    """
    for role in roles:
        if not isinstance(role, Role):
            raise TypeError(f"role_required takes Role members, not {role!r}")

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

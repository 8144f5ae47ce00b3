"""Role checks for views. Record scoping is not here: it is each model's visible_to()."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """Let a view through only for the given roles (administrators count as 'admin').

    A user of another role gets 403: the page exists, but is not theirs to use.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            role = "admin" if user.is_admin else user.role
            if role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_STARTED_KEY, SESSION_TOUCHED_KEY


@receiver(user_logged_in, dispatch_uid="accounts_stamp_session")
def stamp_session_start(sender, request, user, **kwargs):
    """Start the absolute session clock at login; the login's save is the first renewal
    of the idle limit."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = request.session[SESSION_TOUCHED_KEY] = time.time()

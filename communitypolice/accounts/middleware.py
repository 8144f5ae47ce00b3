import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "session_started_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours after login however active it is.

    The idle limit (30 minutes) is Django's own: SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST. This adds the absolute limit, which Django lacks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            # Stamped at login (accounts.receivers); a session from before that
            # receiver existed starts counting now.
            started = request.session.setdefault(SESSION_STARTED_KEY, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "session_started_at"
SESSION_TOUCHED_KEY = "session_touched_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours after login however active it is, and renew its idle limit.

    The idle limit (30 minutes) is Django's own expiry, SESSION_COOKIE_AGE from the
    session's last save. Saving it on every request would cost each page an UPDATE and a
    commit, so it is renewed at most once every SESSION_TOUCH_SECONDS (a minute): a
    session ends after 29 to 30 idle minutes. The absolute limit is this middleware's,
    which Django lacks.
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
            now = time.time()
            if now - request.session.get(SESSION_TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                request.session[SESSION_TOUCHED_KEY] = now  # saved, with a new expiry
        return self.get_response(request)

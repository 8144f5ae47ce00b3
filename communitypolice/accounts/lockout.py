"""Login lockout rules on top of django-axes.

Axes counts failures per username and per client address against one limit.
A police station often reaches the server through one address (a NAT), so the
address gets a larger allowance than a username: five wrong passwords lock the
username, AXES_IP_FAILURE_LIMIT failures from one address lock the address, and
nobody can lock the whole station out by cycling through usernames.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class StationLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures measured against AXES_FAILURE_LIMIT.

        The address's count is scaled to the username limit, so that the one
        limit Axes knows locks an address only at AXES_IP_FAILURE_LIMIT.
        """
        attempts = self.get_user_attempts(request, credentials)
        if len(attempts) != 2:  # no username in the request: Axes' own count
            return super().get_failures(request, credentials)
        username_attempts, ip_attempts = attempts
        by_username = username_attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        by_ip = ip_attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        ip_scaled = math.floor(by_ip * settings.AXES_FAILURE_LIMIT / settings.AXES_IP_FAILURE_LIMIT)
        return max(by_username, ip_scaled)

"""Helpers of the assignments tests."""

import datetime

from django.contrib.messages import get_messages

from assignments import services
from assignments.models import TransferRequest
from communitypolice.core import periods


def days(n):
    return datetime.timedelta(days=n)


def file_transfer(post, *, by, kind="remove", successor=None, to_beat=None, to_role="", ahead=7):
    """A transfer request through the service, effective ``ahead`` days from today."""
    transfer = TransferRequest(
        assignment=post,
        kind=kind,
        to_beat=to_beat,
        to_role=to_role,
        successor=successor,
        effective_date=periods.today() + days(ahead),
        reason="工作需要",
    )
    return services.request_transfer(transfer, by=by)


def message_levels(response):
    return [message.level_tag for message in get_messages(response.wsgi_request)]

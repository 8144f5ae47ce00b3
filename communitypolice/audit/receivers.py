"""Record logins, logouts and failed logins as AuthEvent rows; queue every audit row for
the hash chain (``chain``)."""

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import chain
from .models import AuthEvent, Seal


def _record(kind, request, username, user=None):
    AuthEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        # The same address auditlog records for data changes, so both trails agree.
        ip_address=AuditlogMiddleware._get_remote_addr(request) if request else None,
        user_agent=request.headers.get("User-Agent", "")[:300] if request else "",
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    _record(AuthEvent.Kind.LOGIN, request, user.get_username(), user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuthEvent.Kind.LOGOUT, request, user.get_username(), user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    _record(AuthEvent.Kind.LOGIN_FAILED, request, username, user)


def _queue_for_sealing(kind):
    def receive(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            chain.queue(kind, [instance.pk])

    return receive


post_save.connect(
    _queue_for_sealing(Seal.Kind.CHANGE), sender=LogEntry, weak=False, dispatch_uid="seal_change"
)
post_save.connect(
    _queue_for_sealing(Seal.Kind.LOGIN), sender=AuthEvent, weak=False, dispatch_uid="seal_login"
)

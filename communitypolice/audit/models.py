from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communitypolice.accounts.scope import Reach, scope_of


class AuthEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every event; a chief sees the events of their station's users."""
        return _trail_of(self, scope_of(user), "user")


class AuthEvent(models.Model):
    """A login, logout or failed login. Append-only: on PostgreSQL a trigger refuses
    UPDATE, DELETE and TRUNCATE (see migration 0002)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed login")

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("username"), max_length=150)
    # PROTECT: users are deactivated, never deleted, so their trail stays whole.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auth_events",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    objects = AuthEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-timestamp"]
        indexes = [models.Index(fields=["user", "-timestamp"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"


def log_entries_visible_to(user):
    """auditlog's rows a user may search: all for admins, their station's actors for a chief."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.select_related("actor", "content_type")
    return _trail_of(entries, scope_of(user), "actor")


def _trail_of(queryset, scope, user_field):
    """The audit rows a scope reaches: every row for an administrator, the rows of the
    station's users for a chief, none for anyone else."""
    if scope.is_all:
        return queryset
    if scope.reach is Reach.STATION:
        return queryset.filter(**{f"{user_field}__unit_id": scope.unit_id})
    return queryset.none()


def users_visible_to(user):
    """The users whose trail a user may search: all for admins, a chief's station's."""
    users = get_user_model().objects.order_by("username")
    scope = scope_of(user)
    if scope.is_all:
        return users
    if scope.reach is Reach.STATION:
        return users.filter(unit_id=scope.unit_id)
    return users.none()


class Seal(models.Model):
    """One link of the audit trail's hash chain: an audit row (a change or a login
    event), in the order rows were sealed, and the SHA-256 of the link before it with
    the row's values (``chain``). A row edited or deleted afterwards, or a link taken
    out, breaks every digest from there on: ``manage.py verify_audit`` finds the first."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("change")
        LOGIN = "login", pgettext_lazy("audit trail", "login event")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    row_id = models.BigIntegerField(_("row"))
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "row_id"], name="one_seal_per_audit_row")
        ]

    def __str__(self):
        return f"{self.kind} {self.row_id}"


class Unsealed(models.Model):
    """An audit row written, not yet sealed: written in the row's own transaction, taken
    up by ``chain.seal_pending`` once it has committed."""

    kind = models.CharField(max_length=10, choices=Seal.Kind.choices)
    row_id = models.BigIntegerField()

    def __str__(self):
        return f"{self.kind} {self.row_id}"

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuthEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every event; a chief sees the events of their station's users."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_chief and user.unit_id:
            return self.filter(user__unit_id=user.unit_id)
        return self.none()


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
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.is_admin:
        return entries
    if user.is_chief and user.unit_id:
        return entries.filter(actor__unit_id=user.unit_id)
    return entries.none()

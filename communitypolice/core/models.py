from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The operator class of an index that serves prefix matches (``LIKE 'x%'``, Django's
# ``startswith``) on PostgreSQL whatever the database's collation; other databases ignore
# it and build a plain index.
PATTERN = "varchar_pattern_ops"


class CodeTable(models.Model):
    """A code table row (代码表): data that administrators edit, not a hard-coded choice.

    Rules in code refer to the stable ``code``; people read ``name`` (Chinese) or
    ``name_en`` in the English interface.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user, shown with an unread badge in the navigation bar."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message

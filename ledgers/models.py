"""An import (导入批次): one uploaded ledger, its rows as they were in the file, what the
dry run found in each, and what the commit did, so that it can be shown, corrected,
committed once and undone."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit
from communitypolice.accounts.scope import Reach, scope_of

from .columns import LEDGERS


class BatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An officer's own imports; a chief's, every import of their station; an
        administrator's, all. Analysts none: ledgers are personal data."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        scope = scope_of(user)
        if scope.is_all:
            return self
        if scope.reach is Reach.STATION and scope.personal:
            return self.filter(unit_id=scope.unit_id)
        if scope.personal:
            return self.filter(uploaded_by=user)
        return self.none()


class Batch(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked (dry run)")
        COMMITTING = "committing", _("Being imported")
        COMMITTED = "committed", _("Imported")
        UNDONE = "undone", _("Undone")
        FAILED = "failed", _("Failed")

    BUSY = (Status.CHECKING, Status.COMMITTING)

    ledger = models.CharField(_("register"), max_length=20)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # {header as in the file: field of the ledger, or "" for a column left out}
    mapping = models.JSONField(_("columns"), default=dict)
    # The uploader allowed the buildings, units and rooms the address tree lacks to be
    # added under their own beats' addresses.
    make_addresses = models.BooleanField(_("add missing addresses"), default=False)
    headers = models.JSONField(_("headers"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    # How many rows the check or the import has been through, while it runs.
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    error = models.TextField(_("error"), blank=True)
    # What the dry run found, then what the import did (the audit trail shows them).
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("new records"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated records"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows left as they are"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("ledgers:batch_detail", args=[self.pk])

    @property
    def register(self):
        return LEDGERS[self.ledger]

    @property
    def is_committed(self):
        return self.status == self.Status.COMMITTED

    @property
    def is_busy(self):
        return self.status in self.BUSY

    @property
    def percent(self):
        return int(100 * self.done_rows / self.rows_total) if self.rows_total else 0


class Row(models.Model):
    """One row of the file: its cells as they were (``values``: header → text), what the
    dry run decided (``action``) and why (``errors``: [{column, value, message}]), the
    record it created or updated, and for an update the values it replaced (``before``),
    which undo puts back."""

    class Action(models.TextChoices):
        CREATE = "create", _("New record")
        UPDATE = "update", _("Update of a registered record")
        SKIP = "skip", _("Left as it is")
        REJECT = "reject", _("Rejected")

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("cells"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    errors = models.JSONField(_("reasons"), default=list)
    # An update offered by the dry run: {field label: [old, new]}.
    changes = models.JSONField(_("changes"), default=dict)
    # A new record that may be someone registered already (same name and date of birth,
    # same phone): [message]. Imported only when the user confirms it.
    warnings = models.JSONField(_("to decide"), default=list)
    # What else the import does for the row: the addresses it adds. [message]
    notes = models.JSONField(_("notes"), default=list)
    record_id = models.BigIntegerField(_("record"), null=True, blank=True)
    before = models.JSONField(_("values before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    done = models.BooleanField(_("imported"), default=False)
    # The record's version once imported: undo is refused once it has moved on.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="one_row_per_number")
        ]

    def __str__(self):
        return f"{self.batch} · {self.number}"


class HeaderChoice(models.Model):
    """A header a unit's ledgers use for a column, remembered from the mapping a user
    confirmed, and offered first the next time."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    ledger = models.CharField(max_length=20)
    header = models.CharField(max_length=100)
    field = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "ledger", "header"], name="one_choice_per_header"
            )
        ]

    def __str__(self):
        return f"{self.header} → {self.field or '—'}"

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communitypolice.core.identifiers import validate_phone

from .scope import Reach, Role, scope_of


def _subtree_q(unit_id, prefix=""):
    """A unit and every unit below it (the tree is at most three levels deep)."""
    return (
        Q(**{f"{prefix}pk": unit_id})
        | Q(**{f"{prefix}parent_id": unit_id})
        | Q(**{f"{prefix}parent__parent_id": unit_id})
    )


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Units whose figures a user reaches (see ``reached_by``)."""
        return self.reached_by(scope_of(user))

    def reached_by(self, scope):
        """Every unit for an administrator, an analyst's unit and those below it, a
        chief's station; none for an officer, whose reach is beats, not a unit."""
        if scope.reach is Reach.ALL:
            return self
        if scope.reach is Reach.UNIT:
            return self.filter(_subtree_q(scope.unit_id))
        if scope.reach is Reach.STATION:
            return self.filter(pk=scope.unit_id)
        return self.none()

    def stations(self):
        return self.filter(kind=Unit.Kind.STATION)


class Unit(models.Model):
    """A police unit: city bureau (市局) → branch bureau (分局) → station (派出所)."""

    class Kind(models.TextChoices):
        CITY = "city", _("City bureau")
        BRANCH = "branch", _("Branch bureau")
        STATION = "station", _("Police station")

    # The level each kind hangs under; a city bureau is a root.
    PARENT_KIND = {Kind.CITY: None, Kind.BRANCH: Kind.CITY, Kind.STATION: Kind.BRANCH}

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("unit code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6,12}$", _("A unit code is 6 to 12 digits."))],
    )
    kind = models.CharField(_("level"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        expected = self.PARENT_KIND.get(self.kind)
        actual = self.parent.kind if self.parent_id else None
        if expected != actual:
            if expected is None:
                raise ValidationError({"parent": _("A city bureau has no parent unit.")})
            raise ValidationError(
                {
                    "parent": _("A %(kind)s belongs to a %(parent)s.")
                    % {"kind": self.get_kind_display(), "parent": self.Kind(expected).label}
                }
            )

    @property
    def is_station(self):
        return self.kind == self.Kind.STATION

    def subtree(self):
        """This unit and every unit below it (the tree is at most three levels deep)."""
        return Unit.objects.filter(_subtree_q(self.pk))

    def stations(self):
        """The stations at or below this unit."""
        return self.subtree().filter(kind=self.Kind.STATION)

    def is_above(self, other):
        """Whether ``other`` is a unit below this one (not the unit itself)."""
        return other.pk != self.pk and self.subtree().filter(pk=other.pk).exists()


class User(AbstractUser):
    """A user of the platform. Their unit and role decide what they see."""

    Role = Role

    # Roles whose unit must be a police station.
    STATION_ROLES = {Role.OFFICER, Role.CHIEF}

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    badge_number = models.CharField(
        _("badge number"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A badge number is 6 digits."))],
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OFFICER)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role in self.STATION_ROLES and not (self.unit_id and self.unit.is_station):
            raise ValidationError({"unit": _("Officers and chiefs belong to a police station.")})
        if self.role == self.Role.ANALYST and (not self.unit_id or self.unit.is_station):
            raise ValidationError(
                {"unit": _("Analysts belong to a branch or city bureau, not a station.")}
            )

    @property
    def is_officer(self):
        return self.role == self.Role.OFFICER

    @property
    def is_chief(self):
        return self.role == self.Role.CHIEF

    @property
    def is_analyst(self):
        return self.role == self.Role.ANALYST

    @property
    def is_admin(self):
        """Administrators, and superusers whatever role they were given."""
        return self.role == self.Role.ADMIN or self.is_superuser

"""The access ladder, written once: the roles, and what each user reaches.

``scope_of(user)`` reads the role cascade (administrator → analyst's unit tree →
station chief → officer → nobody) and answers with one small value. Every
``visible_to`` in the apps translates that value into its own rows and never looks at
the role again; a view or a form asks the role only through ``role_of`` / the groups in
``communitypolice.core.access``.

This module imports nothing of ours, so every layer may use it.
"""

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the platform (``User.Role``). Use these members, never the strings."""

    OFFICER = "officer", _("Community officer")
    CHIEF = "chief", _("Station chief")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


class Reach(enum.Enum):
    ALL = "all"  # an administrator: everything
    UNIT = "unit"  # an analyst: the stations of their unit's subtree, aggregates only
    STATION = "station"  # a chief: everything of one station
    BEATS = "beats"  # an officer: the beats they are assigned to today
    NOTHING = "nothing"  # anonymous, inactive, or a role without its unit


@dataclass(frozen=True)
class Scope:
    """What a user reaches: how far (``reach``), from which unit, as which user."""

    reach: Reach
    user_id: int | None = None
    unit_id: int | None = None

    @property
    def is_all(self):
        return self.reach is Reach.ALL

    @property
    def personal(self):
        """Whether the scope holds personal data (the registers) at all; an analyst's
        does not: they work through aggregate reports."""
        return self.reach in (Reach.ALL, Reach.STATION, Reach.BEATS)


NOTHING = Scope(Reach.NOTHING)


def role_of(user):
    """The role a user acts in (a superuser acts as administrator, whatever their role),
    or None for an anonymous or inactive user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def scope_of(user):
    """The one place where a role turns into what the user reaches.

    - administrator: everything;
    - analyst: the stations of their unit and the units below it, for aggregates only;
    - chief: their station;
    - officer: the beats they are assigned to today;
    - anyone else (anonymous, inactive, unknown role, a unit missing): nothing.
    """
    role = role_of(user)
    if role == Role.ADMIN:
        return Scope(Reach.ALL, user_id=user.pk, unit_id=user.unit_id)
    if role == Role.OFFICER:
        # An officer's reach is their posts, whatever their unit.
        return Scope(Reach.BEATS, user_id=user.pk, unit_id=user.unit_id)
    if role == Role.CHIEF and user.unit_id:
        return Scope(Reach.STATION, user_id=user.pk, unit_id=user.unit_id)
    if role == Role.ANALYST and user.unit_id:
        return Scope(Reach.UNIT, user_id=user.pk, unit_id=user.unit_id)
    return NOTHING

"""The one door to scoped data: ``Model.objects.visible_to(user)``.

Every record that belongs to a beat (a person, a house, an incident, …) carries a
direct ``beat`` foreign key, so that scoping is one indexed column away. A view
never filters by role itself; it starts from ``visible_to(request.user)``, so a
record outside the user's scope is simply not found and answers 404.
"""

from django.db import models
from django.utils import timezone

ALL = object()  # the scope of an administrator: every beat


def beats_on_duty(user, on=None):
    """Ids of the beats an officer is assigned to on the given day (today by default)."""
    from .models import Assignment

    return (
        Assignment.objects.active_on(on or timezone.localdate())
        .filter(officer=user)
        .values("beat_id")
    )


def personal_data_beats(user):
    """The beats whose personal records a user may see, as a subquery of ids, or ALL.

    - officers: the beats they are assigned to today;
    - chiefs: every beat of their station;
    - administrators: everything (ALL);
    - analysts and anyone else: nothing; analysts work through aggregate reports.
    """
    from .models import Beat

    if not user.is_authenticated or not user.is_active:
        return Beat.objects.none().values("pk")
    if user.is_admin:
        return ALL
    if user.is_chief and user.unit_id:
        return Beat.objects.filter(station_id=user.unit_id).values("pk")
    if user.is_officer:
        return beats_on_duty(user)
    return Beat.objects.none().values("pk")


class BeatScopedQuerySet(models.QuerySet):
    """QuerySet for records that belong to a beat and hold personal data."""

    beat_field = "beat"

    def visible_to(self, user):
        beats = personal_data_beats(user)
        if beats is ALL:
            return self
        return self.filter(**{f"{self.beat_field}__in": beats})


class RegisterQuerySet(BeatScopedQuerySet):
    def active(self):
        """Records not closed: what the registers list by default."""
        return self.filter(closed_at__isnull=True)

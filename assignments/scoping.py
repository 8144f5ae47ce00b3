"""The one door to scoped data: ``Model.objects.visible_to(user)``.

Every record that belongs to a beat (a person, a house, an incident, …) carries a
direct ``beat`` foreign key, so that scoping is one indexed column away. A view
never filters by role itself; it starts from ``visible_to(request.user)``, so a
record outside the user's scope is simply not found and answers 404.
"""

from django.db import models
from django.utils import timezone


def beats_on_duty(user, on=None):
    """Ids of the beats an officer is assigned to on the given day (today by default)."""
    from .models import Assignment

    return (
        Assignment.objects.active_on(on or timezone.localdate())
        .filter(officer=user)
        .values("beat_id")
    )


class BeatScopedQuerySet(models.QuerySet):
    """QuerySet for records that belong to a beat and hold personal data.

    - officers see the beats they are assigned to today;
    - chiefs see every beat of their station;
    - administrators see everything;
    - analysts see no personal records at all: they work through aggregate reports.
    """

    beat_field = "beat"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_chief and user.unit_id:
            return self.filter(**{f"{self.beat_field}__station_id": user.unit_id})
        if user.is_officer:
            return self.filter(**{f"{self.beat_field}__in": beats_on_duty(user)})
        return self.none()

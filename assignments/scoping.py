"""The one door to scoped data: ``Model.objects.visible_to(user)``.

Every record that belongs to a beat (a person, a house, an incident, …) carries a
direct ``beat`` foreign key, so that scoping is one indexed column away. A view
never filters by role itself; it starts from ``visible_to(request.user)``, so a
record outside the user's scope is simply not found and answers 404.

What a user reaches is decided once, by ``communitypolice.accounts.scope.scope_of``;
the querysets that translate it into beats live next to the beats in
``assignments.models`` (so that the models need not import this module) and are
offered here to the apps above.
"""

from .models import ALL, BeatScopedQuerySet, RegisterQuerySet, beats_on_duty, personal_data_beats

__all__ = ["ALL", "BeatScopedQuerySet", "RegisterQuerySet", "beats_on_duty", "personal_data_beats"]

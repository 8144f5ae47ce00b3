"""警力配置: how many officers each beat needs, from its size and complexity.

The workload index of a beat is the sum of its figures (people, floating population,
rentals, key persons, incidents …, see ``core/figures.py``) each times a weight
(``ALLOCATION_WEIGHTS``); one officer carries ``ALLOCATION_INDEX_PER_OFFICER`` of it.
A beat with fewer officers in force today than recommended is short, and the figures
that weigh most in its index are named, so a chief can argue for 一区多警.
"""

import math
from dataclasses import dataclass

from django.db.models import Count, Q

from communitypolice.core import periods, snapshots
from communitypolice.core.figures import beat_figure_list, beat_figures_for

from .models import AllocationRule, Assignment, in_force_on


@dataclass
class Allocation:
    beat: object
    figures: dict
    officers: int
    leads: int
    rule: AllocationRule

    @property
    def contributions(self):
        """[(figure, value, weight, points)] largest first: what drives the index."""
        rows = []
        for figure in beat_figure_list():
            value = self.figures.get(figure.key, 0)
            weight = self.rule.weight(figure.key)
            rows.append((figure, value, weight, value * weight))
        return sorted(rows, key=lambda row: row[3], reverse=True)

    @property
    def index(self):
        return round(sum(row[3] for row in self.contributions), 1)

    @property
    def recommended(self):
        return max(1, math.ceil(self.index / self.rule.index_per_officer))

    @property
    def shortfall(self):
        return max(self.recommended - self.officers, 0)

    @property
    def is_short(self):
        return self.shortfall > 0

    @property
    def drivers(self):
        """The figures that make up most of the index (up to three, each at least 10 %)."""
        total = self.index or 1
        return [
            (figure, value, round(weighted * 100 / total))
            for figure, value, _weight, weighted in self.contributions[:3]
            if weighted * 10 >= total
        ]

    @property
    def mode(self):
        """一区一警 or 一区多警, from the officers in force today."""
        return "multi" if self.officers > 1 else "single" if self.officers == 1 else "none"


def allocations(beats, figures=None):
    """[Allocation] for a queryset of beats: one query for the beats and their officers
    today, one per figure counter (none when their ``figures`` were counted already,
    ``scope_figures``)."""
    today = periods.today()
    active = in_force_on(today, prefix="assignments__")
    beats = list(
        beats.select_related("station__parent").annotate(
            officer_count=Count("assignments", filter=active),
            lead_count=Count(
                "assignments", filter=active & Q(assignments__role=Assignment.Role.LEAD)
            ),
        )
    )
    figures = figures if figures is not None else beat_figures_for(beats)
    every_rule = {rule.unit_id: rule for rule in AllocationRule.objects.all()}
    rules = {
        beat.station_id: AllocationRule.for_station(beat.station, every_rule) for beat in beats
    }
    return [
        Allocation(
            beat, figures[beat.pk], beat.officer_count, beat.lead_count, rules[beat.station_id]
        )
        for beat in beats
    ]


@snapshots.register("scope_figures")
def scope_figures(user_id, user=None):
    """The figures of every beat the user reaches, for the allocation page: an analyst's
    branch counts a million people, so they are kept a while (``core/snapshots.py``);
    the officers posted and the rules are read on every view."""
    from communitypolice.accounts.models import User

    from .models import Beat

    user = user or User.objects.get(pk=user_id)
    return beat_figures_for(Beat.objects.visible_to(user))

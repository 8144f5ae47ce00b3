"""Community time (下社区时间): shares per month, weekly targets, training hours.

Each figure is one aggregate query over all the officers asked for.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from communitypolice.core.figures import officer_figure_list, officer_figures_for

from .models import DutyBlock, TrainingRecord


@dataclass
class Share:
    community: int = 0
    total: int = 0
    non_community_days: int = 0
    pending_dispatches: int = 0
    required: Fraction = field(default_factory=lambda: settings.COMMUNITY_SHARE_REQUIRED)

    @property
    def share(self):
        """Community half days over all logged half days, or None with nothing logged."""
        return Fraction(self.community, self.total) if self.total else None

    @property
    def percent(self):
        return None if self.share is None else round(float(self.share) * 100, 1)

    @property
    def required_percent(self):
        return round(float(self.required) * 100, 1)

    @property
    def below(self):
        return self.share is not None and self.share < self.required

    @property
    def days(self):
        return self.total / 2


def community_shares(officer_ids, start, end):
    """{officer_id: Share} over the days from ``start`` to ``end``, inclusive."""
    officer_ids = list(officer_ids)
    community = Q(kind__in=DutyBlock.COMMUNITY)
    rows = (
        DutyBlock.objects.filter(officer__in=officer_ids, date__range=(start, end))
        .values("officer")
        .annotate(
            community=Count("pk", filter=community),
            total=Count("pk"),
            non_community_days=Count("date", filter=~community, distinct=True),
            pending_dispatches=Count("pk", filter=Q(dispatch_status=DutyBlock.Dispatch.PENDING)),
        )
    )
    shares = {officer_id: Share() for officer_id in officer_ids}
    for row in rows:
        officer_id = row.pop("officer")
        shares[officer_id] = Share(**row)
    return shares


def dispatchers(officer_ids, start, end):
    """Who pulled these officers out of the community: [(dispatcher, half days)]."""
    return (
        DutyBlock.objects.filter(
            officer__in=officer_ids, date__range=(start, end), dispatched_by__isnull=False
        )
        .values("dispatched_by", "dispatched_by__full_name", "dispatched_by__username")
        .annotate(blocks=Count("pk"))
        .order_by("-blocks")
    )


def target_labels():
    """[(key, label)] of the weekly targets, in the order of the settings."""
    labels = {
        "days_in_beat": _("Days in the beat"),
        **{figure.key: figure.label for figure in officer_figure_list()},
    }
    return [(key, labels[key]) for key in settings.WEEKLY_TARGETS]


def weekly_figures(officer_id, monday):
    """The week's figures against the weekly targets, for one officer."""
    sunday = monday + datetime.timedelta(days=6)
    days = (
        DutyBlock.objects.community()
        .filter(officer=officer_id, date__range=(monday, sunday))
        .values("date")
        .distinct()
        .count()
    )
    visits = officer_figures_for([officer_id], monday, sunday)[officer_id]
    actual = {"days_in_beat": days, **visits}
    return {key: (actual.get(key, 0), target) for key, target in settings.WEEKLY_TARGETS.items()}


def training_hours(officer_ids, year):
    """{officer_id: hours} of training in a calendar year."""
    hours = dict.fromkeys(officer_ids, 0)
    rows = (
        TrainingRecord.objects.filter(officer__in=list(officer_ids), date__year=year)
        .values("officer")
        .annotate(hours=Sum("hours"))
    )
    hours.update({row["officer"]: row["hours"] for row in rows})
    return hours

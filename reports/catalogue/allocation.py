"""警力配置表: per beat, the size and complexity figures, the workload index, and the
officers recommended against those posted (the allocation advisor of assignments)."""

from django.utils.translation import gettext_lazy as _

from assignments.models import Beat
from assignments.workload import allocations
from communitypolice.core.figures import beat_figure_list

from . import register
from .base import Column, Report


@register
class AllocationReport(Report):
    code = "allocation"
    order = 110
    title = _("Police-force allocation")
    description = _(
        "For each beat: its size and complexity, the workload index computed from them, "
        "and the number of officers recommended against those posted, with the shortfall."
    )
    definition = _(
        "Figures as at the moment the data was read (the period dates the report): people "
        "living in the beat (not moved out or deceased, not closed), of them floating "
        "population; houses and rented houses; organisations; people living in the beat "
        "with a current key-person designation; incidents reported and disputes found in "
        "the last 12 months. "
        "Workload index: the sum of each figure times the weight of the allocation rule in "
        "force for the station (the station's, its branch bureau's, its city bureau's, or the "
        "defaults); recommended officers: the index divided by the workload one officer "
        "carries, rounded up, at least one. Posted: officers (lead and assistant) in force on "
        "the day the data was read; shortfall: recommended minus posted, when positive."
    )

    def get_columns(self, params):
        figures = _("Size and complexity")
        columns = [Column(f.key, figures, f.label) for f in beat_figure_list()]
        officers = _("Officers")
        return columns + [
            Column("index", _("Workload index"), format="decimal"),
            Column("recommended", officers, _("Recommended")),
            Column("posted", officers, _("Posted")),
            Column("leads", officers, _("Lead officers")),
            Column("shortfall", officers, _("Shortfall")),
        ]

    def figures(self, params, beat_ids):
        return {
            row.beat.pk: {
                **row.figures,
                "index": row.index,
                "recommended": row.recommended,
                "posted": row.officers,
                "leads": row.leads,
                "shortfall": row.shortfall,
            }
            for row in allocations(Beat.objects.filter(pk__in=beat_ids))
        }

"""关爱对象走访情况表: care persons by category, the period's visits (on time or late),
visits overdue on the last day, designations started and ended."""

from django.utils.translation import gettext_lazy as _

from residents.models import CareCategory, CareDesignation

from . import register
from ._followups import categories_in_use, designation_figures, followup_columns, register_columns
from .base import Column, Report


@register
class CareReport(Report):
    code = "care"
    order = 25
    title = _("Care visit statistics")
    description = _(
        "People under care in each beat on the last day of the period, by category; the "
        "period's care visits, on time or late; visits overdue on the last day; care "
        "designations started and ended in the period."
    )
    definition = _(
        "Counted by the beat the person lived in on the period's last day, by the "
        "residence history (居住史), or their last beat before it if they left during the "
        "period; a later move does not change a past period's figures. "
        "Person-times: care designations, so a person in two care categories counts once "
        "in each; Number of persons counts each person once. Under care on the last day: "
        "designations started on or before the period's last day and not ended before it. "
        "Visits done: field visits of any kind that included the person on a day within "
        "the period while the designation was current, one per visit and designation. Done "
        "on time: the visit came no more than the visiting interval after the start of the "
        "designation or after an earlier visit; done late: the others. Visits overdue on "
        "the last day: designations under care on that day whose latest visit on or before "
        "it (or the recorded visit date), or the start when there was none, lies more than "
        "the interval before it. Newly under care and no longer under care: start date or "
        "end date within the period. Days run from 00:00 to 24:00 Beijing time."
    )

    def get_columns(self, params):
        care = _("Under care on the last day")
        categories = categories_in_use(CareCategory, CareDesignation)
        return [
            *register_columns(care),
            *(Column(f"cat_{category.code}", care, str(category)) for category in categories),
            *followup_columns(
                heading=_("Visits in the period"),
                done=_("Visits done"),
                overdue=_("Visits overdue on the last day"),
                changes=_("Care designations in the period"),
                started=_("Newly under care"),
                ended=_("No longer under care"),
            ),
        ]

    def figures(self, params, beat_ids):
        return designation_figures(CareDesignation, params.period, beat_ids)

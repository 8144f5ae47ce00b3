"""关爱对象走访情况表: care persons by category, the period's visits (on time or late),
visits overdue on the last day, designations started and ended."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from residents.models import CareCategory, CareDesignation

from . import register
from ._followups import followup_figures, overdue, under_control
from .base import Column, Report, by_beat, merge, rate
from .key_persons import categories_in_use, late


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
        "Counted by the beat of the person (the beat of their current house). "
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
        columns = [
            Column("persons", care, _("Number of persons")),
            Column("designations", care, _("Person-times")),
        ]
        columns += [
            Column(f"cat_{category.code}", care, str(category))
            for category in categories_in_use(CareCategory, CareDesignation)
        ]
        visits = _("Visits in the period")
        columns += [
            Column("followups", visits, _("Visits done")),
            Column("on_time", visits, _("Done on time")),
            Column("late", visits, _("Done late"), derive=late),
            Column(
                "on_time_rate",
                visits,
                _("On-time rate"),
                derive=rate("on_time", "followups"),
                format="percent",
            ),
            Column("overdue", _("Visits overdue on the last day")),
        ]
        changes = _("Care designations in the period")
        columns += [
            Column("started", changes, _("Newly under care")),
            Column("ended", changes, _("No longer under care")),
        ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        current = under_control(period.end)
        designations = CareDesignation.objects.all()
        counts = {
            "persons": Count("person", distinct=True, filter=current),
            "designations": Count("pk", filter=current),
            "overdue": Count("pk", filter=overdue(period.end, period.end_at)),
            "started": Count("pk", filter=period.date_q("start_date")),
            "ended": Count("pk", filter=period.date_q("end_date")),
        }
        by_category = {}
        rows = (
            designations.filter(current, person__beat__in=beat_ids)
            .order_by()
            .values("person__beat", "category__code")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            by_category.setdefault(row["person__beat"], {})[f"cat_{row['category__code']}"] = row[
                "n"
            ]
        return merge(
            by_beat(designations, beat_ids, beat_field="person__beat", **counts),
            by_category,
            followup_figures(designations, beat_ids, period),
        )

"""重点人员管控情况表: key persons under control by category × control level, the period's
follow-ups (on time or late), overdue follow-ups on the last day, designations started and
ended; and 重点人员逾期未回访名单, the named list of overdue follow-ups for a station's chief."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods
from communitypolice.core.templatetags.masking import mask_id
from residents.models import Designation, KeyPersonCategory, KeyPersonDesignation, beat_on

from . import register
from ._followups import (
    categories_in_use,
    designation_figures,
    followup_columns,
    last_visit,
    overdue,
    register_columns,
)
from .base import Column, ListReport, Period, Report

LEVELS = list(KeyPersonDesignation.Level)


@register
class KeyPersonReport(Report):
    code = "key_persons"
    order = 20
    title = _("Key person control statistics")
    description = _(
        "Key persons under control in each beat on the last day of the period, by category "
        "and control level; the period's follow-ups, on time or late; follow-ups overdue on "
        "the last day; designations started and ended in the period."
    )
    definition = _(
        "Counted by the beat the person lived in on the period's last day, by the "
        "residence history (居住史), or their last beat before it if they left during the "
        "period; a later move does not change a past period's figures. "
        "Person-times: key-person designations, so a person designated in two categories "
        "counts once in each; Number of persons counts each person once. Under control on "
        "the last day: designations started on or before the period's last day and not "
        "ended before it. Follow-ups done: field visits of any kind that included the "
        "person on a day within the period while the designation was current (recording "
        "any visit counts as the follow-up), one per visit and designation. Done on time: "
        "the visit came no more than the follow-up interval after the start of the "
        "designation or after an earlier follow-up visit; done late: the others. "
        "Follow-ups overdue on the last day: designations under control on that day whose "
        "latest follow-up on or before it (a visit, or the recorded follow-up date), or "
        "the start when there was none, lies more than the interval before it. Newly "
        "designated and released from control: start date or end date within the period. "
        "Days run from 00:00 to 24:00 Beijing time."
    )

    def get_columns(self, params):
        control = _("Under control on the last day")
        columns = register_columns(control)
        columns += [Column(f"level_{level.value}", control, level.label) for level in LEVELS]
        for category in categories_in_use(KeyPersonCategory, KeyPersonDesignation):
            columns += [
                Column(f"cat_{category.code}_{level.value}", str(category), level.label)
                for level in LEVELS
            ]
        return columns + followup_columns(
            heading=_("Follow-ups in the period"),
            done=_("Follow-ups done"),
            overdue=_("Follow-ups overdue on the last day"),
            changes=_("Designations in the period"),
            started=_("Newly designated"),
            ended=_("Released from control"),
        )

    def figures(self, params, beat_ids):
        current = Designation.current_q(params.period.end)
        by_level = {
            f"level_{level.value}": Count("pk", filter=current & Q(control_level=level))
            for level in LEVELS
        }
        # The category × level cells: one query grouped by beat, category and level.
        return designation_figures(
            KeyPersonDesignation,
            params.period,
            beat_ids,
            grid=("category__code", "control_level"),
            **by_level,
        )


@register
class OverdueKeyPersonList(ListReport):
    code = "key_persons_overdue"
    order = 21
    title = _("Overdue key-person follow-ups")
    description = _(
        "The key persons of the station whose follow-up was overdue on the last day of the "
        "period, with their responsible officer, most overdue first. Only for the station's "
        "chief; ID numbers are masked."
    )
    definition = _(
        "Key-person designations under control on the period's last day (started on or "
        "before it and not ended before it) whose next follow-up fell due before that day: "
        "the latest follow-up on or before that day (a field visit of any kind that "
        "included the person since the designation started, or the recorded follow-up "
        "date), or the start when there was none, plus the follow-up interval. Days past due "
        "are counted from the due date to the last day. Beijing time."
    )
    period_kinds = (Period.MONTH, Period.QUARTER, Period.WEEK, Period.CUSTOM)
    columns = [
        Column("beat", _("Beat"), format="text"),
        Column("name", _("Full name"), format="text", width=10),
        Column("id_number", _("ID number"), format="text", width=20),
        Column("category", _("Category"), format="text", width=18),
        Column("level", _("Control level"), format="text"),
        Column("officer", _("Responsible officer"), format="text"),
        Column("last_followup", _("Last follow-up"), format="text", width=12),
        Column("due", _("Follow-up due"), format="text", width=12),
        Column("days_overdue", _("Days past due"), total=None),
    ]

    def items(self, params, beats):
        period = params.period
        end = period.end
        # In the beat the person lived in on the last day (the residence history).
        designations = (
            KeyPersonDesignation.objects.annotate(beat_then=beat_on(end))
            .filter(beat_then__in=list(beats))
            .filter(overdue(end, period.end_at))
            .annotate(last_visit=last_visit(end, period.end_at))
            .select_related("person", "category", "responsible_officer")
        )
        rows = []
        for designation in designations:
            followed = [
                day
                for day in (
                    designation.last_visit and periods.local_date(designation.last_visit),
                    designation.last_followup,
                )
                if day and designation.start_date <= day <= end
            ]
            last = max(followed) if followed else None
            due = (last or designation.start_date) + datetime.timedelta(
                days=designation.interval_days
            )
            person = designation.person
            beat = beats[designation.beat_then]
            rows.append(
                (
                    (beat.code, due, person.name_pinyin, designation.pk),
                    {
                        "beat": beat.name,
                        "name": person.name,
                        "id_number": mask_id(person.id_number),
                        "category": str(designation.category),
                        "level": designation.get_control_level_display(),
                        "officer": str(designation.responsible_officer),
                        "last_followup": last.isoformat() if last else "",
                        "due": due.isoformat(),
                        "days_overdue": (end - due).days,
                    },
                )
            )
        return [item for _key, item in sorted(rows, key=lambda row: row[0])]

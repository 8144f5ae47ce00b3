"""实有单位统计表: organisations in the register by type, key units, the period's security
inspections, and key units due for inspection on the last day."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Visit
from places.models import Organization, OrganizationState, OrganizationType

from . import register
from .base import Column, Report, by_beat, merge


@register
class OrganizationReport(Report):
    code = "organizations"
    order = 35
    title = _("Organisations statistics")
    description = _(
        "Organisations in the register of each beat on the last day of the period by type, "
        "key units among them, the period's security inspections, and key units due for an "
        "inspection on the last day."
    )

    @property
    def definition(self):
        return _(
            "Organisations in the register on the period's last day, by the organisation "
            "history: registered by that day and not closed before 24:00 Beijing time on "
            "it, with the beat, type and key-unit status they had on that day, so later "
            "changes do not change a past period's figures. Inspections: field visits of "
            "the kind safety inspection (安全检查) within the period, one per visit and "
            "organisation visited, by the beat the organisation had at the end of the "
            "period, or on its last day in the register. Organisations inspected and key "
            "units inspected: organisations in the register during the period with such a "
            "visit within the period or a recorded last inspection date within it, each "
            "counted once. Due for inspection: key units in the register on the last "
            "day with neither such a visit nor a recorded inspection date in the %(days)d "
            "days up to and including that day. Days run from 00:00 to 24:00 Beijing time."
        ) % {"days": settings.KEY_UNIT_INSPECTION_DAYS}

    def get_columns(self, params):
        register_ = _("Organisations")
        columns = [Column("organizations", register_, _("Total"))]
        columns += [
            Column(f"type_{kind.code}", register_, str(kind))
            for kind in OrganizationType.objects.filter(
                Q(is_active=True) | Q(organization__isnull=False)
            )
            .distinct()
            .order_by("sort_order", "code")
        ]
        columns.append(Column("key_units", _("Key units")))
        inspections = _("Security inspections")
        columns += [
            Column("inspections", inspections, _("Inspections in the period")),
            Column("inspected", inspections, _("Organisations inspected")),
            Column("key_inspected", inspections, _("Key units inspected")),
            Column("key_due", inspections, _("Key units due on the last day")),
        ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        end = period.end
        on_last_day = OrganizationState.objects.on(end)
        register_counts = by_beat(
            on_last_day,
            beat_ids,
            organizations=Count("pk"),
            key_units=Count("pk", filter=Q(is_key_unit=True)),
            key_due=Count(
                "pk",
                filter=Q(is_key_unit=True) & ~Organization.inspected_q(end, "organization__"),
            ),
        )
        # By type: one query grouped by beat and type.
        by_type = {}
        rows = (
            on_last_day.filter(beat__in=beat_ids)
            .order_by()
            .values("beat", "type__code")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            by_type.setdefault(row["beat"], {})[f"type_{row['type__code']}"] = row["n"]
        # Inspections: each organisation's last span in the period, joined to its visits
        # (one row per visit).
        later_span = OrganizationState.objects.filter(
            organization=OuterRef("organization"),
            valid_from__gt=OuterRef("valid_from"),
            valid_from__lte=end,
        )
        last_spans = (
            OrganizationState.objects.overlapping(period.start, end)
            .filter(
                Q(organization__closed_at__isnull=True)
                | Q(organization__closed_at__gte=period.start_at)
            )
            .exclude(Exists(later_span))
        )
        visited = Q(organization__visits__kind=Visit.Kind.SAFETY) & period.datetime_q(
            "organization__visits__visited_at"
        )
        inspected = visited | period.date_q("organization__last_inspection")
        inspection_counts = by_beat(
            last_spans,
            beat_ids,
            inspections=Count("organization__visits", filter=visited),
            inspected=Count("organization", distinct=True, filter=inspected),
            key_inspected=Count(
                "organization", distinct=True, filter=inspected & Q(is_key_unit=True)
            ),
        )
        return merge(register_counts, by_type, inspection_counts)

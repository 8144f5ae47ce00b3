"""矛盾纠纷排查化解情况表: disputes found, mediated, resolved, transferred and overdue,
the resolution rate, by type and by risk."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods
from incidents.models import Dispute, Mediation

from . import register
from .base import Column, Report, by_beat

DAY = datetime.timedelta(days=1)


def closed_in(period, status):
    return Q(status=status) & period.date_q("resolved_on")


def resolution_rate(values):
    """Resolved ÷ (open at the start + found): the share of the period's caseload resolved."""
    caseload = (values.get("open_start") or 0) + (values.get("found") or 0)
    return round(100 * (values.get("resolved") or 0) / caseload, 1) if caseload else None


DEFINITION = _(
    "Disputes are counted in the beat recorded on them; days are whole days, Beijing "
    "time. Open at the start: found before the first day and not resolved or "
    "transferred before it. Found: found date within the period. Mediated: disputes "
    "with at least one mediation dated within the period. Resolved, transferred: "
    "disputes now resolved or transferred whose resolution (or transfer) date is within"
    " the period. Open at the end: found by the last day and not resolved or "
    "transferred by then. Overdue: open at the end of the last day (or today, while the"
    " period is running) and found longer ago than allowed for their risk (%(high)d "
    "days for high, %(medium)d for medium, %(low)d for low risk). Resolution rate: "
    "resolved ÷ (open at the start + found)."
)


@register
class DisputeReport(Report):
    code = "disputes"
    order = 70
    title = _("Dispute screening and resolution")
    description = _(
        "Disputes found, mediated, resolved, transferred and overdue in each beat, the "
        "resolution rate, and the disputes found and resolved by type and by risk."
    )

    @property
    def definition(self):
        return DEFINITION % settings.DISPUTE_OPEN_DAYS

    def get_columns(self, params):
        rate_column = Column("rate", _("Resolution rate"), derive=resolution_rate, format="percent")
        columns = [
            Column("open_start", _("Open at the start")),
            Column("found", _("Found")),
            Column("mediated", _("Mediated")),
            Column("resolved", _("Resolved")),
            Column("transferred", _("Transferred")),
            Column("open_end", _("Open at the end")),
            Column("overdue", _("Overdue")),
            rate_column,
        ]
        for kind in Dispute.Type:
            group = (_("By type"), kind.label)
            columns += [
                Column(f"found_type_{kind.value}", *group, _("Found")),
                Column(f"resolved_type_{kind.value}", *group, _("Resolved")),
            ]
        for risk in reversed(Dispute.Risk):  # high risk first
            group = (_("By risk"), risk.label)
            columns += [
                Column(f"found_risk_{risk.value}", *group, _("Found")),
                Column(f"resolved_risk_{risk.value}", *group, _("Resolved")),
                Column(f"overdue_risk_{risk.value}", *group, _("Overdue")),
            ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        # Overdue is a state at a moment: the period's last day, or today while it runs.
        reference_day = min(period.end, periods.today())
        found = period.date_q("found_on")
        resolved = closed_in(period, Dispute.Status.RESOLVED)
        overdue = Dispute.overdue_q(reference_day)
        mediated = Exists(Mediation.objects.filter(period.date_q("date"), dispute=OuterRef("pk")))
        counts = {
            "open_start": Count("pk", filter=Dispute.open_q(period.start - DAY)),
            "found": Count("pk", filter=found),
            "mediated": Count("pk", filter=Q(mediated)),
            "resolved": Count("pk", filter=resolved),
            "transferred": Count("pk", filter=closed_in(period, Dispute.Status.TRANSFERRED)),
            "open_end": Count("pk", filter=Dispute.open_q(period.end)),
            "overdue": Count("pk", filter=overdue),
        }
        for kind in Dispute.Type:
            counts[f"found_type_{kind.value}"] = Count("pk", filter=found & Q(type=kind))
            counts[f"resolved_type_{kind.value}"] = Count("pk", filter=resolved & Q(type=kind))
        for risk in Dispute.Risk:
            counts[f"found_risk_{risk.value}"] = Count("pk", filter=found & Q(risk=risk))
            counts[f"resolved_risk_{risk.value}"] = Count("pk", filter=resolved & Q(risk=risk))
            counts[f"overdue_risk_{risk.value}"] = Count("pk", filter=overdue & Q(risk=risk))
        # Nothing found after the last day enters any column.
        disputes = Dispute.objects.active().filter(found_on__lte=period.end)
        return by_beat(disputes, beat_ids, **counts)

"""社区民警工作情况表: per community officer, the share of community time against the
requirement, non-community duty and who dispatched it, visits, verifications, training."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assignments.duty import community_shares
from assignments.models import Assignment, DutyBlock, TrainingRecord, Verification
from communitypolice.accounts.models import User
from communitypolice.core.figures import officer_figures_for
from places.models import House, Organization
from residents.models import Person

from . import register
from .base import Column, Report, Row, Table, _complete, _sum, by_beat, rate


@register
class OfficerWorkReport(Report):
    code = "officer_work"
    order = 90
    title = _("Community officers' work")
    description = _(
        "For each community officer: the share of working time spent in the community "
        "against the requirement, days of non-community duty and who dispatched them, "
        "visits, records verified and training hours."
    )
    definition = _(
        "Officers: users with the community-officer role of each station of the unit. "
        "Working time: half days in the officer's duty log within the period; community "
        "time: half days logged as field visits, police office duty or community activities "
        "(a recorded visit fills an unlogged half day as a field visit); share = community "
        "half days ÷ logged half days. Non-community days: days with at least one half day "
        "of other duty; dispatchers: who the officer named for those half days. Visits: "
        "visits recorded by the officer in the period, with the distinct households and "
        "organisations visited. Verified: people, houses and organisations the officer "
        "checked in the period, by the verification history (each record once, however "
        "often it was checked; a later check by someone else does not take it away). "
        "Training: hours of training records dated in the period, and from 1 January of "
        "the period's last year to its last day. Days run from 00:00 to 24:00 Beijing time."
    )

    def get_columns(self, params):
        time = _("Community time")
        visits = _("Visits")
        return [
            Column("logged", time, _("Half days logged")),
            Column("community", time, _("In the community")),
            Column("share", time, _("Share"), derive=rate("community", "logged"), format="percent"),
            Column("below", time, _("Below the requirement"), total=None, format="text"),
            Column("away_days", _("Non-community duty"), _("Days")),
            Column(
                "dispatchers",
                _("Non-community duty"),
                _("Dispatched by"),
                total=None,
                format="text",
                width=24,
            ),
            Column("visits", visits, _("Number of visits")),
            Column("households_visited", visits, _("Households")),
            Column("organizations_visited", visits, _("Organisations visited")),
            Column("verified", _("Records verified")),
            Column("training", _("Training hours"), _("In the period"), format="decimal"),
            Column("training_year", _("Training hours"), _("This year"), format="decimal"),
        ]

    def officers(self, params):
        return list(
            User.objects.filter(
                role=User.Role.OFFICER, unit__in=params.unit.stations(), is_active=True
            )
            .select_related("unit")
            .order_by("unit__code", "username")
        )

    def figures_by_officer(self, params, officer_ids):
        period = params.period
        # The duty log's own definition of the share (assignments/duty.py).
        shares = community_shares(officer_ids, period.start, period.end)
        names = {}
        dispatched = (
            DutyBlock.objects.filter(
                officer__in=officer_ids,
                date__range=(period.start, period.end),
                dispatched_by__isnull=False,
            )
            .order_by()
            .values("officer", "dispatched_by__full_name", "dispatched_by__username")
            .annotate(blocks=Count("pk"))
            .order_by("officer", "-blocks")
        )
        for row in dispatched:
            name = row["dispatched_by__full_name"] or row["dispatched_by__username"]
            names.setdefault(row["officer"], []).append(
                gettext("%(name)s %(n)s half days") % {"name": name, "n": row["blocks"]}
            )
        visits = officer_figures_for(officer_ids, period.start, period.end)
        # Records checked in the period, from the verification history: a record checked
        # again later still counts for the officer who checked it then.
        kinds = ContentType.objects.get_for_models(Person, House, Organization).values()
        checks = (
            Verification.objects.filter(
                period.datetime_q("checked_at"), content_type__in=kinds, checked_by__in=officer_ids
            )
            .order_by()
            .values("checked_by", "content_type")
            .annotate(n=Count("object_id", distinct=True))
        )
        verified = {}
        for row in checks:
            verified[row["checked_by"]] = verified.get(row["checked_by"], 0) + row["n"]
        training = by_beat(
            TrainingRecord.objects.all(),
            officer_ids,
            beat_field="officer",
            training=Sum("hours", filter=period.date_q("date")),
            training_year=Sum(
                "hours",
                filter=Q(date__gte=period.end.replace(month=1, day=1), date__lte=period.end),
            ),
        )
        figures = {}
        for officer_id in officer_ids:
            share = shares[officer_id]
            values = {
                "logged": share.total,
                "community": share.community,
                "away_days": share.non_community_days,
                "below": gettext("yes") if share.below else "",
                **visits.get(officer_id, {}),
            }
            hours = training.get(officer_id, {})
            values["training"] = float(hours.get("training") or 0)
            values["training_year"] = float(hours.get("training_year") or 0)
            values["verified"] = verified.get(officer_id, 0)
            values["dispatchers"] = "; ".join(names.get(officer_id, []))
            figures[officer_id] = values
        return figures

    def build(self, params):
        """One row per officer, grouped by station (subtotals above a station)."""
        columns = self.get_columns(params)
        officers = self.officers(params)
        ids = [officer.pk for officer in officers]
        figures = self.figures_by_officer(params, ids) if ids else {}
        posts = {}
        for post in (
            Assignment.objects.filter(officer__in=ids)
            .filter(start_date__lte=params.period.end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=params.period.end))
            .select_related("beat")
            .order_by("role")
        ):
            posts.setdefault(post.officer_id, []).append(post.beat.name)
        by_station = not params.unit.is_station
        lead = (
            [_("Police station"), _("Officer"), _("Beat")]
            if by_station
            else [
                _("Officer"),
                _("Beat"),
            ]
        )
        table = Table(lead, columns)
        grand, station_rows, station = [], [], None
        for officer in officers + [None]:
            if station_rows and (officer is None or officer.unit_id != station.pk):
                if by_station:
                    values = _sum(columns, station_rows, {})
                    label = [station.name, gettext("Subtotal"), ""]
                    table.rows.append(Row("subtotal", f"station:{station.code}", label, values))
                station_rows = []
            if officer is None:
                break
            station = officer.unit
            values = _complete(columns, figures.get(officer.pk, {}))
            beats = "、".join(posts.get(officer.pk, [])) or "—"
            name = f"{officer} ({officer.badge_number})" if officer.badge_number else str(officer)
            label = [station.name, name, beats] if by_station else [name, beats]
            row = Row("beat", f"officer:{officer.username}", label, values)
            table.rows.append(row)
            station_rows.append(row)
            grand.append(row)
        values = _sum(columns, grand, {})
        label = [gettext("Total"), "", ""] if by_station else [gettext("Total"), ""]
        table.rows.append(Row("total", "total", label, values))
        return table

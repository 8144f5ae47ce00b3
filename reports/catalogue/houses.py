"""实有房屋及出租房屋统计表: houses in the register by use, and for rented houses their
tenants, group rentals and rental contracts ending soon or already ended."""

import datetime

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from places.models import HouseState, HouseUse
from residents.models import Stay

from . import register
from .base import Column, Report, by_beat, merge

# Contracts ending within this many days after the period's last day.
CONTRACT_DAYS = 30


@register
class HouseReport(Report):
    code = "houses"
    order = 30
    title = _("Houses and rented houses statistics")
    description = _(
        "Houses in the register of each beat on the last day of the period by use, and for "
        "rented houses: tenants, group rentals, and rental contracts ending within 30 days "
        "or already ended."
    )

    @property
    def definition(self):
        return _(
            "Houses (room level) in the register on the period's last day, by the house "
            "history: registered by that day and not closed before 24:00 Beijing time on "
            "it, with the beat, use, bedrooms, tenants and contract end they had on that "
            "day, so later changes do not change a past period's figures. Rented houses "
            "are those whose use is rented (出租). Tenants: the people registered as living "
            "in each rented house, or the number the landlord declared where it is larger; "
            "declared but not registered: that difference, which the freshness queue lists "
            "for checking. Group rentals (群租房): rented houses with more tenants than "
            "%(per_room)d per bedroom. Contracts ending: rented houses whose contract ends "
            "on the last day or within %(days)d days after it; contracts ended: rented "
            "houses whose contract ended before the last day."
        ) % {"per_room": settings.GROUP_RENTAL_MAX_PER_ROOM, "days": CONTRACT_DAYS}

    def get_columns(self, params):
        houses = _("Houses")
        columns = [Column("houses", houses, _("Total"))]
        columns += [
            Column(f"use_{use.code}", houses, str(use))
            for use in HouseUse.objects.filter(Q(is_active=True) | Q(house__isnull=False))
            .distinct()
            .order_by("sort_order", "code")
        ]
        rented = _("Rented houses")
        columns += [
            Column("tenants", rented, _("Tenants")),
            Column("undeclared", rented, _("Declared but not registered")),
            Column("group_rentals", rented, _("Group rentals")),
            Column("contracts_ending", rented, _("Contracts ending within 30 days")),
            Column("contracts_ended", rented, _("Contracts ended")),
        ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        end = period.end
        rented = Q(use__code=HouseUse.RENTED)
        # Tenants registered in each house on the last day, from the residence history:
        # the same people the population report counts.
        registered = Coalesce(
            Subquery(
                Stay.objects.living_on(end)
                .filter(house=OuterRef("house"))
                .order_by()
                .values("house")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
        houses = HouseState.objects.on(end).annotate(registered=registered)
        counts = {
            "houses": Count("pk"),
            "tenants": Sum("tenant_count", filter=rented, default=0),
            # The rule of HouseQuerySet.group_rentals, as a condition of the aggregate.
            "group_rentals": Count(
                "pk",
                filter=rented
                & Q(tenant_count__gt=F("room_count") * settings.GROUP_RENTAL_MAX_PER_ROOM),
            ),
            "contracts_ending": Count(
                "pk",
                filter=rented
                & Q(
                    contract_end__gte=end,
                    contract_end__lte=end + datetime.timedelta(days=CONTRACT_DAYS),
                ),
            ),
            "contracts_ended": Count("pk", filter=rented & Q(contract_end__lt=end)),
        }
        undeclared = by_beat(
            houses.filter(rented, declared_tenants__gt=F("registered")),
            beat_ids,
            undeclared=Sum(F("declared_tenants") - F("registered")),
        )
        # By use: one query grouped by beat and use.
        by_use = {}
        rows = (
            HouseState.objects.on(end)
            .filter(beat__in=beat_ids)
            .order_by()
            .values("beat", "use__code")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            by_use.setdefault(row["beat"], {})[f"use_{row['use__code']}"] = row["n"]
        return merge(by_beat(HouseState.objects.on(end), beat_ids, **counts), undeclared, by_use)

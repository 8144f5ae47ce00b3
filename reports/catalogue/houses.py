"""实有房屋及出租房屋统计表: houses in the register by use, and for rented houses their
tenants, group rentals and rental contracts ending soon or already ended."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from places.models import House, HouseUse

from . import register
from .base import Column, Report, by_beat, merge

# Contracts ending within this many days after the period's last day.
CONTRACT_DAYS = 30


def in_register_on(period):
    """Houses in the register at the end of the period's last day: not closed by then."""
    return Q(closed_at__isnull=True) | Q(closed_at__gte=period.end_at)


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
            "Houses (room level) in the register on the period's last day, by the beat of "
            "their address: registered and not closed before 24:00 Beijing time on that "
            "day. Use, tenants, bedrooms and contract dates are as currently recorded (the "
            "register keeps no history of them). Rented houses are those whose use is "
            "rented (出租). Tenants: the sum of the recorded number of tenants of rented "
            "houses. Group rentals (群租房): rented houses with more tenants than "
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
            Column("group_rentals", rented, _("Group rentals")),
            Column("contracts_ending", rented, _("Contracts ending within 30 days")),
            Column("contracts_ended", rented, _("Contracts ended")),
        ]
        return columns

    def figures(self, params, beat_ids):
        period = params.period
        end = period.end
        present = in_register_on(period)
        rented = present & Q(use__code=HouseUse.RENTED)
        houses = House.objects.all()
        counts = {
            "houses": Count("pk", filter=present),
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
        # By use: one query grouped by beat and use.
        by_use = {}
        rows = (
            houses.filter(present, beat__in=beat_ids)
            .order_by()
            .values("beat", "use__code")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            by_use.setdefault(row["beat"], {})[f"use_{row['use__code']}"] = row["n"]
        return merge(by_beat(houses, beat_ids, **counts), by_use)

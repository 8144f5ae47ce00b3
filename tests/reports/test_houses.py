"""实有房屋及出租房屋统计表: cells and totals against counts computed independently (plain
rows in Python, and HouseQuerySet.group_rentals for group rentals), per station and beat for
a branch bureau, the period's boundaries in Beijing time, and a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone

from places import services
from places.models import Address, House, HouseUse
from reports import catalogue
from reports.catalogue.base import Params
from tests.places.fixtures import REGISTERED
from tests.reports.helpers import OCTOBER, rows_by_key

END = OCTOBER.end
D = datetime.date
_rooms = iter(range(300, 900))


@pytest.fixture(autouse=True)
def group_rental_limit(settings):
    settings.GROUP_RENTAL_MAX_PER_ROOM = 2


def new_house(near, use, **fields):
    """A house in a new room next to the address ``near`` (same entrance, same beat)."""
    number = next(_rooms)
    room = services.add_address(
        parent=near.parent_address(),
        level=Address.Level.ROOM,
        name=f"{number}室",
        code=f"{near.code}-{number}",
    )
    return House.objects.create(
        registered_on=REGISTERED,
        address=room,
        beat=room.beat,
        use=HouseUse.objects.get(code=use),
        **fields,
    )


def close(house, at):
    House.objects.filter(pk=house.pk).update(closed_at=at)


@pytest.fixture
def houses(house_a, house_c):
    """House A (owner-occupied) and house C (rented: 2 tenants, 1 bedroom) from the
    fixtures, and rented houses around the limits of October 2026."""
    a, c = house_a.address, house_c.address
    made = {
        "ends_last_day": new_house(a, "rented", room_count=2, declared_tenants=4, contract_end=END),
        "group_ends_in_30": new_house(
            a, "rented", room_count=1, declared_tenants=3, contract_end=END + datetime.timedelta(30)
        ),
        "ends_in_31": new_house(
            a, "rented", room_count=1, declared_tenants=2, contract_end=END + datetime.timedelta(31)
        ),
        "group_ended": new_house(
            a, "rented", room_count=2, declared_tenants=5, contract_end=END - datetime.timedelta(1)
        ),
        "vacant_closed": new_house(a, "vacant"),
        "rented_closed": new_house(a, "rented", room_count=1, declared_tenants=9, contract_end=END),
        "business": new_house(c, "business"),
    }
    # Closed at 00:00 after the last day: still in the register on the last day.
    close(made["group_ended"], OCTOBER.end_at)
    # Closed at 23:59:59 on the last day: no longer.
    close(made["vacant_closed"], OCTOBER.end_at - datetime.timedelta(seconds=1))
    close(made["rented_closed"], OCTOBER.end_at - datetime.timedelta(seconds=1))
    return made


def expected_by_beat(period):
    end = period.end
    present_ids = {
        house.pk
        for house in House.objects.all()
        if house.closed_at is None or timezone.localtime(house.closed_at).date() > end
    }
    group_ids = set(House.objects.group_rentals().values_list("pk", flat=True))
    figures = {}
    for house in House.objects.select_related("use").filter(pk__in=present_ids):
        row = figures.setdefault(house.beat_id, {})

        def add(key, n=1, row=row):
            row[key] = row.get(key, 0) + n

        add("houses")
        add(f"use_{house.use.code}")
        if house.use.code == "rented":
            registered = house.residents.filter(closed_at=None, residence_status="present")
            add("tenants", max(registered.count(), house.declared_tenants))
            add("undeclared", max(house.declared_tenants - registered.count(), 0))
            add("group_rentals", int(house.pk in group_ids))
            if house.contract_end and end <= house.contract_end <= end + datetime.timedelta(30):
                add("contracts_ending")
            if house.contract_end and house.contract_end < end:
                add("contracts_ended")
    return figures


def test_branch_report_matches_independent_counts(branch, beat_a, beat_b, beat_c, houses):
    table = catalogue.get("houses").build(Params(branch, OCTOBER))
    rows = rows_by_key(table)
    expected = expected_by_beat(OCTOBER)
    keys = [c.key for c in table.columns]
    for beat in (beat_a, beat_b, beat_c):
        got, want = rows[f"beat:{beat.code}"].values, expected.get(beat.pk, {})
        assert got == {k: want.get(k, 0) for k in keys}, beat
    for station, beats in ((beat_a.station, ("A01", "A02")), (beat_c.station, ("C01",))):
        subtotal = rows[f"station:{station.code}"].values
        for key in keys:
            assert subtotal[key] == sum(rows[f"beat:{code}"].values[key] for code in beats)
    total = rows["total"].values
    for key in keys:
        assert total[key] == sum(v.get(key, 0) for v in expected.values()), key
    assert sum(total[k] for k in keys if k.startswith("use_")) == total["houses"]


def test_hand_counted_figures_and_boundaries(branch, houses):
    rows = rows_by_key(catalogue.get("houses").build(Params(branch, OCTOBER)))
    a, c = rows["beat:A01"].values, rows["beat:C01"].values
    # Beat A: the owner-occupied house and four rented ones (one closed at 00:00 after
    # the last day still counts; two closed at 23:59:59 on it do not).
    assert a["houses"] == 5 and a["use_owner"] == 1 and a["use_rented"] == 4
    assert a["use_vacant"] == 0
    assert a["tenants"] == 4 + 3 + 2 + 5
    assert a["group_rentals"] == 2  # 3 in 1 bedroom, 5 in 2; 4 in 2 is not above the limit
    assert a["contracts_ending"] == 2  # on the last day and 30 days after; not 31
    assert a["contracts_ended"] == 1  # the day before the last day
    assert c["houses"] == 2 and c["use_rented"] == 1 and c["use_business"] == 1
    assert c["tenants"] == 2 and c["group_rentals"] == 0


def test_group_rental_limit_is_read_from_the_settings(branch, settings, houses):
    settings.GROUP_RENTAL_MAX_PER_ROOM = 1
    total = rows_by_key(catalogue.get("houses").build(Params(branch, OCTOBER)))["total"]
    assert total.values["group_rentals"] == 5  # every rented house above 1 per bedroom
    assert "1" in str(catalogue.get("houses").definition)

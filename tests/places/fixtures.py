"""A small address tree over the named beats of the root conftest.

和平街道 (no beat)
├── 樱花社区 (beat A) ── 樱花园小区 ── 1号楼 ── 1单元 ── 101室, 102室, 201室
└── 东湖社区 (beat C, the other station) ── 东湖花园 ── 1号楼 ── 1单元 ── 101室

``district_a`` adds a district's worth of records to beat A, for the pages that must
cost the same whatever the size of the register.
"""

import datetime

import pytest
from django.utils import timezone

from places import services
from places.models import Address, House, HouseUse, Item, ItemKind, Organization, OrganizationType

VALID_USCC = "91110000600037341L"


@pytest.fixture
def street(db):
    return services.add_address(
        level=Address.Level.STREET, name="和平街道", code="S1", district="示范市和平区"
    )


@pytest.fixture
def community_a(street, beat_a):
    return services.add_address(
        parent=street, level=Address.Level.COMMUNITY, name="樱花社区", code="S1-01", beat=beat_a
    )


@pytest.fixture
def building_a(community_a):
    compound = services.add_address(
        parent=community_a, level=Address.Level.COMPOUND, name="樱花园小区", code="S1-01-01"
    )
    return services.add_address(
        parent=compound, level=Address.Level.BUILDING, name="1号楼", code="S1-01-01-01"
    )


@pytest.fixture
def rooms_a(building_a):
    entrance = services.add_address(
        parent=building_a, level=Address.Level.ENTRANCE, name="1单元", code="S1-01-01-01-1"
    )
    return [
        services.add_address(
            parent=entrance, level=Address.Level.ROOM, name=name, code=f"S1-01-01-01-1-{name}"
        )
        for name in ["101室", "102室", "201室"]
    ]


@pytest.fixture
def room_c(street, beat_c):
    community = services.add_address(
        parent=street, level=Address.Level.COMMUNITY, name="东湖社区", code="S1-02", beat=beat_c
    )
    node = community
    for level, name in [
        (Address.Level.COMPOUND, "东湖花园"),
        (Address.Level.BUILDING, "1号楼"),
        (Address.Level.ENTRANCE, "1单元"),
        (Address.Level.ROOM, "101室"),
    ]:
        node = services.add_address(parent=node, level=level, name=name, code=f"{node.code}-x")
    return node


# The fixtures' records were registered long before the periods the tests report on.
REGISTERED = datetime.date(2020, 1, 1)


def use(code):
    return HouseUse.objects.get(code=code)


@pytest.fixture
def house_a(rooms_a, officer):
    room = rooms_a[0]
    return House.objects.create(
        registered_on=REGISTERED,
        address=room,
        beat=room.beat,
        use=use("owner"),
        owner_name="王芳",
        verified_at=timezone.now() - datetime.timedelta(days=100),
        verified_by=officer,
    )


@pytest.fixture
def house_c(room_c):
    return House.objects.create(
        registered_on=REGISTERED,
        address=room_c,
        beat=room_c.beat,
        use=use("rented"),
        declared_tenants=2,
        room_count=1,
    )


@pytest.fixture
def organization_a(building_a):
    return Organization.objects.create(
        registered_on=REGISTERED,
        name="樱花便利店",
        type=OrganizationType.objects.get(code="individual"),
        address=building_a,
        beat=building_a.beat,
    )


@pytest.fixture
def organization_c(room_c):
    return Organization.objects.create(
        registered_on=REGISTERED,
        name="东湖网络会所",
        type=OrganizationType.objects.get(code="internet_cafe"),
        address=room_c,
        beat=room_c.beat,
    )


@pytest.fixture
def item_a(building_a):
    return Item.objects.create(
        registered_on=REGISTERED,
        kind=ItemKind.objects.get(code="camera"),
        identifier="CAM-1",
        address=building_a,
        beat=building_a.beat,
        camera_view="小区北门",
    )


@pytest.fixture
def item_c(room_c):
    return Item.objects.create(
        registered_on=REGISTERED,
        kind=ItemKind.objects.get(code="vehicle"),
        identifier="浙A12345",
        address=room_c,
        beat=room_c.beat,
    )


# A district's worth of beat A, written in bulk: 3,000 rooms, each a house, and 300
# organisations and 300 items. (A real beat holds fewer; a form sees a whole station.)
DISTRICT_COMPOUNDS, DISTRICT_BUILDINGS, DISTRICT_ENTRANCES, DISTRICT_ROOMS = 10, 10, 2, 15


@pytest.fixture
def district_a(beat_a):
    """Beat A's district: 梅林街道, its compounds, buildings and rooms, each room a house."""
    street = services.add_address(
        level=Address.Level.STREET, name="梅林街道", code="M", district="示范市梅林区", beat=beat_a
    )
    nodes, rooms = [], []

    def node(parent, position, level, name, code, children):
        address = Address(
            path=Address._get_path(parent.path, parent.depth + 1, position),
            depth=parent.depth + 1,
            numchild=children,
            level=level,
            name=name,
            code=code,
        )
        address.full_name = address.name_under(parent)
        address.beat = parent.beat
        nodes.append(address)
        return address

    street.numchild = DISTRICT_COMPOUNDS
    street.save(update_fields=["numchild"])
    for c in range(1, DISTRICT_COMPOUNDS + 1):
        compound = node(
            street, c, Address.Level.COMPOUND, f"梅林{c}区", f"M{c}", DISTRICT_BUILDINGS
        )
        for b in range(1, DISTRICT_BUILDINGS + 1):
            building = node(
                compound,
                b,
                Address.Level.BUILDING,
                f"{b}号楼",
                f"{compound.code}-{b}",
                DISTRICT_ENTRANCES,
            )
            for e in range(1, DISTRICT_ENTRANCES + 1):
                entrance = node(
                    building,
                    e,
                    Address.Level.ENTRANCE,
                    f"{e}单元",
                    f"{building.code}-{e}",
                    DISTRICT_ROOMS,
                )
                for r in range(1, DISTRICT_ROOMS + 1):
                    name = f"{(r + 1) // 2}0{2 - r % 2}室"
                    rooms.append(
                        node(entrance, r, Address.Level.ROOM, name, f"{entrance.code}-{r}", 0)
                    )
    Address.objects.bulk_create(nodes, batch_size=1000)
    owner = use("owner")
    houses = House.objects.bulk_create(
        [
            House(
                registered_on=REGISTERED,
                address=room,
                beat=room.beat,
                use=owner,
                owner_name=f"业主{n}",
            )
            for n, room in enumerate(rooms)
        ],
        batch_size=1000,
    )
    buildings = [address for address in nodes if address.level == Address.Level.BUILDING]
    shop = OrganizationType.objects.get(code="individual")
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                registered_on=REGISTERED,
                name=f"梅林商店{n}",
                type=shop,
                address=buildings[n % len(buildings)],
                beat=street.beat,
            )
            for n in range(300)
        ]
    )
    camera = ItemKind.objects.get(code="camera")
    Item.objects.bulk_create(
        [
            Item(
                registered_on=REGISTERED,
                kind=camera,
                identifier=f"MLC-{n}",
                address=buildings[n % len(buildings)],
                beat=street.beat,
            )
            for n in range(300)
        ]
    )
    return {"street": street, "houses": houses, "organizations": organizations}

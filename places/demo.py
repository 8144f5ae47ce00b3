"""Demo addresses, houses, organisations and items for seed_demo.

Each beat covers one community with two compounds of two or three buildings
(two entrances, six floors, two rooms a floor); about a quarter of the houses
are rented, a few of them group rentals. Deterministic: the same data every run.
"""

import datetime
import random
from importlib import import_module

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from assignments.models import Beat, record_checks
from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.verification import CheckMethod

from . import services
from .models import Address, House, HouseUse, Item, ItemKind, Organization, OrganizationType

STREETS = [
    # station code, street code, district, street name, communities (beat code, name)
    (
        "330102510000",
        "330102001",
        "示范市和平区",
        "和平街道",
        [
            ("330102510001", "樱花社区"),
            ("330102510002", "和平里社区"),
            ("330102510003", "新华社区"),
        ],
    ),
    (
        "330102520000",
        "330102002",
        "示范市和平区",
        "樱花路街道",
        [("330102520001", "东湖社区"), ("330102520002", "滨河社区"), ("330102520003", "樱桃社区")],
    ),
]
COMPOUND_NAMES = [
    "樱花园小区",
    "和平家园",
    "新华里小区",
    "东湖花园",
    "滨河苑",
    "樱桃小区",
    "翠竹园",
    "金桂苑",
    "锦绣家园",
    "阳光小区",
    "春晖里",
    "幸福里",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
]
ORGANIZATIONS = [
    # type code, name pattern, key unit reason
    ("individual", "{c}便利店", ""),
    ("enterprise", "{c}物业服务有限公司", ""),
    ("school", "{c}小学", "学校，师生人数多"),
    ("internet_cafe", "{c}网络会所", "上网服务场所"),
    ("hotel", "{c}快捷酒店", "旅馆业，实名登记"),
    ("petrol", "{c}加油站", "易燃易爆场所"),
    ("logistics", "{c}快递驿站", "物流寄递，实名收寄"),
    ("finance", "{c}银行营业网点", "金融机构"),
]
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

# Registration dates come from a generator of their own, so that adding them left the
# rest of the demo as it was.
REGISTRATION_DATES = random.Random(7)


def seed():
    REGISTRATION_DATES.seed(7)
    # The code tables come from a data migration; a flushed database (the browser
    # tests empty theirs) has lost them, so put the defaults back first.
    import_module("places.migrations.0002_seed_code_tables").seed(django_apps, None)
    rng = random.Random(2026)
    if Address.objects.exists():
        return 0
    with transaction.atomic():
        created = _seed(rng)
        # Created with their last check set: write it into the verification history.
        for model in (House, Organization, Item):
            record_checks(model.objects.all(), method=CheckMethod.VISIT)
        return created


def _seed(rng):
    created = 0
    uses = {u.code: u for u in HouseUse.objects.all()}
    types = {t.code: t for t in OrganizationType.objects.all()}
    kinds = {k.code: k for k in ItemKind.objects.all()}
    beats = {b.code: b for b in Beat.objects.all()}
    officer = User.objects.filter(role=User.Role.OFFICER).first()
    now = timezone.now()
    compound_names = iter(COMPOUND_NAMES)
    for _station, street_code, district, street_name, communities in STREETS:
        street = services.add_address(
            level=Address.Level.STREET, name=street_name, code=street_code, district=district
        )
        created += 1
        for c_index, (beat_code, community_name) in enumerate(communities, start=1):
            beat = beats[beat_code]
            community = services.add_address(
                parent=street,
                level=Address.Level.COMMUNITY,
                name=community_name,
                code=f"{street_code}{c_index:03d}",
                beat=beat,
            )
            created += 1
            for k in range(1, 3):
                compound_name = next(compound_names)
                compound = services.add_address(
                    parent=community,
                    level=Address.Level.COMPOUND,
                    name=compound_name,
                    code=f"{community.code}{k:02d}",
                )
                created += 1
                created += _compound(rng, compound, uses, kinds, now, officer)
            created += _organizations(rng, community, types, kinds, now, officer)
    return created


def _person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _resident_id(rng):
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 50))
    body = f"330102{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _phone(rng):
    return f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}"


def _plate(rng):
    letters = rng.choice(PLATE_LETTERS)
    if rng.random() < 0.3:  # a new-energy plate
        return f"浙{letters}D{rng.randrange(10**5):05d}"
    return f"浙{letters}{rng.randrange(10**5):05d}"


def _compound(rng, compound, uses, kinds, now, officer):
    created = 0
    today = periods.today()
    for b in range(1, rng.choice([2, 3]) + 1):
        building = services.add_address(
            parent=compound,
            level=Address.Level.BUILDING,
            name=f"{b}号楼",
            code=f"{compound.code}{b:02d}",
        )
        created += 1
        for e in (1, 2):
            entrance = services.add_address(
                parent=building,
                level=Address.Level.ENTRANCE,
                name=f"{e}单元",
                code=f"{building.code}{e}",
            )
            created += 1
            for floor in range(1, 7):
                for door in (1, 2):
                    room = services.add_address(
                        parent=entrance,
                        level=Address.Level.ROOM,
                        name=f"{floor}0{door}室",
                        code=f"{entrance.code}{floor:02d}{door:02d}",
                    )
                    created += 1
                    if rng.random() < 0.08:
                        continue  # not registered yet: the grid shows it
                    created += _house(rng, room, uses, today, now, officer)
    gate = compound.below().filter(level=Address.Level.BUILDING).first()
    Item.objects.create(
        kind=kinds["camera"],
        identifier=f"CAM-{compound.code[-6:]}",
        address=gate,
        beat=gate.beat,
        description="高清球机",
        camera_view=f"{compound.name}北门及停车场入口",
        verified_at=now,
        verified_by=officer,
    )
    return created + 1


def _house(rng, room, uses, today, now, officer):
    roll = rng.random()
    use = (
        "rented"
        if roll < 0.25
        else "vacant"
        if roll < 0.33
        else "business"
        if roll < 0.36
        else "owner"
    )
    # Registered up to seven years ago, and checked at some time since.
    registered = today - datetime.timedelta(days=REGISTRATION_DATES.randrange(60, 2500))
    house = House(
        registered_on=registered,
        address=room,
        beat=room.beat,
        use=uses[use],
        owner_name=_person(rng),
        owner_id_number=_resident_id(rng),
        owner_phone=_phone(rng),
        area=rng.choice([56, 68, 75, 89, 96, 110, 128]),
        room_count=rng.choice([1, 2, 2, 3]),
        verified_at=now
        - datetime.timedelta(days=min(rng.randrange(0, 500), (today - registered).days)),
        verified_by=officer,
    )
    if use == "rented":
        house.landlord_contact = f"{house.owner_name} {house.owner_phone}"
        house.declared_tenants = rng.randint(1, house.room_count * 2)
        if rng.random() < 0.08:
            house.declared_tenants = house.room_count * 2 + rng.randrange(3, 9)  # a group rental
        house.contract_end = today + datetime.timedelta(days=rng.randrange(-30, 365))
    house.save()
    return 1


def _organizations(rng, community, types, kinds, now, officer):
    created = 0
    buildings = list(community.below().filter(level=Address.Level.BUILDING))
    for index, (type_code, pattern, key_reason) in enumerate(rng.sample(ORGANIZATIONS, 5)):
        address = rng.choice(buildings)
        body = f"91330102MA{rng.randrange(10**6):06d}{rng.choice('0123456789')}"
        registered = periods.today() - datetime.timedelta(
            days=REGISTRATION_DATES.randrange(400, 2500)
        )
        org = Organization.objects.create(
            registered_on=registered,
            name=pattern.format(c=community.name.removesuffix("社区")),
            credit_code=body + uscc.calc_check_digit(body),
            type=types[type_code],
            is_key_unit=bool(key_reason),
            key_reason=key_reason,
            address=address,
            beat=address.beat,
            legal_representative=_person(rng),
            security_contact=_person(rng),
            security_phone=_phone(rng),
            employee_count=rng.randrange(2, 120),
            last_inspection=periods.today() - datetime.timedelta(days=rng.randrange(10, 400)),
            inspection_result=rng.choice(["passed", "passed", "rectify"]),
            verified_at=now - datetime.timedelta(days=rng.randrange(0, 400)),
            verified_by=officer,
        )
        created += 1
        if index < 2:
            Item.objects.create(
                kind=kinds["vehicle"],
                identifier=_plate(rng),
                description="单位公务车辆",
                owner_organization=org,
                address=address,
                beat=address.beat,
                verified_at=now,
                verified_by=officer,
            )
            created += 1
    return created

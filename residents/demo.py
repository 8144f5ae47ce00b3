"""Demo people for seed_demo: families in owner-occupied houses, tenants (流动人口) in
rented ones, a few foreign nationals, and key and care persons with follow-ups due
and overdue. ID numbers are generated with correct check digits."""

import datetime
import random
from importlib import import_module

from django.apps import apps as django_apps
from django.utils import timezone
from stdnum.cn import ric

from assignments.history import start_history
from assignments.models import Assignment, record_checks
from communitypolice.core import periods
from communitypolice.core.identifiers import parse_resident_id
from communitypolice.core.verification import CheckMethod
from places.models import House, HouseUse

from .models import (
    CareCategory,
    CareDesignation,
    Ethnicity,
    KeyPersonCategory,
    KeyPersonDesignation,
    Person,
)
from .pinyin import search_keys

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文单"
)
MALE = [
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "明",
    "超",
    "刚",
    "平",
    "辉",
    "建国",
    "志强",
    "海涛",
    "建华",
    "俊杰",
    "浩然",
    "子轩",
    "宇航",
    "国庆",
    "振华",
    "文博",
    "天佑",
]
FEMALE = [
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "秀英",
    "桂英",
    "玉兰",
    "海燕",
    "婷婷",
    "雨涵",
    "欣怡",
    "梓涵",
    "思雨",
    "晓燕",
    "丽华",
    "春梅",
    "淑珍",
    "美玲",
]
LOCAL_AREA = "330102"
HOME_AREAS = ["410102", "510104", "420102", "340102", "360102", "430102", "450102", "500103"]
FOREIGNERS = [("John Smith", "M"), ("Anna Müller", "F"), ("Tanaka Yuki", "F"), ("Kim Minjun", "M")]
JOBS = ["快递员", "外卖骑手", "保洁员", "厨师", "销售", "工人", "教师", "司机", "个体经营", "退休"]

# Registration dates come from a generator of their own, so that adding them left the
# rest of the demo as it was.
REGISTRATION_DATES = random.Random(8)


def seed():
    REGISTRATION_DATES.seed(8)
    # The code tables come from a data migration; a flushed database (the browser
    # tests empty theirs) has lost them, so put the defaults back first.
    import_module("residents.migrations.0002_seed_code_tables").seed(django_apps, None)
    if Person.objects.exists():
        return 0
    _issued.clear()
    rng = random.Random(4)
    ethnic = {e.code: e for e in Ethnicity.objects.all()}
    houses = list(House.objects.select_related("use", "beat").order_by("pk"))
    people = []
    for house in houses:
        if house.use.code == HouseUse.RENTED:
            people += _tenants(rng, house, ethnic)
        elif house.use.code in ("owner", "business"):
            people += _family(rng, house, ethnic)
    for person in people:  # bulk_create skips save(): derive the keys here
        for field, value in search_keys(person.name).items():
            setattr(person, field, value)
    Person.objects.bulk_create(people, batch_size=500)
    start_history(Person.objects.all())
    House.objects.refresh_tenants()
    record_checks(Person.objects.all(), method=CheckMethod.VISIT)
    return len(people) + _designations(rng)


_issued = set()


def _id_number(rng, area, birth, gender):
    while True:
        sequence = rng.randrange(0, 100) * 10 + (
            rng.choice([1, 3, 5, 7, 9]) if gender == "M" else rng.choice([0, 2, 4, 6, 8])
        )
        body = f"{area}{birth:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        # Our own check (python-stdnum's would refuse most area codes for older
        # birth years, see core.identifiers), and no number twice.
        parse_resident_id(number)
        if number not in _issued:
            _issued.add(number)
            return number


def _birth(rng, youngest, oldest):
    today = periods.today()
    return today - datetime.timedelta(days=rng.randrange(youngest * 365 + 1, oldest * 365))


def _person(rng, house, ethnic, *, surname=None, gender=None, age=(20, 70), **fields):
    gender = gender or rng.choice("MF")
    surname = surname or rng.choice(SURNAMES)
    birth = _birth(rng, *age)
    area = fields.pop("area", LOCAL_AREA)
    now = timezone.now()
    today = periods.today()
    # Registered some time after the house, and checked at some time since.
    registered = min(
        house.registered_on + datetime.timedelta(days=REGISTRATION_DATES.randrange(0, 900)), today
    )
    known_for = (today - registered).days
    return Person(
        registered_on=registered,
        name=surname + rng.choice(MALE if gender == "M" else FEMALE),
        gender=gender,
        birth_date=birth,
        ethnicity=ethnic["01"]
        if rng.random() < 0.93
        else ethnic[rng.choice(["03", "11", "08", "10"])],
        id_type=Person.IdType.RESIDENT_ID,
        id_number=_id_number(rng, area, birth, gender),
        phone=f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}" if age[0] >= 16 else "",
        house=house,
        beat=house.beat,
        household_address=house.address.full_name if area == LOCAL_AREA else "",
        verified_at=now - datetime.timedelta(days=min(rng.randrange(0, 600), known_for)),
        **fields,
    )


def _family(rng, house, ethnic):
    surname = rng.choice(SURNAMES)
    head_gender = rng.choice("MM F")
    people = [
        _person(
            rng,
            house,
            ethnic,
            surname=surname,
            gender=head_gender.strip() or "F",
            category=Person.Category.REGISTERED,
            relationship=Person.Relationship.HEAD,
            occupation=rng.choice(JOBS),
        )
    ]
    if rng.random() < 0.75:
        people.append(
            _person(
                rng,
                house,
                ethnic,
                gender="F" if people[0].gender == "M" else "M",
                category=Person.Category.REGISTERED,
                relationship=Person.Relationship.SPOUSE,
            )
        )
    for _ in range(rng.choice([0, 1, 1, 2])):
        people.append(
            _person(
                rng,
                house,
                ethnic,
                surname=surname,
                age=(1, 25),
                category=Person.Category.REGISTERED,
                relationship=Person.Relationship.CHILD,
            )
        )
    if rng.random() < 0.2:
        people.append(
            _person(
                rng,
                house,
                ethnic,
                surname=surname,
                age=(65, 92),
                category=Person.Category.REGISTERED,
                relationship=Person.Relationship.PARENT,
                occupation="退休",
            )
        )
    return people


def _tenants(rng, house, ethnic):
    people = []
    today = periods.today()
    for index in range(min(house.declared_tenants, 6)):
        if rng.random() < 0.04:
            name, gender = rng.choice(FOREIGNERS)
            birth = _birth(rng, 22, 50)
            people.append(
                Person(
                    name=name,
                    gender=gender,
                    birth_date=birth,
                    id_type=Person.IdType.PASSPORT,
                    id_number=f"E{rng.randrange(10**7, 10**8)}",
                    category=Person.Category.FOREIGN,
                    house=house,
                    beat=house.beat,
                    occupation="外籍教师",
                    relationship=Person.Relationship.HEAD
                    if index == 0
                    else Person.Relationship.OTHER,
                    arrival_date=today - datetime.timedelta(days=rng.randrange(30, 700)),
                    verified_at=timezone.now() - datetime.timedelta(days=rng.randrange(0, 200)),
                )
            )
            continue
        people.append(
            _person(
                rng,
                house,
                ethnic,
                age=(18, 55),
                area=rng.choice(HOME_AREAS),
                category=Person.Category.FLOATING,
                occupation=rng.choice(JOBS[:8]),
                relationship=Person.Relationship.HEAD if index == 0 else Person.Relationship.OTHER,
                arrival_date=today - datetime.timedelta(days=rng.randrange(20, 900)),
                arrival_reason=rng.choice(["work", "work", "work", "business", "study", "family"]),
                permit_expiry=today + datetime.timedelta(days=rng.randrange(-20, 400)),
            )
        )
    return people


def _designations(rng):
    created = 0
    today = periods.today()
    key_categories = list(KeyPersonCategory.objects.exclude(code="other"))
    care = {c.code: c for c in CareCategory.objects.all()}
    leads = dict(
        Assignment.objects.active_on(today)
        .filter(role=Assignment.Role.LEAD)
        .values_list("beat_id", "officer_id")
    )
    adults = Person.objects.filter(
        birth_date__lte=today - datetime.timedelta(days=365 * 20),
        birth_date__gte=today - datetime.timedelta(days=365 * 60),
    )
    for person in adults.order_by("pk")[::60]:
        officer_id = leads.get(person.beat_id)
        if officer_id is None:
            continue
        interval = rng.choice([7, 14, 30])
        KeyPersonDesignation(
            person=person,
            category=rng.choice(key_categories),
            control_level=rng.choice([1, 2, 3]),
            reason="依规列管",
            start_date=today - datetime.timedelta(days=rng.randrange(60, 700)),
            interval_days=interval,
            responsible_officer_id=officer_id,
            # some followed up lately, some overdue
            last_followup=today - datetime.timedelta(days=rng.randrange(0, interval * 2)),
        ).save()
        created += 1
    elderly = Person.objects.filter(birth_date__lte=today - datetime.timedelta(days=365 * 70))
    for person in elderly.order_by("pk")[::4]:
        CareDesignation(
            person=person,
            category=care["elderly_alone"],
            reason="子女在外地，独自居住",
            start_date=today - datetime.timedelta(days=rng.randrange(30, 500)),
            interval_days=30,
            last_followup=today - datetime.timedelta(days=rng.randrange(0, 50)),
        ).save()
        created += 1
    children = Person.objects.filter(birth_date__gte=today - datetime.timedelta(days=365 * 14))
    for person in children.order_by("pk")[::25]:
        CareDesignation(
            person=person,
            category=care["left_behind"],
            reason="父母在外务工，由祖辈照看",
            start_date=today - datetime.timedelta(days=rng.randrange(30, 300)),
            interval_days=30,
            last_followup=today - datetime.timedelta(days=rng.randrange(0, 45)),
        ).save()
        created += 1
    return created

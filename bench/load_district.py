"""Load a district-sized dataset into the benchmark database (issue 7, item 9).

One branch bureau with 6 stations × 10 beats; per beat one community of 8 compounds ×
8 buildings × 2 entrances × 12 rooms (about 104,000 standard addresses in all), a house
in 92% of the rooms, 100 organisations, 3,400 people (204,000 in all) and, over the 13
months from October 2025 to October 2026, 65,000 incidents (so that October 2026, the
month the benchmark reports on, has a previous month and the same month last year).

Written with ``bulk_create`` in batches; the fields that ``save()`` would derive (the
pinyin of people's names, treebeard's paths) are set here as ``save()`` would. Random
but deterministic (a fixed seed). Idempotent: when the district is loaded already it
only says so; ``--reset`` empties the benchmark database first.

    createdb -h 127.0.0.1 -U postgres communitypolice_bench
    .venv/bin/python bench/load_district.py [--reset]
"""

import argparse
import datetime
import random
import time
from collections import defaultdict

import common

BATCH = 5000
DATA_UNTIL = datetime.date(2026, 11, 20)  # the day the data "was read"
INCIDENTS_FROM = datetime.date(2025, 10, 1)
INCIDENTS_UNTIL = datetime.date(2026, 10, 31)

STATION_NAMES = ["东湖", "西溪", "南屏", "北山", "中河", "文华"]
NUMERALS = "一二三四五六七八九十"
COMPOUNDS = ["花园", "家园", "新村", "雅苑", "小区", "公寓", "名邸", "里"]
COMPOUND_WORDS = ["翠竹", "金桂", "锦绣", "阳光", "春晖", "幸福", "和睦", "丽景"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
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
    "子涵",
    "浩然",
    "欣怡",
    "梓轩",
]
HOMETOWNS = ["安徽省阜阳市", "河南省周口市", "江西省上饶市", "四川省南充市", "湖北省黄冈市"]
OCCUPATIONS = ["职员", "个体经营", "工人", "教师", "学生", "退休", "快递员", "厨师", ""]
ORGANIZATIONS = [
    # type code, name pattern, weight, key unit reason
    ("individual", "{c}便利店", 40, ""),
    ("enterprise", "{c}贸易有限公司", 30, ""),
    ("school", "{c}小学", 3, "学校，师生人数多"),
    ("hospital", "{c}社区卫生服务站", 2, "医疗机构"),
    ("hotel", "{c}快捷酒店", 5, "旅馆业，实名登记"),
    ("internet_cafe", "{c}网络会所", 3, "上网服务场所"),
    ("entertainment", "{c}KTV", 3, "娱乐场所"),
    ("finance", "{c}银行营业网点", 3, "金融机构"),
    ("petrol", "{c}加油站", 1, "易燃易爆场所"),
    ("logistics", "{c}快递驿站", 6, "物流寄递，实名收寄"),
    ("other", "{c}服务部", 4, ""),
]
INCIDENT_TYPES = {
    "criminal": 8,
    "public_order": 12,
    "dispute": 25,
    "help": 30,
    "traffic": 10,
    "fire": 1,
    "suspicious": 8,
    "other": 6,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help="empty the benchmark database first")
    parser.add_argument("--people", type=int, default=204_000, help="people in all")
    parser.add_argument("--incidents", type=int, default=65_000, help="incidents in all")
    parser.add_argument("--organizations", type=int, default=100, help="organisations per beat")
    args = parser.parse_args()

    name = common.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from communitypolice.accounts.models import Unit

    started = time.perf_counter()
    if args.reset:
        print(f"Emptying {name} …")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    if Unit.objects.filter(code=common.BRANCH_CODE).exists():
        print(f"The district is loaded in {name} already (use --reset to load it again):")
        print_counts()
        return
    with transaction.atomic():
        District(random.Random(2026), args).load()
    step("committed")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE")
    print(f"Loaded into {name} in {time.perf_counter() - started:.0f} s:")
    print_counts()


_last = [time.perf_counter()]


def step(label):
    now = time.perf_counter()
    print(f"  {label} (+{now - _last[0]:.1f} s)", flush=True)
    _last[0] = now


def print_counts():
    from assignments.models import Beat
    from incidents.models import Incident
    from places.models import Address, House, Organization
    from residents.models import Person

    for model in (Beat, Address, House, Organization, Person, Incident):
        print(f"  {model._meta.verbose_name_plural}: {model.objects.count():,}")


def weighted(rng, table):
    """A key of ``{key: weight}`` picked by weight."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


class District:
    def __init__(self, rng, args):
        self.rng = rng
        self.args = args
        from communitypolice.core import periods

        self.tz = periods.zone()
        self.day_start = periods.day_start
        self.now = periods.at(DATA_UNTIL, datetime.time(18))

    def load(self):
        self.units()
        self.addresses()
        self.houses()
        self.organizations()
        self.people()
        self.history()
        self.incidents()
        self.verifications()

    def verifications(self):
        """The verification history: each record's last check (loaded in ``verified_at``)."""
        from assignments.models import record_checks
        from communitypolice.core.verification import CheckMethod
        from places.models import House, Organization
        from residents.models import Person

        for model in (House, Organization, Person):
            record_checks(model.objects.all(), method=CheckMethod.VISIT)
        step("verifications")

    def moment(self, day, seconds=None):
        """An aware instant on ``day`` (Beijing time), at a random second unless given."""
        if seconds is None:
            seconds = self.rng.randrange(86400)
        return self.day_start(day) + datetime.timedelta(seconds=seconds)

    def days_ago(self, low, high):
        return DATA_UNTIL - datetime.timedelta(days=self.rng.randrange(low, high))

    # --- units, beats, users

    def units(self):
        from assignments.models import Beat
        from communitypolice.accounts.models import Unit, User

        city = Unit.objects.create(name="示范市公安局", code=common.CITY_CODE, kind=Unit.Kind.CITY)
        branch = Unit.objects.create(
            name="基准分局", code=common.BRANCH_CODE, kind=Unit.Kind.BRANCH, parent=city
        )
        stations = Unit.objects.bulk_create(
            Unit(
                name=f"{STATION_NAMES[i]}派出所",
                code=common.station_code(i + 1),
                kind=Unit.Kind.STATION,
                parent=branch,
            )
            for i in range(common.STATIONS)
        )
        self.beats = Beat.objects.bulk_create(
            Beat(
                station=station,
                name=f"{station.name.removesuffix('派出所')}第{NUMERALS[n - 1]}警务区",
                code=common.beat_code(station.code, n),
                office=f"{station.name.removesuffix('派出所')}{NUMERALS[n - 1]}社区警务室",
            )
            for station in stations
            for n in range(1, common.BEATS_PER_STATION + 1)
        )
        users = [
            User(
                username="bench_analyst",
                full_name="分析员",
                unit=branch,
                role=User.Role.ANALYST,
                password="!",
            )
        ]
        users += [
            User(
                username=f"bench_chief_{s.code}",
                full_name=f"{s.name}所长",
                unit=s,
                role=User.Role.CHIEF,
                password="!",
            )
            for s in stations
        ]
        self.officer = {}
        for beat in self.beats:
            officer = User(
                username=f"bench_officer_{beat.code}",
                full_name=f"{beat.name}民警",
                unit=beat.station,
                role=User.Role.OFFICER,
                password="!",
            )
            users.append(officer)
            self.officer[beat.pk] = officer
        User.objects.bulk_create(users)
        step(f"{len(stations)} stations, {len(self.beats)} beats, {len(users)} users")

    # --- standard addresses

    def addresses(self):
        from places.models import Address

        def node(parent, number, level, name, code, beat=None, children=0):
            path = Address._get_path(parent.path if parent else None, level, number)
            address = Address(
                path=path,
                depth=level,
                numchild=children,
                level=level,
                name=name,
                code=code,
                district="" if parent else "示范市基准区",
                beat_override=beat,
            )
            address.full_name = address.name_under(parent)
            address.beat = address.beat_under(parent)
            nodes.append(address)
            return address

        nodes = []
        self.rooms = defaultdict(list)  # beat pk -> room addresses
        self.buildings = defaultdict(list)
        for s, station_beats in enumerate(self._by_station(), 1):
            station = station_beats[0].station
            street = node(
                None,
                s,
                1,
                f"{station.name.removesuffix('派出所')}街道",
                f"S{station.code}",
                children=len(station_beats),
            )
            for b, beat in enumerate(station_beats, 1):
                community = node(
                    street, b, 2, f"{beat.name[:-3]}社区", f"C{beat.code}", beat=beat, children=8
                )
                for c in range(1, 9):
                    name = COMPOUND_WORDS[(b + c) % 8] + COMPOUNDS[c - 1]
                    compound = node(community, c, 3, name, f"{community.code}{c}", children=8)
                    for d in range(1, 9):
                        code = f"{compound.code}{d}"
                        building = node(compound, d, 4, f"{d}号楼", code, children=2)
                        self.buildings[beat.pk].append(building)
                        for e in (1, 2):
                            entrance = node(
                                building, e, 5, f"{e}单元", f"{building.code}{e}", children=12
                            )
                            for floor in range(1, 7):
                                for door in (1, 2):
                                    room = node(
                                        entrance,
                                        (floor - 1) * 2 + door,
                                        6,
                                        f"{floor}0{door}室",
                                        f"{entrance.code}{floor:02d}{door:02d}",
                                    )
                                    self.rooms[beat.pk].append(room)
        Address.objects.bulk_create(nodes, batch_size=BATCH)
        step(f"{len(nodes):,} standard addresses")

    def _by_station(self):
        groups = defaultdict(list)
        for beat in self.beats:
            groups[beat.station_id].append(beat)
        return list(groups.values())

    # --- houses and organisations

    def houses(self):
        from places.models import House, HouseUse

        rng = self.rng
        uses = {u.code: u for u in HouseUse.objects.all()}
        houses = []
        for beat in self.beats:
            for room in self.rooms[beat.pk]:
                if rng.random() < 0.08:
                    continue  # not registered yet
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
                house = House(
                    registered_on=self.days_ago(400, 3000),
                    address=room,
                    beat=beat,
                    use=uses[use],
                    owner_name=self.name(),
                    area=rng.choice([56, 68, 75, 89, 96, 110, 128]),
                    room_count=rng.choice([1, 2, 2, 3]),
                    verified_at=self.moment(self.days_ago(0, 500)),
                    verified_by=self.officer[beat.pk],
                )
                if use == "rented":
                    house.declared_tenants = rng.randint(1, house.room_count * 2)
                    if rng.random() < 0.08:  # a group rental
                        house.declared_tenants = house.room_count * 2 + rng.randrange(3, 9)
                    house.contract_end = DATA_UNTIL + datetime.timedelta(
                        days=rng.randrange(-30, 365)
                    )
                houses.append(house)
        House.objects.bulk_create(houses, batch_size=BATCH)
        self.occupied = defaultdict(list)
        for house in houses:
            if house.use.code != "vacant":
                self.occupied[house.beat_id].append(house)
        step(f"{len(houses):,} houses")

    def organizations(self):
        from stdnum.cn import uscc

        from places.models import Organization, OrganizationType

        rng = self.rng
        types = {t.code: t for t in OrganizationType.objects.all()}
        weights = {row: row[2] for row in ORGANIZATIONS}
        organizations = []
        for beat in self.beats:
            for n in range(self.args.organizations):
                type_code, pattern, _weight, key_reason = weighted(rng, weights)
                body = f"91330902MA{len(organizations):07d}"
                organizations.append(
                    Organization(
                        registered_on=self.days_ago(400, 3000),
                        beat=beat,
                        name=pattern.format(c=f"{beat.name[:-3]}{n + 1}号"),
                        credit_code=body + uscc.calc_check_digit(body),
                        type=types[type_code],
                        is_key_unit=bool(key_reason),
                        key_reason=key_reason,
                        address=rng.choice(self.buildings[beat.pk]),
                        legal_representative=self.name(),
                        security_contact=self.name(),
                        employee_count=rng.randrange(1, 200),
                        last_inspection=self.days_ago(0, 400) if rng.random() < 0.7 else None,
                        verified_at=self.moment(self.days_ago(0, 400)),
                        verified_by=self.officer[beat.pk],
                    )
                )
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        self.employers = defaultdict(list)
        for organization in organizations:
            self.employers[organization.beat_id].append(organization)
        step(f"{len(organizations):,} organisations")

    # --- people

    _pinyin = {}

    def name(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def search_keys(self, name):
        """What ``Person.save()`` derives from the name (memoised: names repeat)."""
        if name not in self._pinyin:
            from residents.pinyin import search_keys

            self._pinyin[name] = search_keys(name)
        return self._pinyin[name]

    def people(self):
        from stdnum.cn import ric

        from residents.models import Ethnicity, Person

        rng = self.rng
        han = Ethnicity.objects.filter(name__startswith="汉").first()
        ethnicities = list(Ethnicity.objects.all())
        categories = {
            Person.Category.REGISTERED: 70,
            Person.Category.FLOATING: 25,
            Person.Category.UNREGISTERED: 4,
            Person.Category.FOREIGN: 1,
        }
        statuses = {
            Person.ResidenceStatus.PRESENT: 88,
            Person.ResidenceStatus.AWAY: 5,
            Person.ResidenceStatus.MOVED_OUT: 5,
            Person.ResidenceStatus.DECEASED: 2,
        }
        relationships = list(Person.Relationship)
        reasons = list(Person.ArrivalReason)
        serial = defaultdict(int)  # (birth date, gender) -> people with that ID prefix
        per_beat = self.args.people // len(self.beats)
        total = 0
        batch = []
        for beat in self.beats:
            homes = self.occupied[beat.pk]
            employers = self.employers[beat.pk]
            for _n in range(per_beat):
                house = rng.choice(homes)
                name = self.name()
                gender = Person.Gender.MALE if rng.random() < 0.51 else Person.Gender.FEMALE
                born = DATA_UNTIL - datetime.timedelta(days=rng.randrange(0, 90 * 365))
                category = weighted(rng, categories)
                status = weighted(rng, statuses)
                person = Person(
                    beat=beat,
                    house=house,
                    name=name,
                    gender=gender,
                    birth_date=born,
                    ethnicity=han if rng.random() < 0.95 else rng.choice(ethnicities),
                    category=category,
                    relationship=rng.choice(relationships),
                    residence_status=status,
                    phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                    occupation=rng.choice(OCCUPATIONS),
                    verified_at=self.moment(self.days_ago(0, 730)),
                    verified_by=self.officer[beat.pk],
                )
                for field, value in self.search_keys(name).items():
                    setattr(person, field, value)
                person.registered_on = max(house.registered_on, born)
                if category == Person.Category.FOREIGN:
                    person.id_type = Person.IdType.PASSPORT
                    person.id_number = f"E{total:08d}"
                else:
                    # 17th digit odd for a man, even for a woman, as on a real card.
                    key = (born, gender)
                    sequence = 2 * serial[key] + (gender == Person.Gender.MALE)
                    serial[key] += 1
                    body = f"330902{born:%Y%m%d}{sequence:03d}"
                    person.id_number = body + ric.calc_check_digit(body + "0")
                if category == Person.Category.REGISTERED:
                    person.household_address = house.address.full_name
                    if rng.random() < 0.3:
                        person.arrival_date = max(born, self.days_ago(0, 20 * 365))
                else:
                    person.household_address = rng.choice(HOMETOWNS)
                    person.arrival_date = max(born, self.days_ago(0, 3 * 365))
                    person.arrival_reason = rng.choice(reasons)
                    if category == Person.Category.FLOATING:
                        person.permit_expiry = person.arrival_date + datetime.timedelta(
                            days=365 * rng.randint(1, 3)
                        )
                if person.arrival_date:
                    person.registered_on = max(person.registered_on, person.arrival_date)
                if status in Person.GONE or status == Person.ResidenceStatus.AWAY:
                    since = max(person.arrival_date or born, person.registered_on)
                    person.status_date = max(since, self.days_ago(0, 730))
                if employers and rng.random() < 0.2:
                    person.employer = rng.choice(employers)
                if rng.random() < 0.005:
                    person.closed_at = self.moment(self.days_ago(0, 365))
                    person.close_reason = "重复登记"
                batch.append(person)
                total += 1
                if len(batch) == BATCH:
                    Person.objects.bulk_create(batch)
                    batch = []
        Person.objects.bulk_create(batch)
        step(f"{total:,} people")

    def history(self):
        """The dated history the loader's bulk inserts skipped: one span per record, and
        rentals' tenants counted from the people registered in them."""
        from assignments.history import start_history
        from places.models import House, Organization
        from residents.models import Person

        House.objects.filter(use__code="rented").refresh_tenants()
        spans = sum(start_history(model.objects.all()) for model in (House, Organization, Person))
        step(f"{spans:,} history spans")

    # --- incidents

    def incidents(self):
        from incidents.models import Incident, IncidentCounter, IncidentType

        rng = self.rng
        types = {t.code: t for t in IncidentType.objects.all()}
        weights = {beat: rng.uniform(0.4, 1.6) for beat in self.beats}
        first = self.moment(INCIDENTS_FROM, 0)
        span = int((self.moment(INCIDENTS_UNTIL, 86399) - first).total_seconds())
        moments = sorted(
            first + datetime.timedelta(seconds=rng.randrange(span))
            for _n in range(self.args.incidents)
        )
        counters = defaultdict(int)
        beats = rng.choices(list(weights), weights=list(weights.values()), k=len(moments))
        batch = []
        for reported, beat in zip(moments, beats, strict=True):
            kind = types[weighted(rng, INCIDENT_TYPES)]
            year = reported.astimezone(self.tz).year
            counters[(beat.station, year)] += 1
            number = f"JQ-{beat.station.code}-{year}-{counters[(beat.station, year)]:06d}"
            address = rng.choice(self.rooms[beat.pk])
            incident = Incident(
                beat=beat,
                number=number,
                type=kind,
                reported_at=reported,
                occurred_at=reported - datetime.timedelta(minutes=rng.randrange(0, 360)),
                address=address,
                summary=f"{address.full_name}报{kind.name}，民警到场处置。",
                handling_officer=self.officer[beat.pk],
            )
            age = self.now - reported
            if age > datetime.timedelta(days=10) or rng.random() < 0.3:
                incident.status = Incident.Status.CLOSED
                incident.handling_started_at = reported + datetime.timedelta(minutes=20)
                incident.submitted_at = reported + datetime.timedelta(hours=rng.randrange(1, 48))
                incident.closed_on = incident.submitted_at + datetime.timedelta(hours=4)
            elif rng.random() < 0.5:
                incident.status = Incident.Status.HANDLING
                incident.handling_started_at = reported + datetime.timedelta(minutes=20)
            batch.append(incident)
            if len(batch) == BATCH:
                Incident.objects.bulk_create(batch)
                batch = []
        Incident.objects.bulk_create(batch)
        IncidentCounter.objects.bulk_create(
            IncidentCounter(station=station, year=year, last=last)
            for (station, year), last in counters.items()
        )
        step(f"{len(moments):,} incidents")


if __name__ == "__main__":
    main()

"""Demo events for seed_demo: a year of incidents with a seasonal pattern, disputes in
every state, tips of each level (some overdue) and recent field visits."""

import datetime
import math
import random
from importlib import import_module

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from assignments.models import Assignment, record_checks
from communitypolice.core import periods
from communitypolice.core.verification import CheckMethod
from places.models import Address, House, Organization
from residents.models import Person

from .models import (
    Dispute,
    Incident,
    IncidentCounter,
    IncidentStep,
    IncidentType,
    Mediation,
    Tip,
    Visit,
)
from .services import raise_tip, record_visit

# Relative weight of each type, and the months it peaks in (traffic in winter, fire
# in the dry season, disputes around holidays).
TYPE_WEIGHTS = {
    "help": 30,
    "dispute": 20,
    "public_order": 14,
    "traffic": 12,
    "criminal": 8,
    "suspicious": 8,
    "fire": 3,
    "other": 5,
}
SUMMARIES = {
    "help": ["老人走失，家属求助", "钥匙反锁屋内求助", "醉酒人员倒地求助"],
    "dispute": ["邻里噪音纠纷", "停车位纠纷", "家庭矛盾报警"],
    "public_order": ["酒后滋事", "小区内打架斗殴", "商铺门前吵闹"],
    "traffic": ["小区门口车辆剐蹭", "电动车与行人相撞", "倒车撞到护栏"],
    "criminal": ["电动车被盗", "入室盗窃", "电信网络诈骗"],
    "suspicious": ["陌生人在楼道徘徊", "可疑人员撬门", "深夜可疑车辆停留"],
    "fire": ["楼道电动车充电起火", "厨房油锅起火"],
    "other": ["宠物扰民", "高空抛物"],
}


def seed():
    # The code tables come from a data migration; a flushed database (the browser
    # tests empty theirs) has lost them, so put the defaults back first.
    import_module("incidents.migrations.0002_seed_incident_types").seed(django_apps, None)
    if Incident.objects.exists():
        return 0
    rng = random.Random(5)
    with transaction.atomic():
        created = _incidents(rng) + _disputes(rng) + _tips(rng) + _visits(rng)
        # Created with their check at registration set: write it into the history.
        for model in (Incident, Dispute, Tip, Visit):
            record_checks(model.objects.all(), method=CheckMethod.REGISTRATION)
        return created


def _season(month):
    # More incidents in summer evenings and around the Spring Festival.
    return 1 + 0.35 * math.sin((month - 4) / 12 * 2 * math.pi) + (0.3 if month in (1, 2) else 0)


def _incidents(rng):
    types = {t.code: t for t in IncidentType.objects.all()}
    leads = _leads()
    now = timezone.now()
    counters = {}
    created = 0
    compounds = list(
        Address.objects.filter(level=Address.Level.BUILDING, beat__isnull=False).select_related(
            "beat__station"
        )
    )
    for days_ago in range(365, -1, -1):
        day = now - datetime.timedelta(days=days_ago)
        local = periods.local(day)
        for _ in range(_poisson(rng, 0.9 * _season(local.month))):
            address = rng.choice(compounds)
            code = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
            reported = day.replace(hour=rng.randrange(7, 23), minute=rng.randrange(60))
            if reported > now:
                reported = now - datetime.timedelta(minutes=rng.randrange(10, 300))
            station = address.beat.station
            year = periods.local(reported).year
            counters[(station, year)] = counters.get((station, year), 0) + 1
            officer_id = leads.get(address.beat_id)
            if officer_id is None:
                continue
            age = now - reported
            status = (
                Incident.Status.CLOSED
                if age > datetime.timedelta(days=10)
                else rng.choice(list(Incident.Status))
            )
            incident = Incident.objects.create(
                number=f"JQ-{station.code}-{year}-{counters[(station, year)]:06d}",
                type=types[code],
                reported_at=reported,
                occurred_at=reported - datetime.timedelta(minutes=rng.randrange(5, 90)),
                address=address,
                beat=address.beat,
                summary=rng.choice(SUMMARIES[code]),
                status=status,
                handling_officer_id=officer_id,
                verified_at=reported,
                verified_by_id=officer_id,
                closed_on=reported + datetime.timedelta(days=rng.randrange(1, 8))
                if status == Incident.Status.CLOSED
                else None,
            )
            IncidentStep.objects.create(
                incident=incident, from_status="", to_status=status, by_id=officer_id, at=reported
            )
            created += 1
    for (station, year), last in counters.items():
        IncidentCounter.objects.update_or_create(
            station=station, year=year, defaults={"last": last}
        )
    return created


def _poisson(rng, rate):
    count, threshold, product = 0, math.exp(-rate), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _leads():
    return dict(
        Assignment.objects.active_on(periods.today())
        .filter(role=Assignment.Role.LEAD)
        .values_list("beat_id", "officer_id")
    )


def _disputes(rng):
    leads = _leads()
    today = periods.today()
    created = 0
    buildings = list(Address.objects.filter(level=Address.Level.BUILDING, beat__isnull=False))
    parties = [
        "3楼住户与4楼住户",
        "业主与物业公司",
        "夫妻双方",
        "工人与包工头",
        "两家商户",
        "房东与租客",
    ]
    for index in range(36):
        address = rng.choice(buildings)
        officer_id = leads.get(address.beat_id)
        if officer_id is None:
            continue
        status = list(Dispute.Status)[index % 4]
        found = today - datetime.timedelta(days=rng.randrange(1, 120))
        dispute = Dispute.objects.create(
            type=rng.choice(list(Dispute.Type)),
            parties=rng.choice(parties),
            description="双方因琐事产生矛盾，经走访发现。",
            address=address,
            beat=address.beat,
            risk=rng.choice(list(Dispute.Risk)),
            status=status,
            found_on=found,
            responsible_officer_id=officer_id,
            verified_at=timezone.now(),
            resolved_on=found + datetime.timedelta(days=rng.randrange(1, 20))
            if status in (Dispute.Status.RESOLVED, Dispute.Status.TRANSFERRED)
            else None,
        )
        if status != Dispute.Status.FOUND:
            Mediation.objects.create(
                dispute=dispute,
                date=found + datetime.timedelta(days=1),
                by="社区民警、社区调委会",
                result="双方各让一步，达成初步共识",
            )
        created += 1
    return created


def _tips(rng):
    from communitypolice.accounts.models import User

    created = 0
    leads = _leads()
    contents = {
        Tip.Level.WARNING: ("群体性事件", "有业主在群内号召明日到售楼处聚集维权"),
        Tip.Level.SIGN: ("矛盾激化苗头", "邻里纠纷双方近日多次争吵，有动手迹象"),
        Tip.Level.TENDENCY: ("治安倾向", "夜间小区周边电动车被盗有增多趋势"),
    }
    buildings = list(Address.objects.filter(level=Address.Level.BUILDING, beat__isnull=False))
    for index in range(18):
        address = rng.choice(buildings)
        officer_id = leads.get(address.beat_id)
        if officer_id is None:
            continue
        level = list(Tip.Level)[index % 3]
        category, content = contents[level]
        tip = raise_tip(
            tip=Tip(
                level=level,
                category=category,
                content=content,
                source=rng.choice(list(Tip.Source)),
                beat=address.beat,
            ),
            by=User.objects.get(pk=officer_id),
            addresses=[address],
        )
        if index % 2:  # an older one: overdue, or handled
            raised = timezone.now() - datetime.timedelta(days=rng.randrange(2, 20))
            allowed = tip.due_at - tip.created_at
            # Warnings are handled within the day; lesser tips may linger, or run late.
            handled = level == Tip.Level.WARNING or rng.random() < 0.5
            Tip.objects.filter(pk=tip.pk).update(
                created_at=raised,
                due_at=raised + allowed,
                status=Tip.Status.HANDLED if handled else Tip.Status.NEW,
                handled_at=min(raised + allowed * rng.uniform(0.2, 1.3), timezone.now())
                if handled
                else None,
            )
        created += 1
    return created


def _working_hours(rng):
    """A moment in the working hours of one of the last 25 weekdays (not today)."""
    day = periods.today()
    for _ in range(rng.randrange(1, 26)):
        day -= datetime.timedelta(days=1)
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
    return periods.at(day, datetime.time(9)) + datetime.timedelta(minutes=rng.randrange(480))


def _visits(rng):
    from communitypolice.accounts.models import User

    created = 0
    for beat_id, officer_id in _leads().items():
        officer = User.objects.get(pk=officer_id)
        people = list(Person.objects.filter(beat_id=beat_id).order_by("?")[:12])
        houses = list(House.objects.filter(beat_id=beat_id, use__code="rented").order_by("?")[:4])
        orgs = list(Organization.objects.filter(beat_id=beat_id)[:2])
        for index, person in enumerate(people):
            visit = Visit(
                kind=Visit.Kind.ROUTINE if index % 3 else Visit.Kind.CARE,
                visited_at=_working_hours(rng),
                findings="人员在家，情况正常",
                beat_id=beat_id,
            )
            record_visit(
                visit=visit,
                by=officer,
                persons=[person],
                houses=houses[:1] if index < len(houses) else [],
                organizations=orgs[:1] if index == 0 else [],
            )
            created += 1
    return created

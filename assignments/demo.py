"""Demo beats, posts, duty logs and training for seed_demo.

Dates are relative to the day the demo is loaded, so that "three months in the post",
"past the minimum tenure" and "this month's community share" stay true whenever it is.
"""

import datetime
import math
import random
from decimal import Decimal

from django.utils import timezone

from communitypolice.accounts.models import Unit, User
from communitypolice.core import periods

from .models import (
    AllocationRule,
    Assignment,
    Beat,
    DutyBlock,
    TrainingRecord,
    TransferRequest,
)

BEATS = [
    # code, name, station code, office
    ("330102510001", "和平街第一警务区", "330102510000", "樱花社区警务室（樱花园小区1号楼底商）"),
    ("330102510002", "和平街第二警务区", "330102510000", "和平里社区警务室"),
    ("330102510003", "和平街第三警务区", "330102510000", "新华社区警务室"),
    ("330102520001", "樱花路第一警务区", "330102520000", "樱花路社区警务室"),
    ("330102520002", "樱花路第二警务区", "330102520000", "东湖社区警务室"),
    ("330102520003", "樱花路第三警务区", "330102520000", "滨河社区警务室"),
]

LEAD, ASSISTANT = Assignment.Role.LEAD, Assignment.Role.ASSISTANT
DAYS = datetime.timedelta

# officer, beat code, role, start (days ago, or a date), end (days ago) or None
POSTS = [
    ("officer3", "330102520002", LEAD, datetime.date(2021, 3, 1), datetime.date(2023, 6, 14)),
    ("officer1", "330102510001", LEAD, datetime.date(2024, 3, 1), None),
    ("officer5", "330102510001", ASSISTANT, datetime.date(2025, 4, 1), None),
    ("officer2", "330102510002", LEAD, 95, None),
    ("officer4", "330102510003", LEAD, datetime.date(2022, 5, 16), None),
    ("officer3", "330102520001", LEAD, datetime.date(2023, 6, 15), None),
    ("officer6", "330102520002", LEAD, datetime.date(2023, 6, 15), None),
    ("officer7", "330102520003", LEAD, 240, None),
]

# The share of each officer's working half days spent in the community, and who
# pulls them away: officer1 just above the two thirds required, officer3 and officer4
# below it.
DUTY = {
    "officer1": (0.69, "chief1"),
    "officer2": (0.8, "chief1"),
    "officer4": (0.6, "chief1"),
    "officer5": (0.85, "chief1"),
    "officer3": (0.55, "analyst"),
    "officer6": (0.75, "chief2"),
    "officer7": (0.72, "chief2"),
}
DUTY_DAYS = 100
COMMUNITY = [
    DutyBlock.Kind.VISIT,
    DutyBlock.Kind.VISIT,
    DutyBlock.Kind.OFFICE,
    DutyBlock.Kind.COMMUNITY_EVENT,
]
AWAY = [
    DutyBlock.Kind.STANDBY,
    DutyBlock.Kind.OPERATION,
    DutyBlock.Kind.NON_POLICE,
    DutyBlock.Kind.OTHER,
]

COURSES = [
    ("社区警务工作规范", Decimal("16")),
    ("矛盾纠纷排查化解实务", Decimal("8")),
    ("警务信息系统操作", Decimal("4")),
    ("现场急救与处置", Decimal("12")),
    ("执法规范化培训", Decimal("24")),
]


def _day(value, today):
    return today - DAYS(days=value) if isinstance(value, int) else value


def seed():
    created = 0
    today = periods.today()
    stations = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.STATION)}
    users = {u.username: u for u in User.objects.all()}
    beats = {}
    for code, name, station_code, office in BEATS:
        beats[code], new = Beat.objects.get_or_create(
            code=code, defaults={"name": name, "station": stations[station_code], "office": office}
        )
        created += new
    if Assignment.objects.exists():
        return created
    # The demo's beats are small samples of real ones, so the branch bureau's rule
    # scales the workload one officer carries down with them.
    AllocationRule.objects.create(
        unit=Unit.objects.get(code="330102000000"),
        weights={},
        index_per_officer=1200,
        note="示范数据：社区规模按比例缩小",
    )
    for username, beat_code, role, start, end in POSTS:
        Assignment.objects.create(
            officer=users[username],
            beat=beats[beat_code],
            role=role,
            start_date=_day(start, today),
            end_date=end,
        )
        created += 1
    created += _transfers(users, beats, today)
    created += _duty(users, today)
    created += _training(users, today)
    return created


def _transfers(users, beats, today):
    old = Assignment.objects.get(officer=users["officer3"], beat=beats["330102520002"])
    new = Assignment.objects.get(officer=users["officer3"], beat=beats["330102520001"])
    TransferRequest.objects.create(
        assignment=old,
        kind=TransferRequest.Kind.REASSIGN,
        to_beat=new.beat,
        to_role=LEAD,
        successor=users["officer6"],
        effective_date=new.start_date,
        reason="樱花路第一警务区原责任区民警退休，调任接替",
        requested_by=users["chief2"],
        chief_decision_by=users["chief2"],
        chief_decision_at=timezone.now() - DAYS(days=(today - new.start_date).days + 10),
        status=TransferRequest.Status.APPROVED,
        new_assignment=new,
    )
    # officer7 asks to leave after eight months: pending, and early, so the branch
    # bureau's analyst must approve after chief2.
    TransferRequest.objects.create(
        assignment=Assignment.objects.get(officer=users["officer7"]),
        kind=TransferRequest.Kind.REMOVE,
        effective_date=today + DAYS(days=14),
        reason="家中老人需长期照料，申请调回所内综合岗位",
        successor=users["officer6"],
        needs_higher_approval=True,
        requested_by=users["officer7"],
    )
    return 2


def _duty(users, today):
    """Working days (Monday to Friday) of the last hundred days. Each month, each officer
    spends their share of half days in the community; the rest, at the end of the week
    (Friday, then Thursday, …), on duty someone dispatched them to."""
    rng = random.Random(6)
    months = {}
    for back in range(DUTY_DAYS, 0, -1):
        day = today - DAYS(days=back)
        if day.weekday() < 5:
            months.setdefault((day.year, day.month), []).append(day)
    blocks = []
    for username, (share, dispatcher) in DUTY.items():
        officer = users[username]
        for days in months.values():
            slots = [(day, half) for day in days for half in DutyBlock.Half.values]
            away_count = len(slots) - math.ceil(len(slots) * share)
            # Latest in the week first, spread over the weeks of the month.
            by_priority = sorted(
                slots, key=lambda s: (-(s[0].weekday() * 2 + (s[1] == "pm")), s[0])
            )
            away = set(by_priority[:away_count])
            for day, half in slots:
                is_away = (day, half) in away
                kind = rng.choice(AWAY) if is_away else rng.choice(COMMUNITY)
                status = ""
                if is_away:
                    recent = (today - day).days <= 7
                    status = DutyBlock.Dispatch.PENDING if recent else DutyBlock.Dispatch.CONFIRMED
                blocks.append(
                    DutyBlock(
                        officer=officer,
                        date=day,
                        half=half,
                        kind=kind,
                        dispatched_by=users[dispatcher] if is_away else None,
                        dispatch_status=status,
                        note="市局专项行动" if kind == DutyBlock.Kind.OPERATION else "",
                    )
                )
    DutyBlock.objects.bulk_create(blocks)
    return len(blocks)


def _training(users, today):
    rng = random.Random(7)
    records = []
    for username in DUTY:
        for course, hours in rng.sample(COURSES, rng.randint(1, 4)):
            records.append(
                TrainingRecord(
                    officer=users[username],
                    course=course,
                    date=today.replace(month=1, day=1)
                    + DAYS(days=rng.randrange(0, (today - today.replace(month=1, day=1)).days + 1)),
                    hours=hours,
                    result=rng.choice(
                        [TrainingRecord.Result.PASSED, TrainingRecord.Result.ATTENDED]
                    ),
                    recorded_by=users[
                        "chief1" if users[username].unit.code.endswith("510000") else "chief2"
                    ],
                )
            )
    TrainingRecord.objects.bulk_create(records)
    return len(records)

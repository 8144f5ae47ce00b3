"""Demo beats and posts for seed_demo: three beats per station."""

import datetime

from communitypolice.accounts.models import Unit, User

from .models import Assignment, Beat

BEATS = [
    # code, name, station code, office
    ("330102510001", "和平街第一警务区", "330102510000", "樱花社区警务室（樱花园小区1号楼底商）"),
    ("330102510002", "和平街第二警务区", "330102510000", "和平里社区警务室"),
    ("330102510003", "和平街第三警务区", "330102510000", "新华社区警务室"),
    ("330102520001", "樱花路第一警务区", "330102520000", "樱花路社区警务室"),
    ("330102520002", "樱花路第二警务区", "330102520000", "东湖社区警务室"),
    ("330102520003", "樱花路第三警务区", "330102520000", "滨河社区警务室"),
]

POSTS = [
    # officer, beat code, role, since
    ("officer1", "330102510001", Assignment.Role.LEAD, datetime.date(2024, 3, 1)),
    ("officer2", "330102510002", Assignment.Role.LEAD, datetime.date(2025, 9, 1)),
    ("officer3", "330102520001", Assignment.Role.LEAD, datetime.date(2023, 6, 15)),
]


def seed():
    created = 0
    stations = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.STATION)}
    beats = {}
    for code, name, station_code, office in BEATS:
        beats[code], new = Beat.objects.get_or_create(
            code=code, defaults={"name": name, "station": stations[station_code], "office": office}
        )
        created += new
    for username, beat_code, role, since in POSTS:
        _, new = Assignment.objects.get_or_create(
            officer=User.objects.get(username=username),
            beat=beats[beat_code],
            start_date=since,
            defaults={"role": role},
        )
        created += new
    return created

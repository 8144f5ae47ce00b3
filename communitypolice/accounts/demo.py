"""Demo units and users for seed_demo: a branch bureau with two stations."""

from django.conf import settings

from .models import Unit, User

UNITS = [
    # code, name, kind, parent code
    ("330100000000", "示范市公安局", Unit.Kind.CITY, None),
    ("330102000000", "和平分局", Unit.Kind.BRANCH, "330100000000"),
    ("330102510000", "和平街派出所", Unit.Kind.STATION, "330102000000"),
    ("330102520000", "樱花路派出所", Unit.Kind.STATION, "330102000000"),
]

USERS = [
    # username, full name, role, unit code, badge number
    ("admin", "系统管理员", User.Role.ADMIN, "330100000000", "010001"),
    ("chief1", "王建国", User.Role.CHIEF, "330102510000", "021001"),
    ("chief2", "李志强", User.Role.CHIEF, "330102520000", "022001"),
    ("officer1", "张伟", User.Role.OFFICER, "330102510000", "021101"),
    ("officer2", "刘洋", User.Role.OFFICER, "330102510000", "021102"),
    ("officer3", "陈静", User.Role.OFFICER, "330102520000", "022101"),
    ("officer4", "孙丽", User.Role.OFFICER, "330102510000", "021103"),
    ("officer5", "周涛", User.Role.OFFICER, "330102510000", "021104"),
    ("officer6", "吴磊", User.Role.OFFICER, "330102520000", "022102"),
    ("officer7", "郑洁", User.Role.OFFICER, "330102520000", "022103"),
    ("analyst", "赵敏", User.Role.ANALYST, "330102000000", "020001"),
]


def seed():
    created = 0
    units = {}
    for code, name, kind, parent_code in UNITS:
        units[code], new = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": units.get(parent_code)}
        )
        created += new
    for username, full_name, role, unit_code, badge in USERS:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "unit": units[unit_code],
                "badge_number": badge,
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": role == User.Role.ADMIN,
            },
        )
        if new:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        created += new
    return created

"""Default incident types with the deadlines a station commonly works to."""

from django.db import migrations

TYPES = [
    # code, name, English, hours to take on, hours to submit for review
    ("criminal", "刑事案件", "Criminal case", 1, 720),
    ("public_order", "治安案件", "Public-order case", 1, 168),
    ("dispute", "纠纷", "Dispute", 1, 72),
    ("help", "求助", "Request for help", 1, 24),
    ("traffic", "交通事故", "Traffic accident", 1, 72),
    ("fire", "火灾", "Fire", 1, 72),
    ("suspicious", "可疑情况", "Suspicious situation", 1, 24),
    ("other", "其他", "Other", 2, 72),
]


def seed(apps, schema_editor):
    IncidentType = apps.get_model("incidents", "IncidentType")
    for order, (code, name, name_en, accept, handle) in enumerate(TYPES):
        IncidentType.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "sort_order": order,
                      "accept_hours": accept, "handle_hours": handle},
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

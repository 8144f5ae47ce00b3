"""The verification history begins with what the register knew: one check per record
that was verified, at its ``verified_at`` by its ``verified_by``, in its present beat,
with the method "recorded before the history was kept" (how it was done is not known)."""

from django.db import migrations

BEFORE_HISTORY = "before_history"
MODELS = ["Person"]


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Verification = apps.get_model("assignments", "Verification")
    for name in MODELS:
        model = apps.get_model("residents", name)
        content_type, _created = ContentType.objects.get_or_create(
            app_label="residents", model=name.lower()
        )
        rows = (
            model.objects.filter(verified_at__isnull=False)
            .order_by("pk")
            .values_list("pk", "verified_at", "verified_by_id", "beat_id")
        )
        batch = []
        for pk, at, by, beat in rows.iterator(chunk_size=5000):
            batch.append(
                Verification(
                    content_type=content_type,
                    object_id=pk,
                    checked_at=at,
                    checked_by_id=by,
                    method=BEFORE_HISTORY,
                    beat_id=beat,
                    changes={},
                )
            )
            if len(batch) == 5000:
                Verification.objects.bulk_create(batch)
                batch = []
        Verification.objects.bulk_create(batch)


def empty(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Verification = apps.get_model("assignments", "Verification")
    for name in MODELS:
        content_type = ContentType.objects.filter(app_label="residents", model=name.lower()).first()
        if content_type is not None:
            Verification.objects.filter(content_type=content_type, method=BEFORE_HISTORY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0004_verification_history"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("residents", "0005_history_changed_at"),
    ]

    operations = [migrations.RunPython(fill, empty)]

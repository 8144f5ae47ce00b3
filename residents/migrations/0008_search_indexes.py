"""Indexes for the shapes of ``PersonQuerySet.search``: prefix (pattern) indexes for the
name, the given name (a new derived column, filled here), former names and phone, and on
PostgreSQL trigram indexes (pg_trgm) for parts of an ID or phone number.
The trigram indexes are PostgreSQL's own, so they are created here rather than in
``Person.Meta``."""

from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from residents.pinyin import given_name

TRIGRAM_COLUMNS = ("id_number", "phone")
BATCH = 5000


def fill_given_names(apps, schema_editor):
    Person = apps.get_model("residents", "Person")
    table = schema_editor.quote_name(Person._meta.db_table)
    rows = Person.objects.order_by("pk").values_list("pk", "name").iterator(chunk_size=BATCH)
    batch = []

    def write():
        values = ", ".join(["(%s, %s)"] * len(batch))
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                # The table's name from its metadata; values as parameters.
                f"UPDATE {table} SET given_name = v.given FROM (VALUES {values}) AS v(pk, given)"  # nosec B608
                f" WHERE {table}.id = v.pk",
                [value for row in batch for value in row],
            )
        batch.clear()

    for pk, name in rows:
        if given := given_name(name):
            batch.append((pk, given))
        if len(batch) == BATCH:
            write()
    if batch:
        write()


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX person_{column}_trgm ON residents_person "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0004_verification_history'),
        ('places', '0006_verification_history_from_last_check'),
        ('residents', '0007_move_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='person',
            name='residents_p_phone_92da44_idx',
        ),
        migrations.AddField(
            model_name='person',
            name='given_name',
            field=models.CharField(blank=True, editable=False, max_length=50),
        ),
        migrations.RunPython(fill_given_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['phone'], name='person_phone', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name'], name='person_name', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['given_name'], name='person_given_name', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['former_names'], name='person_former_names', opclasses=['varchar_pattern_ops']),
        ),
        TrigramExtension(),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]

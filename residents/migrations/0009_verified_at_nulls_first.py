"""The freshness queue lists people never checked first, then the longest unchecked
(``verified_at`` ascending, nulls first). PostgreSQL's btree puts nulls last, so the plain
``verified_at`` index cannot serve that order and a station's chief waited while 60,000
people were sorted; this index can. SQLite sorts nulls first anyway (its plain index
serves) and has no NULLS FIRST in an index, so the index is PostgreSQL's own."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX person_verified_at_nulls_first "
            "ON residents_person (verified_at NULLS FIRST)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_verified_at_nulls_first")


class Migration(migrations.Migration):

    dependencies = [
        ("residents", "0008_search_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]

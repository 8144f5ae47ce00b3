"""Indexes PostgreSQL has and Django's ``Meta.indexes`` cannot declare, for migrations."""

from django.db import migrations


def trigram_indexes(columns):
    """A migration operation creating (and, backwards, dropping) a pg_trgm GIN index on
    ``UPPER(column)`` for each column of ``{table: (column, …)}``: what ``icontains``
    (``UPPER(column) LIKE UPPER('%…%')``) needs to find a part of a text without reading
    the table. Nothing on other databases. Needs the pg_trgm extension
    (``TrigramExtension()`` before it)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, names in columns.items():
                for name in names:
                    schema_editor.execute(
                        f"CREATE INDEX {table}_{name}_trgm ON {table} "
                        f"USING gin (UPPER({name}) gin_trgm_ops)"
                    )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, names in columns.items():
                for name in names:
                    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{name}_trgm")

    return migrations.RunPython(create, drop)

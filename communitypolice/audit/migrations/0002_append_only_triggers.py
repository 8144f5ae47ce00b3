"""Make the audit tables append-only on PostgreSQL.

Row triggers refuse UPDATE and DELETE; a statement trigger refuses TRUNCATE,
which row triggers never see. The application never changes an audit row, so
anything that tries is a mistake or an attempt to cover tracks.

The TRUNCATE guard can be lifted for one connection by setting
``communitypolice.allow_audit_truncate = on``, which only the test suite does, to
empty a throwaway test database between browser tests. UPDATE and DELETE
have no such switch.
"""

from django.db import migrations

TABLES = ["auditlog_logentry", "audit_authevent"]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_reject_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('communitypolice.allow_audit_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit table % is append-only: TRUNCATE refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: the functions contain % placeholders of their own (RAISE).
    schema_editor.execute(FUNCTIONS, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_reject_change();"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_truncate();"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_reject_change();")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_reject_truncate();")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(install, uninstall)]

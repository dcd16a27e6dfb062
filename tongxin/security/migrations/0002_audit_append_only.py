"""Enforce the append-only audit log in the database too, not only in the ORM."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS auditentry_no_update BEFORE UPDATE ON security_auditentry
       BEGIN SELECT RAISE(ABORT, 'AuditEntry rows are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS auditentry_no_delete BEFORE DELETE ON security_auditentry
       BEGIN SELECT RAISE(ABORT, 'AuditEntry rows are append-only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS auditentry_no_update",
    "DROP TRIGGER IF EXISTS auditentry_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'AuditEntry rows are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER auditentry_no_change BEFORE UPDATE OR DELETE ON security_auditentry
       FOR EACH ROW EXECUTE FUNCTION auditentry_append_only();""",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS auditentry_no_change ON security_auditentry")


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

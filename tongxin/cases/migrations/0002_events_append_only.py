"""Enforce the append-only audit trail in the database too, not only in the ORM."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS caseevent_no_update BEFORE UPDATE ON cases_caseevent
       BEGIN SELECT RAISE(ABORT, 'CaseEvent rows are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS caseevent_no_delete BEFORE DELETE ON cases_caseevent
       BEGIN SELECT RAISE(ABORT, 'CaseEvent rows are append-only'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION caseevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'CaseEvent rows are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER caseevent_no_change BEFORE UPDATE OR DELETE ON cases_caseevent
       FOR EACH ROW EXECUTE FUNCTION caseevent_append_only();""",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS caseevent_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS caseevent_no_delete")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS caseevent_no_change ON cases_caseevent")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

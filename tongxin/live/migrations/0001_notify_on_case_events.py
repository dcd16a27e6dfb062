"""PostgreSQL: a statement trigger on the case-event table sends `NOTIFY tongxin_case_events`
with the newest event id, delivered at commit (never for a rollback) to every process that
LISTENs. In the database rather than in a bus subscriber, so it costs the write path no
statement of its own and bulk writers (the sweep) wake the streams too. Other databases
poll (tongxin.live.signal)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tongxin_notify_case_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tongxin_case_events', (SELECT max(id)::text FROM new_events));
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS tongxin_case_events_notify ON cases_caseevent;
CREATE TRIGGER tongxin_case_events_notify AFTER INSERT ON cases_caseevent
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION tongxin_notify_case_events();
"""
DROP = """
DROP TRIGGER IF EXISTS tongxin_case_events_notify ON cases_caseevent;
DROP FUNCTION IF EXISTS tongxin_notify_case_events();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_urgent_cases_in_adjudication_are_clocked")]
    operations = [migrations.RunPython(create, drop)]

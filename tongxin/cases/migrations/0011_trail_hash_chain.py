"""The trail as a keyed hash chain per case (tongxin.cases.events): the columns, and the
chain computed for the events already stored."""

import importlib

from django.db import migrations, models

APPEND_ONLY = importlib.import_module("tongxin.cases.migrations.0002_events_append_only")
BATCH = 2000


def chain_existing(apps, schema_editor):
    from tongxin.cases.events import GENESIS, link, payload

    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    if not CaseEvent.objects.exists():
        return
    # The append-only triggers refuse the one-time UPDATE of the old rows.
    APPEND_ONLY.backwards(apps, schema_editor)
    last = 0
    while True:
        cases = list(Case.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not cases:
            break
        last = cases[-1].pk
        for case in cases:
            head = GENESIS
            for event in CaseEvent.objects.filter(case_id=case.pk).order_by("pk"):
                event.prev_hash, event.hash = head, link(head, payload(case, event))
                CaseEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash,
                                                             hash=event.hash)
                head = event.hash
            Case.objects.filter(pk=case.pk).update(trail_head=head)
    APPEND_ONLY.forwards(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_command_center_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='trail_head',
            field=models.CharField(blank=True, default='', db_default='', editable=False, max_length=64, verbose_name='trail head'),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='hash',
            field=models.CharField(blank=True, default='', db_default='', max_length=64, verbose_name='hash'),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='prev_hash',
            field=models.CharField(blank=True, default='', db_default='', max_length=64, verbose_name='previous hash'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]

"""The audit chain keyed (HMAC-SM3, tongxin.security.chain): the rows already stored are
chained again under the key, in order. The append-only triggers step aside for this once."""

import importlib

from django.db import migrations

APPEND_ONLY = importlib.import_module("tongxin.security.migrations.0002_audit_append_only")


def rechain(apps, schema_editor):
    from tongxin.security.audit import GENESIS, row_hash

    AuditEntry = apps.get_model("security", "AuditEntry")
    if not AuditEntry.objects.exists():
        return
    APPEND_ONLY.backwards(apps, schema_editor)
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("pk").iterator():
        entry.prev_hash = previous
        entry.row_hash = row_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash,
                                                      row_hash=entry.row_hash)
        previous = entry.row_hash
    APPEND_ONLY.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("security", "0002_audit_append_only")]
    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]

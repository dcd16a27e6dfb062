"""The anonymous reports' idempotency keys move to the one store of every channel
(intake.IdempotencyRecord, user NULL, scope portal.anonymous)."""

from django.db import migrations

SCOPE = "portal.anonymous"


def move_keys(apps, schema_editor):
    AnonymousReport = apps.get_model("portal", "AnonymousReport")
    IdempotencyRecord = apps.get_model("intake", "IdempotencyRecord")
    IdempotencyRecord.objects.bulk_create([
        IdempotencyRecord(user=None, key=r.key, scope=SCOPE, fingerprint=r.fingerprint,
                          status_code=201, response=r.response, case_id=r.case_id,
                          created_at=r.created_at)
        for r in AnonymousReport.objects.all()
    ], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_anonymousreport'),
        ('intake', '0003_alter_idempotencyrecord_user_and_more'),
    ]

    operations = [
        migrations.RunPython(move_keys, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='AnonymousReport',
        ),
    ]

"""The four default time-limit policies of DESIGN.md, so a fresh database can dispatch."""

from django.db import migrations

DEFAULTS = [
    # name, label, accept value/unit, finish value/unit
    ("urgent", "特事特办", 2, "natural_hours", 24, "natural_hours"),
    ("general", "一般事项", 1, "working_days", 5, "working_days"),
    ("consultation", "咨询类", 4, "working_hours", 1, "working_days"),
    ("complex", "复杂事项", 1, "working_days", 15, "working_days"),
]


def forwards(apps, schema_editor):
    Policy = apps.get_model("sla", "TimeLimitPolicy")
    for name, label, av, au, fv, fu in DEFAULTS:
        Policy.objects.get_or_create(
            name=name,
            defaults={"label": label, "accept_value": av, "accept_unit": au,
                      "finish_value": fv, "finish_unit": fu},
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

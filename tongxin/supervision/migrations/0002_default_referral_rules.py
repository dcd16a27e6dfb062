"""The three referral rules of DESIGN.md with conservative defaults, editable in the admin."""

from django.db import migrations

DEFAULTS = [
    # problem type, threshold, window in days
    ("repeated_overdue", 3, 30),  # a unit with 3 red alarms in 30 days
    ("repeated_returns", 2, 30),  # a case returned twice in 30 days (推诿)
    ("unsatisfied_after_rework", 1, 30),  # unsatisfied again after a rework
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("supervision", "ReferralRule")
    for problem_type, threshold, window in DEFAULTS:
        Rule.objects.get_or_create(
            problem_type=problem_type, defaults={"threshold": threshold, "window_days": window}
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

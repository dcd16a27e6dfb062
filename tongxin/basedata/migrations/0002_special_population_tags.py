"""The special-population catalogue (重点人群) a district starts from (GB/T 31000-2015's 特殊人群
and the care groups of the civil-affairs lists); districts edit intervals in the admin."""

from django.db import migrations

# name, sensitive, highest grade, days between visits per grade ("default" when ungraded)
TAGS = [
    ("社区矫正", True, 0, {"default": 30}),
    ("刑满释放", True, 0, {"default": 30}),
    # 严重精神障碍 risk grades 0–5: the higher the grade, the closer the follow-up.
    ("严重精神障碍", True, 5, {"0": 90, "1": 90, "2": 30, "3": 14, "4": 14, "5": 7}),
    ("吸毒人员", True, 0, {"default": 30}),
    ("重点信访", True, 0, {"default": 30}),
    ("重点青少年", True, 0, {"default": 30}),
    ("独居老人", False, 0, {"default": 30}),
    ("空巢老人", False, 0, {"default": 30}),
    ("留守儿童", False, 0, {"default": 30}),
    ("残疾人", False, 0, {"default": 90}),
    ("低保", False, 0, {"default": 90}),
    ("特困", False, 0, {"default": 30}),
]


def forwards(apps, schema_editor):
    Tag = apps.get_model("basedata", "Tag")
    for name, sensitive, top, days in TAGS:
        Tag.objects.get_or_create(name=name, defaults={
            "sensitive": sensitive, "max_grade": top, "visit_days": days})


class Migration(migrations.Migration):
    dependencies = [("basedata", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

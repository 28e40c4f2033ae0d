"""The default point rules (积分规则): admins change them in /admin/."""

from django.db import migrations

DEFAULTS = {"event_confirmed": 5, "visit": 1, "patrol_hour": 2}


def add(apps, schema_editor):
    PointRule = apps.get_model("assessment", "PointRule")
    for action, points in DEFAULTS.items():
        PointRule.objects.get_or_create(action=action, defaults={"points": points})


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

# Visits keep a generic target (place, house, person…) so tracking never imports the apps owning targets.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0004_place_version"),
        ("tracking", "0005_duty"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="target_id",
            field=models.BigIntegerField(null=True, verbose_name="对象ID"),
        ),
        migrations.AddField(
            model_name="visit",
            name="target_kind",
            field=models.CharField(default="place", max_length=16, verbose_name="对象类型"),
        ),
        migrations.AddField(
            model_name="visit",
            name="target_label",
            field=models.CharField(blank=True, max_length=240, verbose_name="对象"),
        ),
        migrations.AlterField(
            model_name="visit",
            name="place",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="visits",
                to="grids.place",
                verbose_name="场所",
            ),
        ),
        migrations.RunSQL(
            "UPDATE tracking_visit v SET target_id = v.place_id, target_label = p.name "
            "FROM grids_place p WHERE p.id = v.place_id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="visit",
            name="target_id",
            field=models.BigIntegerField(verbose_name="对象ID"),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["target_kind", "target_id", "time"], name="visit_target"),
        ),
    ]

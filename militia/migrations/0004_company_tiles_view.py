"""The `militia` tile layer shows companies only: a plain view over the organisations table (the
planner inlines it, so the tile query still uses the table's GiST index) instead of a free SQL
condition on the layer."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("militia", "0003_metric_points")]

    operations = [
        migrations.RunSQL(
            "CREATE VIEW militia_company_tiles AS SELECT id, name, commander, location_code, point "
            "FROM militia_militiaorg WHERE level = 'company'",
            "DROP VIEW militia_company_tiles",
        )
    ]

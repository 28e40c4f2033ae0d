# Militia companies and resources get layer versions (vector-tile ETags), bumped by the same
# statement-level trigger function as grids' layers (grids/0002).

from django.db import migrations

SQL = """
INSERT INTO grids_layer_version (layer) VALUES ('militia_org'), ('militia_resource');
CREATE TRIGGER militia_org_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON militia_militiaorg
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('militia_org');
CREATE TRIGGER militia_resource_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON militia_resource
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('militia_resource');
"""
REVERSE = """
DROP TRIGGER militia_resource_version ON militia_resource;
DROP TRIGGER militia_org_version ON militia_militiaorg;
DELETE FROM grids_layer_version WHERE layer IN ('militia_org', 'militia_resource');
"""


class Migration(migrations.Migration):
    dependencies = [("militia", "0001_initial"), ("grids", "0004_place_version")]
    operations = [migrations.RunSQL(SQL, REVERSE)]

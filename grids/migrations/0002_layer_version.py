# A version number per spatial layer, changed by a statement-level trigger on every write (bulk
# updates and raw SQL included), so in-memory indexes in any process know when to reload.

from django.db import migrations

SQL = """
-- Versions come from a sequence, which a rollback does not rewind: a number is never reused for
-- another state of the layer.
CREATE SEQUENCE grids_layer_version_seq;
CREATE TABLE grids_layer_version (layer text PRIMARY KEY, version bigint NOT NULL DEFAULT 0);
INSERT INTO grids_layer_version (layer) VALUES ('micro_grid'), ('grid'), ('admin_area');

CREATE FUNCTION grids_bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE grids_layer_version SET version = nextval('grids_layer_version_seq') WHERE layer = TG_ARGV[0];
    RETURN NULL;
END $$;

CREATE TRIGGER micro_grid_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grids_microgrid
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('micro_grid');
CREATE TRIGGER grid_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grids_grid
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('grid');
CREATE TRIGGER admin_area_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON geo_adminarea
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('admin_area');
"""

REVERSE = """
DROP TRIGGER micro_grid_version ON grids_microgrid;
DROP TRIGGER grid_version ON grids_grid;
DROP TRIGGER admin_area_version ON geo_adminarea;
DROP FUNCTION grids_bump_layer_version();
DROP TABLE grids_layer_version;
DROP SEQUENCE grids_layer_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("grids", "0001_initial"), ("geo", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]

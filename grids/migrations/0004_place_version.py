# Places get a layer version too (vector-tile ETags are built from layer versions).

from django.db import migrations

SQL = """
INSERT INTO grids_layer_version (layer) VALUES ('place');
CREATE TRIGGER place_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grids_place
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('place');
"""
REVERSE = """
DROP TRIGGER place_version ON grids_place;
DELETE FROM grids_layer_version WHERE layer = 'place';
"""


class Migration(migrations.Migration):
    dependencies = [("grids", "0003_located_blank")]
    operations = [migrations.RunSQL(SQL, REVERSE)]

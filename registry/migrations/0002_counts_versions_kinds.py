# Per-area counts kept exact by statement-level triggers (bulk COPY and raw SQL included), tile layer
# versions for buildings and the special-group layer, and the reference data admins then edit.

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[2] / "data" / "registry" / "group_kinds.csv"

# table → (counter column, condition on a row, extra join) ; SQL written here, no input.
COUNTED = {
    "registry_building": ("buildings", "true", ""),
    "registry_house": ("houses", "true", ""),
    "registry_person": ("people", "r.status = 'active'", ""),
    "registry_groupmembership": (
        None,  # special and care from the kind's category
        "r.until IS NULL",
        "JOIN registry_groupkind k ON k.id = r.kind_id",
    ),
}


def _delta(rows: str, sign: str, column, condition, join) -> str:
    if column:
        return f"SELECT r.location_code, {sign}count(*) FROM {rows} r {join} WHERE {condition} GROUP BY 1"
    return (
        f"SELECT r.location_code, {sign}count(*) FILTER (WHERE k.category = 'special'), "
        f"{sign}count(*) FILTER (WHERE k.category = 'care') FROM {rows} r {join} WHERE {condition} GROUP BY 1"
    )


def _function(table, column, condition, join) -> str:
    cols = [column] if column else ["special", "care"]
    names = ", ".join(cols)
    sums = ", ".join(f"sum({c})" for c in cols)
    sets = ", ".join(f"{c} = registry_areacount.{c} + EXCLUDED.{c}" for c in cols)
    old = _delta("old_rows", "-", column, condition, join)
    new = _delta("new_rows", "", column, condition, join)

    def upsert(parts):
        union = " UNION ALL ".join(parts)
        return (
            f"INSERT INTO registry_areacount (location_code, {names}) "
            f"SELECT location_code, {sums} FROM ({union}) d(location_code, {names}) GROUP BY 1 ORDER BY 1 "
            f"ON CONFLICT (location_code) DO UPDATE SET {sets};"
        )

    return f"""
CREATE FUNCTION {table}_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {upsert([new])}
    ELSIF TG_OP = 'DELETE' THEN {upsert([old])}
    ELSE {upsert([old, new])}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {table}_count_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_count();
CREATE TRIGGER {table}_count_upd AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_count();
CREATE TRIGGER {table}_count_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_count();
"""


COUNT_SQL = "\n".join(_function(t, *spec) for t, spec in COUNTED.items())
COUNT_REVERSE = "\n".join(f"DROP FUNCTION {t}_count() CASCADE;" for t in COUNTED)

VERSION_SQL = """
INSERT INTO grids_layer_version (layer) VALUES ('building'), ('special_group');
CREATE TRIGGER building_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_building
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('building');
CREATE TRIGGER special_group_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_groupmembership
    FOR EACH STATEMENT EXECUTE FUNCTION grids_bump_layer_version('special_group');
"""
VERSION_REVERSE = """
DROP TRIGGER building_version ON registry_building;
DROP TRIGGER special_group_version ON registry_groupmembership;
DELETE FROM grids_layer_version WHERE layer IN ('building', 'special_group');
"""


def load_reference(apps, schema_editor):
    GroupKind = apps.get_model("registry", "GroupKind")
    WarningRule = apps.get_model("registry", "WarningRule")
    with open(DATA, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            GroupKind.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "category": row["category"],
                    "visit_every_days": int(row["visit_every_days"]),
                    "order": int(row["order"]),
                },
            )
    for kind, threshold in (("visit_overdue", 0), ("over_occupancy", 10), ("rental_expired", 0)):
        WarningRule.objects.get_or_create(kind=kind, defaults={"threshold": threshold})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("grids", "0004_place_version")]
    operations = [
        migrations.RunSQL(COUNT_SQL, COUNT_REVERSE),
        migrations.RunSQL(VERSION_SQL, VERSION_REVERSE),
        migrations.RunPython(load_reference, migrations.RunPython.noop),
    ]

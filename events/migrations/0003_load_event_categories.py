"""The default departments and category tree, read from data/events/departments.csv and
categories.csv (settings.REFERENCE_DATA_DIR). Idempotent: rows are matched by code and updated.

The files are read as they are when this migration runs; later edits are applied with
`manage.py load_reference_data`. This migration reads them itself (not through events.reference)
so it keeps working whatever that module becomes."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import migrations


def _rows(name):
    path = Path(settings.REFERENCE_DATA_DIR) / "events" / name
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load(apps, schema_editor):
    Department = apps.get_model("events", "Department")
    Category = apps.get_model("events", "Category")
    departments = {
        row["code"]: Department.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "jurisdiction_code": row.get("jurisdiction_code", "")}
        )[0]
        for row in _rows("departments.csv")
    }
    by_code = {}
    for row in _rows("categories.csv"):  # parents come first
        code = row["code"]
        by_code[code] = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"],
                "parent": by_code.get(code.rpartition(".")[0]) if "." in code else None,
                "department": departments.get(row["department"]),
                "deadline_hours": int(row["deadline_hours"]) if row["deadline_hours"] else None,
                "photo_required": row["photo_required"].lower() in ("true", "1", "yes"),
                "description": row.get("description", ""),
            },
        )[0]


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_code_sequence")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

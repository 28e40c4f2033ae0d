"""Category.risk_kind (the ten risk kinds of the risks screen), filled from
data/events/categories.csv with the departments and categories that file added alongside (交通安全隐患,
地质灾害隐患, 药品安全, 公共卫生 and the health department). Reads the files itself, like 0003, so it
keeps working whatever events.reference becomes; rows are matched by code (idempotent)."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import migrations, models


def _rows(name):
    path = Path(settings.REFERENCE_DATA_DIR) / "events" / name
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load(apps, schema_editor):
    Department = apps.get_model("events", "Department")
    Category = apps.get_model("events", "Category")
    departments = {d.code: d for d in Department.objects.all()}
    for row in _rows("departments.csv"):
        if row["code"] not in departments:
            departments[row["code"]] = Department.objects.create(
                code=row["code"], name=row["name"], jurisdiction_code=row.get("jurisdiction_code", "")
            )
    by_code = {c.code: c for c in Category.objects.all()}
    for row in _rows("categories.csv"):  # parents come first
        code = row["code"]
        if code in by_code:
            Category.objects.filter(pk=by_code[code].pk).update(risk_kind=row.get("risk_kind", ""))
            continue
        by_code[code] = Category.objects.create(
            code=code,
            name=row["name"],
            parent=by_code.get(code.rpartition(".")[0]) if "." in code else None,
            department=departments.get(row["department"]),
            deadline_hours=int(row["deadline_hours"]) if row["deadline_hours"] else None,
            photo_required=row["photo_required"].lower() in ("true", "1", "yes"),
            description=row.get("description", ""),
            risk_kind=row.get("risk_kind", ""),
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0005_open311_key_digest")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="risk_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("public_order", "社会治安"),
                    ("production_safety", "安全生产"),
                    ("traffic", "道路交通"),
                    ("environment", "生态环境"),
                    ("fire", "消防"),
                    ("food_drug", "食品药品"),
                    ("natural_disaster", "自然灾害"),
                    ("dispute", "矛盾纠纷"),
                    ("public_health", "公共卫生"),
                    ("city_appearance", "城市管理"),
                ],
                max_length=20,
                verbose_name="风险类别",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

"""The events app's reference data, kept as plain CSV files in settings.REFERENCE_DATA_DIR/events/
so an installer can review and change them without reading code:

- `departments.csv`: code, name, jurisdiction_code (blank: the whole district)
- `categories.csv`: code (dotted: `city.manhole`; parents before children), name, department code,
  deadline_hours, photo_required (true/false), description, risk_kind (one of events.models.RiskKind,
  blank: not a risk — the risks screen groups events by it)
- `routing_rules.csv`: category code, street_code (blank: every street), department code,
  handler_role (worker | leader | department | blank), order

Migration 0003 loads the first two into a new database; `manage.py load_reference_data` applies the
files again after an edit. Rows are matched by code (rules by category and street) and updated;
rows the files do not name are left as they are."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from events.models import Category, Department, HandlerRole, RiskKind, RoutingRule
from geo.errors import BadInput

__all__ = ["read_rows", "load_reference_data"]


def read_rows(name: str, directory: Path | None = None) -> list[dict[str, str]]:
    """The rows of one CSV file of the events reference data (UTF-8, with or without a BOM)."""
    path = Path(directory or settings.REFERENCE_DATA_DIR) / "events" / name
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _bool(value: str) -> bool:
    return value.lower() in ("true", "1", "yes")


def _department(code: str, departments: dict, where: str) -> Department | None:
    if not code:
        return None
    if code not in departments:
        raise BadInput(f"{where}: 部门 {code!r} 不存在 (unknown department)", field="department")
    return departments[code]


@transaction.atomic
def load_reference_data(directory: Path | None = None) -> dict[str, int]:
    """Apply departments, categories and routing rules from the files; counts of rows applied.
    One transaction: a bad row (named in the error) leaves the database as it was."""
    departments = {d.code: d for d in Department.objects.all()}
    for row in read_rows("departments.csv", directory):
        departments[row["code"]] = Department.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "jurisdiction_code": row.get("jurisdiction_code", "")}
        )[0]
    categories = {c.code: c for c in Category.objects.all()}
    category_rows = read_rows("categories.csv", directory)
    for n, row in enumerate(category_rows, start=2):  # line numbers as a spreadsheet shows them
        code, parent_code = row["code"], row["code"].rpartition(".")[0]
        if row.get("risk_kind") and row["risk_kind"] not in RiskKind.values:
            raise BadInput(
                f"categories.csv 第 {n} 行: risk_kind 应为 {'/'.join(RiskKind.values)} 或空 (unknown risk kind)",
                field="risk_kind",
            )
        if parent_code and parent_code not in categories:
            raise BadInput(f"categories.csv 第 {n} 行: 上级分类 {parent_code!r} 不存在 (unknown parent)", field="code")
        categories[code] = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"],
                "parent": categories.get(parent_code),
                "department": _department(row["department"], departments, f"categories.csv 第 {n} 行"),
                "deadline_hours": int(row["deadline_hours"]) if row["deadline_hours"] else None,
                "photo_required": _bool(row["photo_required"]),
                "description": row.get("description", ""),
                "risk_kind": row.get("risk_kind", ""),
            },
        )[0]
    rule_rows = read_rows("routing_rules.csv", directory)
    for n, row in enumerate(rule_rows, start=2):
        where = f"routing_rules.csv 第 {n} 行"
        if row["category"] not in categories:
            raise BadInput(f"{where}: 分类 {row['category']!r} 不存在 (unknown category)", field="category")
        if row["handler_role"] and row["handler_role"] not in HandlerRole.values:
            raise BadInput(f"{where}: handler_role 应为 {'/'.join(HandlerRole.values)}", field="handler_role")
        RoutingRule.objects.update_or_create(
            category=categories[row["category"]],
            street_code=row["street_code"],
            defaults={
                "department": _department(row["department"], departments, where),
                "handler_role": row["handler_role"],
                "order": int(row["order"] or 0),
            },
        )
    return {"departments": len(departments), "categories": len(category_rows), "routing_rules": len(rule_rows)}

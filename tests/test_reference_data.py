"""Reference data in data/: what migrations loaded is what the files say, load_reference_data
applies an edit (or nothing, naming the bad row), the demo reads its names there, and the sample
import file imports cleanly on the demo district."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Category, RoutingRule
from geo.models import AdminArea

pytestmark = pytest.mark.django_db
DATA = Path(settings.REFERENCE_DATA_DIR)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_migrated_categories_are_the_files():
    for row in rows(DATA / "events" / "categories.csv"):
        category = Category.objects.select_related("department", "parent").get(code=row["code"])
        assert category.name == row["name"]
        assert (category.department.code if category.department else "") == row["department"]
        assert category.deadline_hours == int(row["deadline_hours"])
        assert category.photo_required == (row["photo_required"] == "true")
        assert (category.parent.code if category.parent else "") == row["code"].rpartition(".")[0]
        assert category.risk_kind == row["risk_kind"]


@pytest.fixture
def edited(tmp_path):
    """A copy of data/ to edit: `edited(name, rows)` rewrites one events file."""
    shutil.copytree(DATA / "events", tmp_path / "events")

    def write(name, new_rows):
        path = tmp_path / "events" / name
        header = next(csv.reader(path.open(encoding="utf-8")))
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header)
            writer.writeheader()
            writer.writerows(new_rows)
        return tmp_path

    return write


def test_an_edit_is_applied_by_load_reference_data(edited):
    categories = rows(DATA / "events" / "categories.csv")
    for row in categories:
        if row["code"] == "city.manhole":
            row["deadline_hours"] = "6"
    edited("categories.csv", categories)
    directory = edited(
        "routing_rules.csv",
        [{"category": "city.manhole", "street_code": "320411001", "department": "", "handler_role": "leader"}],
    )

    call_command("load_reference_data", "--dir", str(directory), stdout=io.StringIO())
    call_command("load_reference_data", "--dir", str(directory), stdout=io.StringIO())  # idempotent

    assert Category.objects.get(code="city.manhole").deadline_hours == 6
    (rule,) = RoutingRule.objects.filter(category__code="city.manhole")
    assert (rule.street_code, rule.handler_role, rule.department) == ("320411001", "leader", None)


def test_a_bad_row_is_named_and_nothing_changes(edited):
    categories = rows(DATA / "events" / "categories.csv")
    categories[0]["name"] = "改过的名字"
    edited("categories.csv", categories)
    directory = edited("routing_rules.csv", [{"category": "no.such", "street_code": "", "handler_role": ""}])

    with pytest.raises(CommandError, match="第 2 行.*no.such"):
        call_command("load_reference_data", "--dir", str(directory), stdout=io.StringIO())

    assert Category.objects.get(code=categories[0]["code"]).name != "改过的名字"
    assert not RoutingRule.objects.exists()


def test_an_unknown_risk_kind_is_named(edited):
    categories = rows(DATA / "events" / "categories.csv")
    categories[1]["risk_kind"] = "weather"
    directory = edited("categories.csv", categories)

    with pytest.raises(CommandError, match="第 3 行: risk_kind"):
        call_command("load_reference_data", "--dir", str(directory), stdout=io.StringIO())

    assert Category.objects.get(code=categories[1]["code"]).risk_kind == "public_order"


def test_the_demo_streets_are_the_file():
    streets = {f"{settings.DISTRICT_CODE}{r['number']}000": r["name"] for r in rows(DATA / "demo" / "streets.csv")}

    assert dict(AdminArea.objects.filter(level="street", is_demo=True).values_list("code", "name")) == streets


def test_the_sample_grid_file_imports_cleanly_on_the_demo_district():
    out = io.StringIO()

    call_command(
        "import_areas",
        str(DATA / "samples" / "grids.geojson"),
        "--level",
        "grid",
        "--dry-run",
        "--no-progress",
        stdout=out,
    )

    assert "would create 0, update 0; 11 unchanged" in out.getvalue()

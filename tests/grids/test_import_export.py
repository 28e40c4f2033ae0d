"""import_areas / export_areas against real PostGIS, on the tiny district of tests/grids/conftest.py.

Coordinates are WGS84 degrees unless a test says otherwise; distances are metres (haversine)."""

import io
import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.management import call_command
from django.core.management.base import CommandError
from pyproj import Transformer

from geo.crs import from_wgs84
from geo.models import AdminArea
from grids.models import Grid, GridKind, MicroGrid
from grids.services import create_place

DATA = Path(__file__).resolve().parent.parent / "data"
EARTH_RADIUS_M = 6371008.8

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------------


def write_geojson(path: Path, features, crs: str | None = None) -> Path:
    """Features as (properties, shapely geometry) pairs; `crs` an OGC URN for the legacy crs member."""
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
            for props, geom in features
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run(command: str, path, *args) -> str:
    out = io.StringIO()
    extra = ["--no-progress"] if command == "import_areas" else []
    call_command(command, str(path), *args, *extra, stdout=out)
    return out.getvalue()


def geos(geom) -> GEOSGeometry:
    multi = geom if geom.geom_type == "MultiPolygon" else shapely.MultiPolygon([geom])
    return GEOSGeometry(memoryview(shapely.to_wkb(multi)), srid=4326)


def import_failure(path, *args) -> list[str]:
    """The problems of an import that must fail."""
    with pytest.raises(CommandError) as failed:
        run("import_areas", path, "--level", "grid", *args)
    return failed.value.__cause__.problems


def problem_rows(problems) -> list[int]:
    return sorted(int(re.match(r"row (\d+) ", p).group(1)) for p in problems)


def stored(geom) -> shapely.Geometry:
    return shapely.from_wkb(bytes(geom.wkb))


def same_geometry(a, b) -> bool:
    return shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-9)


def max_vertex_distance_m(a, b) -> float:
    """Largest distance between corresponding vertices of two geometries of the same shape."""
    (lon1, lat1), (lon2, lat2) = (np.radians(shapely.get_coordinates(g)).T for g in (a, b))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float(np.max(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))))


def grid_feature(code, name, geom, **props):
    return {"code": code, "name": name, **props}, geom


WEST_GRID = shapely.box(119.91, 31.86, 119.93, 31.88)
EAST_GRID = shapely.box(119.96, 31.87, 119.98, 31.89)


# --- import ----------------------------------------------------------------------------------------


def test_geojson_import_creates_grids_with_community_and_street(area_tree, tmp_path):
    path = write_geojson(
        tmp_path / "grids.geojson",
        [
            grid_feature("320411001001001", "河海一网格", WEST_GRID, kind="专属网格"),
            grid_feature("320411001002001", "龙虎塘一网格", EAST_GRID, kind="comprehensive"),
        ],
    )

    out = run("import_areas", path, "--level", "grid", "--kind-field", "kind")

    assert "created 2, updated 0" in out
    west, east = Grid.objects.order_by("code")
    assert (west.community, west.street, west.kind) == (area_tree.west, area_tree.street, GridKind.DEDICATED)
    assert (east.community, east.street, east.kind) == (area_tree.east, area_tree.street, GridKind.COMPREHENSIVE)
    assert west.name == "河海一网格"
    assert west.geom.srid == 4326 and west.geom.geom_type == "MultiPolygon"
    assert same_geometry(stored(west.geom), shapely.MultiPolygon([WEST_GRID]))


def test_import_upserts_by_code_and_keeps_kind_without_kind_field(area_tree, tmp_path):
    first = write_geojson(tmp_path / "a.geojson", [grid_feature("320411001001001", "旧名", WEST_GRID, kind="专属网格")])
    run("import_areas", first, "--level", "grid", "--kind-field", "kind")
    moved = shapely.box(119.91, 31.90, 119.93, 31.92)
    second = write_geojson(
        tmp_path / "b.geojson",
        [
            grid_feature("320411001001001", "新名", moved),
            grid_feature("320411001001002", "河海二网格", WEST_GRID),
        ],
    )

    out = run("import_areas", second, "--level", "grid")

    assert "created 1, updated 1" in out
    grid = Grid.objects.get(code="320411001001001")
    assert grid.name == "新名" and grid.kind == GridKind.DEDICATED
    assert same_geometry(stored(grid.geom), shapely.MultiPolygon([moved]))
    assert Grid.objects.get(code="320411001001002").kind == GridKind.COMPREHENSIVE


def test_community_import_updates_name_under_its_street(area_tree, tmp_path):
    west = stored(area_tree.west.geom)
    path = write_geojson(
        tmp_path / "communities.geojson", [grid_feature("320411001001", "河海新村", west, parent="320411001000")]
    )

    out = run("import_areas", path, "--level", "community", "--parent-field", "parent")

    assert "created 0, updated 1" in out
    area_tree.west.refresh_from_db()
    assert (area_tree.west.name, area_tree.west.parent, area_tree.west.level) == (
        "河海新村",
        area_tree.street,
        "community",
    )


def test_street_import_hangs_under_the_district(area_tree, tmp_path):
    path = write_geojson(tmp_path / "streets.geojson", [grid_feature("320411002000", "龙虎塘街道", EAST_GRID)])

    run("import_areas", path, "--level", "street")

    street = AdminArea.objects.get(code="320411002000")
    assert (street.level, street.parent, street.name) == ("street", area_tree.district, "龙虎塘街道")


def test_dry_run_counts_and_writes_nothing(area_tree, tmp_path):
    path = write_geojson(
        tmp_path / "grids.geojson",
        [
            grid_feature("320411001001001", "河海一网格", WEST_GRID),
            grid_feature("320411001002001", "龙虎塘一网格", EAST_GRID),
        ],
    )

    out = run("import_areas", path, "--level", "grid", "--dry-run")

    assert "would create 2, update 0" in out
    assert not Grid.objects.exists()


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_offset_coordinates_land_within_a_metre_of_wgs84(area_tree, tmp_path, crs):
    shifted = shapely.transform(EAST_GRID, lambda xy: np.column_stack(from_wgs84(xy[:, 0], xy[:, 1], crs)))
    assert max_vertex_distance_m(shifted, EAST_GRID) > 100  # else the test could not tell
    path = write_geojson(tmp_path / f"{crs}.geojson", [grid_feature("320411001002001", "龙虎塘一网格", shifted)])

    run("import_areas", path, "--level", "grid", "--crs", crs)

    grid = stored(Grid.objects.get().geom)
    assert shapely.get_num_coordinates(grid) == 5
    assert max_vertex_distance_m(shapely.normalize(grid), shapely.normalize(shapely.MultiPolygon([EAST_GRID]))) < 1.0


def test_declared_gauss_kruger_crs_is_reprojected(area_tree, tmp_path):
    to_4549 = Transformer.from_crs(4326, 4549, always_xy=True)
    projected = shapely.transform(EAST_GRID, lambda xy: np.column_stack(to_4549.transform(xy[:, 0], xy[:, 1])))
    path = write_geojson(
        tmp_path / "cgcs2000_gk.geojson",
        [grid_feature("320411001002001", "龙虎塘一网格", projected)],
        crs="urn:ogc:def:crs:EPSG::4549",
    )

    run("import_areas", path, "--level", "grid")

    grid = shapely.normalize(stored(Grid.objects.get().geom))
    assert max_vertex_distance_m(grid, shapely.normalize(shapely.MultiPolygon([EAST_GRID]))) < 0.01


def test_four_bad_rows_are_all_listed_and_nothing_is_written(area_tree):
    problems = import_failure(DATA / "grids_four_problems.geojson")

    assert problem_rows(problems) == [2, 3, 4, 5]
    by_row = dict(zip(problem_rows(problems), sorted(problems, key=lambda p: int(p.split()[1])), strict=True))
    assert "Self-intersection" in by_row[2] and "--repair" in by_row[2]
    assert "duplicate code, also on row 1" in by_row[3]
    assert "unknown parent 320411001009" in by_row[4]
    assert "outside its parent 320411001002" in by_row[5] and "more than 1 m² and 1% of the feature" in by_row[5]
    assert not Grid.objects.exists()


def test_repair_turns_a_bow_tie_into_two_triangles(area_tree, tmp_path):
    bow_tie = shapely.Polygon([(119.91, 31.90), (119.93, 31.92), (119.93, 31.90), (119.91, 31.92), (119.91, 31.90)])
    path = write_geojson(tmp_path / "bow_tie.geojson", [grid_feature("320411001001002", "蝴蝶结网格", bow_tie)])
    assert "Self-intersection" in import_failure(path)[0]

    run("import_areas", path, "--level", "grid", "--repair")

    grid = stored(Grid.objects.get().geom)
    assert grid.is_valid and len(grid.geoms) == 2
    assert grid.area == pytest.approx(0.02 * 0.02 / 2)


def test_swapped_coordinates_are_reported_as_swapped(area_tree, tmp_path):
    swapped = shapely.transform(WEST_GRID, lambda xy: xy[:, ::-1])
    path = write_geojson(tmp_path / "swapped.geojson", [grid_feature("320411001001001", "河海一网格", swapped)])

    [problem] = import_failure(path)

    assert problem.startswith("row 1 (code 320411001001001)")
    assert "swapped" in problem and "longitude, latitude" in problem


def test_projected_coordinates_without_crs_are_reported(area_tree, tmp_path):
    metres = shapely.box(40_495_000, 3_528_000, 40_497_000, 3_530_000)
    path = write_geojson(tmp_path / "metres.geojson", [grid_feature("320411001001001", "河海一网格", metres)])

    [problem] = import_failure(path)

    assert "look projected" in problem and "EPSG:4549" in problem


def test_a_crs_outside_the_allow_list_is_refused(area_tree, tmp_path):
    utm = Transformer.from_crs(4326, 32650, always_xy=True)
    projected = shapely.transform(EAST_GRID, lambda xy: np.column_stack(utm.transform(xy[:, 0], xy[:, 1])))
    path = write_geojson(
        tmp_path / "utm.geojson",
        [grid_feature("320411001002001", "龙虎塘一网格", projected)],
        crs="urn:ogc:def:crs:EPSG::32650",
    )

    [problem] = import_failure(path)

    assert "EPSG:32650" in problem and "not accepted" in problem
    assert not Grid.objects.exists()


def test_codes_names_and_kinds_are_checked(area_tree, tmp_path):
    path = write_geojson(
        tmp_path / "codes.geojson",
        [
            grid_feature("32041100100101", "短编码", WEST_GRID, parent="320411001001", kind=""),
            grid_feature("320411001001003", "错上级", WEST_GRID, parent="320411001002", kind=""),
            grid_feature("320411001001004", "", WEST_GRID, parent="320411001001", kind="其他"),
            grid_feature("320411001001005", "点", shapely.Point(119.92, 31.87), parent="320411001001", kind=""),
        ],
    )

    problems = import_failure(path, "--parent-field", "parent", "--kind-field", "kind")

    text = "\n".join(problems)
    assert "row 1 (code 32041100100101): code '32041100100101' has the wrong shape for a grid" in text
    assert "row 2 (code 320411001001003): code does not start with its parent's code 320411001002" in text
    assert "row 3 (code 320411001001004): empty name" in text
    assert "row 3 (code 320411001001004): unknown kind '其他'" in text
    assert "row 4 (code 320411001001005): geometry is a Point" in text


def test_a_long_problem_list_is_cut_at_fifty(area_tree, tmp_path):
    path = write_geojson(tmp_path / "no_codes.geojson", [grid_feature("", f"网格{i}", WEST_GRID) for i in range(60)])

    with pytest.raises(CommandError) as failed:
        run("import_areas", path, "--level", "grid")

    assert len(failed.value.__cause__.problems) == 60
    assert str(failed.value).count("empty code") == 50
    assert "… and 10 more" in str(failed.value)


# --- places ----------------------------------------------------------------------------------------


def test_places_inside_an_imported_grid_are_relocated_to_it(area_tree, tmp_path):
    school = create_place(kind="school", name="龙虎塘小学", geom=Point(119.97, 31.88, srid=4326))
    clinic = create_place(kind="hospital", name="河海卫生站", geom=Point(119.92, 31.90, srid=4326))
    assert school.location_code == "320411001002" and school.grid is None
    path = write_geojson(tmp_path / "grid.geojson", [grid_feature("320411001002001", "龙虎塘一网格", EAST_GRID)])

    out = run("import_areas", path, "--level", "grid")

    grid = Grid.objects.get()
    school.refresh_from_db()
    assert (school.grid, school.community, school.street) == (grid, area_tree.east, area_tree.street)
    assert school.location_code == "320411001002001"
    assert "1 places relocated" in out
    clinic.refresh_from_db()
    assert clinic.grid is None and clinic.location_code == "320411001001"

    away = shapely.box(119.985, 31.90, 119.995, 31.91)
    run(
        "import_areas",
        write_geojson(tmp_path / "moved.geojson", [grid_feature("320411001002001", "龙虎塘一网格", away)]),
        "--level",
        "grid",
    )

    school.refresh_from_db()
    assert school.grid is None and school.location_code == "320411001002"


def test_micro_grids_import_under_their_grid_and_locate_places(area_tree, tmp_path):
    grid = Grid.objects.create(
        code="320411001002001",
        name="龙虎塘一网格",
        community=area_tree.east,
        street=area_tree.street,
        geom=geos(EAST_GRID),
    )
    school = create_place(kind="school", name="龙虎塘小学", geom=Point(119.965, 31.88, srid=4326))
    halves = [shapely.box(119.96, 31.87, 119.97, 31.89), shapely.box(119.97, 31.87, 119.98, 31.89)]
    path = write_geojson(
        tmp_path / "micro.geojson",
        [grid_feature(f"320411001002001{i:03d}", f"第{i}微网格", half) for i, half in enumerate(halves, start=1)],
    )

    run("import_areas", path, "--level", "micro_grid")

    assert list(MicroGrid.objects.values_list("grid", flat=True)) == [grid.pk, grid.pk]
    school.refresh_from_db()
    assert school.location_code == "320411001002001001" and school.grid == grid


# --- export and round trips ------------------------------------------------------------------------


@pytest.fixture
def two_grids(area_tree):
    holed = shapely.box(119.90, 31.85, 119.95, 31.90).difference(shapely.box(119.92, 31.87, 119.93, 31.88))
    # Coordinates with all their digits, to catch a writer that rounds them.
    parts = shapely.MultiPolygon(
        [shapely.box(119.951234567891, 31.85, 119.97, 31.871234567891), shapely.box(119.98, 31.90, 120.00, 31.95)]
    )
    grids = [
        Grid(
            code="320411001001001",
            name="河海·一网格",
            kind=GridKind.DEDICATED,
            community=area_tree.west,
            street=area_tree.street,
            geom=geos(holed),
        ),
        Grid(
            code="320411001002001",
            name="龙虎塘第二综合网格",
            community=area_tree.east,
            street=area_tree.street,
            geom=geos(parts),
        ),
    ]
    for grid in grids:
        grid.full_clean()
        grid.save()
    return grids


@pytest.mark.parametrize("suffix", ["gpkg", "zip", "geojson"])
def test_export_then_import_round_trips(two_grids, tmp_path, suffix):
    path = tmp_path / f"grids.{suffix}"
    originals = {g.code: (g.name, g.kind, stored(g.geom)) for g in two_grids}

    assert "exported 2 grid" in run("export_areas", path, "--level", "grid")
    frame = gpd.read_file(path, engine="pyogrio")
    assert {"code", "name", "parent", "kind", "level"} <= set(frame.columns)
    assert list(frame["parent"]) == ["320411001001", "320411001002"]

    args = ("--level", "grid", "--kind-field", "kind", "--parent-field", "parent")
    assert "created 0, updated 0; 2 unchanged" in run("import_areas", path, *args)

    Grid.objects.all().delete()
    assert "created 2, updated 0" in run("import_areas", path, *args)
    for grid in Grid.objects.all():
        name, kind, geom = originals[grid.code]
        assert (grid.name, grid.kind) == (name, kind)
        assert same_geometry(stored(grid.geom), geom)


def test_zipped_shapefile_declares_utf8(two_grids, tmp_path):
    path = tmp_path / "grids.zip"
    run("export_areas", path, "--level", "grid")

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"grid.shp", "grid.shx", "grid.dbf", "grid.prj", "grid.cpg"} <= names
        assert archive.read("grid.cpg").decode().strip().upper() in ("UTF-8", "UTF8")


def test_a_name_too_long_for_a_shapefile_is_refused(two_grids, tmp_path):
    Grid.objects.filter(code="320411001001001").update(name="长" * 90)

    with pytest.raises(CommandError, match="Shapefile limit"):
        run("export_areas", tmp_path / "grids.zip", "--level", "grid")
    run("export_areas", tmp_path / "grids.gpkg", "--level", "grid")


def test_geopackage_layer_is_chosen_with_layer(two_grids, tmp_path):
    path = tmp_path / "grids.gpkg"
    run("export_areas", path, "--level", "grid")
    other = gpd.GeoDataFrame({"code": ["x"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    other.to_file(path, layer="other", engine="pyogrio")

    assert "several layers (grid, other)" in import_failure(path)[0]
    assert "2 unchanged" in run("import_areas", path, "--level", "grid", "--layer", "grid")


def test_export_within_a_community(two_grids, tmp_path):
    path = tmp_path / "west.geojson"

    run("export_areas", path, "--level", "grid", "--within", "320411001001")

    assert list(gpd.read_file(path, engine="pyogrio")["code"]) == ["320411001001001"]
    with pytest.raises(CommandError, match="not an area code"):
        run("export_areas", path, "--level", "grid", "--within", "3204")


def test_export_streets_names_their_district(area_tree, tmp_path):
    path = tmp_path / "streets.gpkg"

    run("export_areas", path, "--level", "street")

    frame = gpd.read_file(path, engine="pyogrio")
    assert list(zip(frame["code"], frame["parent"], frame["level"], strict=True)) == [
        ("320411001000", "320411000000", "street")
    ]

"""Exports: every format is a file a GIS reads back with the same rows, in the CRS asked for, and
every export is recorded."""

import csv
import io
import zipfile

import pyogrio
import pytest
import shapely

from analysis.models import ExportRecord
from geo.crs import wgs84_to_gcj02
from tests.analysis.analysis_support import STREET_1, sql

pytestmark = pytest.mark.django_db


def _community():
    return sql(
        "SELECT code FROM geo_adminarea WHERE level = 'community' AND code LIKE %s ORDER BY code", [STREET_1 + "%"]
    )[0][0]


def _export(api_as, fmt, **params):
    response = api_as("analyst").get(
        "/api/v1/query/within", {"layer": "places", "area": _community(), "format": fmt, **params}
    )
    assert response.status_code == 200, response.content
    return response


def _expected():
    return dict(sql("SELECT id, name FROM grids_place WHERE location_code LIKE %s ORDER BY id", [_community() + "%"]))


@pytest.mark.parametrize(("fmt", "suffix"), [("gpkg", "gpkg"), ("kml", "kml"), ("geojson", "geojson")])
def test_gis_formats_read_back(api_as, tmp_path, fmt, suffix):
    response = _export(api_as, fmt)
    path = tmp_path / f"out.{suffix}"
    path.write_bytes(response.content)
    frame = pyogrio.read_dataframe(path)
    expected = _expected()
    if fmt == "kml":
        assert sorted(frame["Name"] if "Name" in frame else frame["name"]) == sorted(expected.values())
    else:
        assert dict(zip(frame["id"].astype(int), frame["name"], strict=True)) == expected
    assert 'attachment; filename="places_within-wgs84-' in response["Content-Disposition"]
    record = ExportRecord.objects.get()
    assert (record.username, record.layer, record.format, record.rows) == ("analyst", "places", fmt, len(expected))
    assert record.params["area"] == _community() and record.operation == "within"


def test_shapefile_zip_holds_one_layer_per_geometry_type_with_chinese_names(api_as, tmp_path):
    response = api_as("analyst").get(
        "/api/v1/query/within", {"layer": "places", "area": STREET_1 + "000", "format": "shp"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert {"places_within_point.shp", "places_within_point.cpg"} <= set(names)
    ids = {}
    for shp in tmp_path.glob("*.shp"):
        frame = pyogrio.read_dataframe(shp)
        ids.update(zip(frame["id"].astype(int), frame["name"], strict=True))
    expected = dict(sql("SELECT id, name FROM grids_place WHERE location_code LIKE %s", [STREET_1 + "%"]))
    assert ids == expected


def test_csv_has_a_bom_and_lonlat_or_wkt_in_gcj02(api_as):
    point_id, x, y = sql(
        "SELECT id, ST_X(geom), ST_Y(geom) FROM grids_place"
        " WHERE location_code LIKE %s AND GeometryType(geom) = 'POINT' ORDER BY id LIMIT 1",
        [_community() + "%"],
    )[0]
    text = _export(api_as, "csv", crs="gcj02", csv_geometry="lonlat").content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = [line.split(",") for line in text[1:].strip().split("\r\n")]
    assert header[-2:] == ["lon", "lat"] and len(rows) == len(_expected())
    row = next(r for r in rows if r[0] == str(point_id))
    gx, gy = wgs84_to_gcj02(x, y)
    assert float(row[-2]) == pytest.approx(gx, abs=1e-6) and float(row[-1]) == pytest.approx(gy, abs=1e-6)
    header, *rows = csv.reader(io.StringIO(_export(api_as, "csv").content.decode("utf-8-sig")))
    assert header[-1] == "wkt" and len(rows) == len(_expected())
    assert all(shapely.from_wkt(r[-1]).is_valid for r in rows)


def test_aggregate_and_gpx_exports(api_as, tmp_path, events_in_streets):
    response = api_as("analyst").get(
        "/api/v1/query/aggregate", {"layer": "events", "by": "grid", "area": STREET_1 + "000", "format": "gpkg"}
    )
    assert response.status_code == 200
    (tmp_path / "agg.gpkg").write_bytes(response.content)
    frame = pyogrio.read_dataframe(tmp_path / "agg.gpkg")
    assert frame["count"].sum() == 3 and set(frame.geom_type) == {"MultiPolygon"}
    gpx = api_as("analyst").get("/api/v1/query/within", {"layer": "events", "format": "gpx"})
    (tmp_path / "e.gpx").write_bytes(gpx.content)
    waypoints = pyogrio.read_dataframe(tmp_path / "e.gpx", layer="waypoints")
    assert sorted(waypoints["name"]) == sorted(e.title for e in events_in_streets.values())

"""Each query answers what a hand-written PostGIS query answers on the demo district."""

import json

import h3
import pytest
from django.conf import settings

from geo.crs import wgs84_to_gcj02
from tests.analysis.analysis_support import STREET_1, point_in_street, sql

pytestmark = pytest.mark.django_db
# The query centre in the metric CRS, for the reference SQL.
CENTRE = "ST_Transform(ST_SetSRID(ST_MakePoint(%(x)s, %(y)s), 4326), %(srid)s)"


def _polygon_around(lon, lat, d=0.02):
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]
        ],
    }


def _ids(body):
    return [f["id"] for f in body["features"]]


def test_within_a_drawn_polygon_matches_st_intersects(api_as):
    p = point_in_street(STREET_1)
    polygon = _polygon_around(p.x, p.y)
    body = (
        api_as("analyst")
        .get("/api/v1/query/within", {"layer": "places", "geometry": json.dumps(polygon), "limit": 1000})
        .json()
    )
    expected = [
        r[0]
        for r in sql(
            "SELECT id FROM grids_place WHERE ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))"
            " ORDER BY id",
            [json.dumps(polygon)],
        )
    ]
    assert expected and _ids(body) == expected
    assert body["numberMatched"] == len(expected) == body["numberReturned"]


def test_within_an_area_matches_the_area_polygon_and_pages(api_as):
    community = sql(
        "SELECT code FROM geo_adminarea WHERE level = 'community' AND code LIKE %s ORDER BY code", [STREET_1 + "%"]
    )[0][0]
    expected = [
        r[0]
        for r in sql(
            "SELECT p.id FROM grids_place p JOIN geo_adminarea a ON ST_Covers(a.geom, p.point)"
            " WHERE a.code = %s ORDER BY p.id",
            [community],
        )
    ]
    client = api_as("analyst")
    first = client.get("/api/v1/query/within", {"layer": "places", "area": community, "limit": 3}).json()
    assert first["numberMatched"] == len(expected) and _ids(first) == expected[:3]
    assert first["next"] and "offset=3" in first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert _ids(second) == expected[3:6]


def test_buffer_matches_st_dwithin_in_metres(api_as):
    p = point_in_street(STREET_1, 2)
    body = (
        api_as("analyst")
        .get("/api/v1/query/buffer", {"layer": "places", "lon": p.x, "lat": p.y, "radius_m": 1500, "limit": 1000})
        .json()
    )
    rows = sql(
        f"""SELECT id, ST_Distance(ST_Transform(geom, %(srid)s), {CENTRE}) d FROM grids_place
           WHERE ST_DWithin(ST_Transform(geom, %(srid)s), {CENTRE}, 1500) ORDER BY d, id""",
        {"x": p.x, "y": p.y, "srid": settings.METRIC_SRID},
    )
    assert rows and _ids(body) == [r[0] for r in rows]
    assert [f["properties"]["distance_m"] for f in body["features"]] == [round(r[1], 1) for r in rows]


def test_nearest_ranks_by_metric_distance(api_as):
    p = point_in_street(STREET_1, 4)
    body = api_as("analyst").get("/api/v1/query/nearest", {"layer": "places", "lon": p.x, "lat": p.y, "k": 7}).json()
    rows = sql(
        f"SELECT id FROM grids_place ORDER BY ST_Distance(ST_Transform(geom, %(srid)s), {CENTRE}), id LIMIT 7",
        {"x": p.x, "y": p.y, "srid": settings.METRIC_SRID},
    )
    assert _ids(body) == [r[0] for r in rows]
    distances = [f["properties"]["distance_m"] for f in body["features"]]
    assert distances == sorted(distances)


def test_aggregate_by_grid_counts_every_grid_of_the_area_zeros_included(api_as):
    body = (
        api_as("analyst")
        .get("/api/v1/query/aggregate", {"layer": "places", "by": "grid", "area": STREET_1 + "000"})
        .json()
    )
    grids = [r[0] for r in sql("SELECT code FROM grids_grid WHERE code LIKE %s ORDER BY code", [STREET_1 + "%"])]
    counts = dict(
        sql(
            "SELECT left(location_code, 15), count(*) FROM grids_place WHERE location_code LIKE %s GROUP BY 1",
            [STREET_1 + "%"],
        )
    )
    got = {f["properties"]["code"]: f["properties"]["count"] for f in body["features"]}
    assert list(got) == grids
    assert got == {code: counts.get(code, 0) for code in grids}
    assert 0 in got.values() and body["total"] == sum(counts.values())
    assert body["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_aggregate_by_h3_bins_each_point(api_as):
    body = (
        api_as("analyst")
        .get("/api/v1/query/aggregate", {"layer": "places", "by": "h3:8", "area": STREET_1 + "000", "kind": "facility"})
        .json()
    )
    expected = {}
    for x, y in sql(
        "SELECT ST_X(point), ST_Y(point) FROM grids_place WHERE location_code LIKE %s AND kind = 'facility'",
        [STREET_1 + "%"],
    ):
        cell = h3.latlng_to_cell(y, x, 8)
        expected[cell] = expected.get(cell, 0) + 1
    assert {f["id"]: f["properties"]["count"] for f in body["features"]} == expected
    assert body["by"] == "h3:8" and body["features"][0]["geometry"]["type"] == "Polygon"


def test_schools_near_open_safety_events(api_as, events_in_streets):
    """ "Which schools lie within 2 km of an open safety event": buffer around the event."""
    fire = events_in_streets["fire"]
    body = (
        api_as("analyst")
        .get("/api/v1/query/buffer", {"layer": "places", "kind": "school,hospital", "event": fire.pk, "radius_m": 2000})
        .json()
    )
    rows = sql(
        """SELECT p.id FROM grids_place p, events_event e
           WHERE e.id = %s AND p.kind IN ('school', 'hospital')
             AND ST_Distance(ST_Transform(p.geom, %s), ST_Transform(e.point, %s)) <= 2000
           ORDER BY ST_Distance(ST_Transform(p.geom, %s), ST_Transform(e.point, %s)), p.id""",
        [fire.pk, *[settings.METRIC_SRID] * 4],
    )
    assert _ids(body) == [r[0] for r in rows]
    events = (
        api_as("analyst")
        .get("/api/v1/query/within", {"layer": "events", "category": "safety", "status": "open"})
        .json()
    )
    assert _ids(events) == [fire.pk]


def test_events_aggregate_filters_and_masks_personal_fields(api_as, events_in_streets):
    client = api_as("analyst")
    body = client.get("/api/v1/query/aggregate", {"layer": "events", "by": "street", "category": "dispute"}).json()
    counts = {f["properties"]["code"]: f["properties"]["count"] for f in body["features"]}
    assert counts[STREET_1 + "000"] == 2 and counts["320411002000"] == 1 and body["total"] == 3
    assert "priority_avg" in body["features"][0]["properties"]
    events = client.get("/api/v1/query/within", {"layer": "events", "area": STREET_1 + "000"}).json()
    assert {f["properties"]["contact_phone"] for f in events["features"]} <= {"", None}


def test_output_and_input_in_gcj02(api_as):
    p = point_in_street(STREET_1, 6)
    client = api_as("analyst")
    wgs = client.get("/api/v1/query/nearest", {"layer": "places", "lon": p.x, "lat": p.y, "k": 3}).json()
    gx, gy = wgs84_to_gcj02(p.x, p.y)
    gcj = client.get("/api/v1/query/nearest", {"layer": "places", "lon": gx, "lat": gy, "k": 3, "crs": "gcj02"}).json()
    assert _ids(gcj) == _ids(wgs)
    for a, b in zip(wgs["features"], gcj["features"], strict=True):
        if a["geometry"]["type"] == "Point":
            expected = wgs84_to_gcj02(*a["geometry"]["coordinates"])
            assert b["geometry"]["coordinates"] == pytest.approx(list(expected), abs=2e-7)
            assert b["properties"]["distance_m"] == pytest.approx(a["properties"]["distance_m"], abs=0.2)


def test_layers_catalogue_lists_every_registered_layer(api_as):
    layers = {layer["name"]: layer for layer in api_as("analyst").get("/api/v1/query/layers").json()["layers"]}
    assert {"places", "events", "grids", "checkins", "visits", "workers", "fixes", "patrols"} <= set(layers)
    assert "school" in layers["places"]["filters"]["kind"]["choices"]
    assert layers["fixes"]["time_required"] and layers["fixes"]["raw_max_hours"] == 24
    assert layers["events"]["personal"] == ["contact_name", "contact_phone"]

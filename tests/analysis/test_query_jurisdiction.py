"""A street operator never sees another street's rows through any query, export or collection."""

import io
import json
import zipfile

import pyogrio
import pytest

from tests.analysis.analysis_support import STREET_1, STREET_2, point_in_street

pytestmark = pytest.mark.django_db
USER = f"street{STREET_1[-3:]}"


def _codes(body, key="code"):
    return {f["properties"][key] for f in body["features"]}


def test_every_query_is_cut_to_the_street(api_as, events_in_streets):
    client = api_as(USER)
    border = point_in_street(STREET_2)  # centre in the other street: only our rows may come back
    queries = [
        ("within", {"layer": "places", "limit": 1000}, "code"),
        ("within", {"layer": "events"}, "location_code"),
        ("within", {"layer": "grids", "limit": 1000}, "code"),
        ("buffer", {"layer": "places", "lon": border.x, "lat": border.y, "radius_m": 8000, "limit": 1000}, "code"),
        ("nearest", {"layer": "places", "lon": border.x, "lat": border.y, "k": 50}, "code"),
        ("nearest", {"layer": "events", "lon": border.x, "lat": border.y, "k": 10}, "location_code"),
        ("aggregate", {"layer": "places", "by": "community"}, "code"),
        ("aggregate", {"layer": "events", "by": "h3:7"}, None),
    ]
    for path, params, key in queries:
        body = client.get(f"/api/v1/query/{path}", params).json()
        assert body["features"], (path, params)
        if key:
            assert all(code.startswith(STREET_1) for code in _codes(body, key)), (path, params)
    events = client.get("/api/v1/query/within", {"layer": "events"}).json()
    assert events_in_streets["other_street"].pk not in {f["id"] for f in events["features"]}
    h3 = client.get("/api/v1/query/aggregate", {"layer": "events", "by": "h3:7"}).json()
    assert sum(f["properties"]["count"] for f in h3["features"]) == 3


def test_exports_are_cut_to_the_street(api_as, tmp_path):
    client = api_as(USER)
    response = client.get("/api/v1/query/within", {"layer": "places", "format": "shp"})
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    codes = set()
    for shp in tmp_path.glob("*.shp"):
        codes |= set(pyogrio.read_dataframe(shp)["code"])
    assert codes and all(code.startswith(STREET_1) for code in codes)


def test_collections_are_cut_to_the_street(api_as):
    client = api_as(USER)
    body = client.get("/ogc/collections/places/items", {"limit": 10000}).json()
    assert body["numberMatched"] == len(body["features"]) > 0
    assert all(code.startswith(STREET_1) for code in _codes(body))
    from grids.models import Place

    other = Place.objects.filter(location_code__startswith=STREET_2).first()
    assert client.get(f"/ogc/collections/places/items/{other.pk}").status_code == 404
    mine = Place.objects.filter(location_code__startswith=STREET_1).first()
    assert client.get(f"/ogc/collections/places/items/{mine.pk}").status_code == 200
    streets = client.get("/ogc/collections/streets/items").json()
    assert [f["properties"]["code"] for f in streets["features"]] == [STREET_1 + "000"]
    assert json.loads(json.dumps(streets))["numberMatched"] == 1

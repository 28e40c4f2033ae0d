"""OGC API – Features at /ogc/: OWSLib (the client library QGIS-like tools build on) against a real
daphne process on the test database, authenticated by a token header; CRS, HTML and datetime
through the Django test client."""

import base64
import json
import urllib.error
import urllib.request

import pytest
from owslib.ogcapi.features import Features

from tests.analysis.analysis_support import STREET_1, sql
from tests.servers import daphne, terminate_sessions


@pytest.fixture(scope="module")
def ogc(django_db_setup, django_db_blocker, tmp_path_factory):
    """(base URL of a daphne serving the test database, the analyst's token, street001's token)."""
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import issue

    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
        tokens = [issue(user=User.objects.get(username=u)).key for u in ("analyst", "street001")]
    try:
        with daphne(settings_dict, tmp_path_factory.mktemp("ogc") / "daphne.log") as url:
            yield url, *tokens
    finally:
        with django_db_blocker.unblock():
            terminate_sessions(settings_dict["NAME"])


def _features(ogc, token_index=1):
    url, *tokens = ogc
    return Features(f"{url}/ogc/", headers={"Authorization": f"Token {tokens[token_index - 1]}"})


def test_owslib_reads_landing_conformance_collections_and_items(ogc, django_db_blocker):
    api = _features(ogc)
    assert {link["rel"] for link in api.links} >= {"self", "conformance", "data", "service-desc"}
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    ids = api.feature_collections()
    assert {"streets", "communities", "grids", "microgrids", "places", "places-school", "events"} <= set(ids)
    grids = api.collection("grids")
    assert grids["extent"]["spatial"]["bbox"][0][0] < 120 and "items" in {link["rel"] for link in grids["links"]}
    with django_db_blocker.unblock():
        n_schools = sql("SELECT count(*) FROM grids_place WHERE kind = 'school'")[0][0]
        street_grids = sql("SELECT id FROM grids_grid WHERE code LIKE %s ORDER BY id", [STREET_1 + "%"])
    page = api.collection_items("places-school", limit=10)
    assert page["numberMatched"] == n_schools and page["numberReturned"] == 10
    assert {f["properties"]["kind"] for f in page["features"]} == {"school"}
    following = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert "offset=10" in following
    second = api.collection_items("places-school", limit=10, offset=10)
    assert not {f["id"] for f in page["features"]} & {f["id"] for f in second["features"]}
    one = api.collection_item("grids", str(street_grids[0][0]))
    assert one["properties"]["code"].startswith(STREET_1) and one["geometry"]["type"] == "MultiPolygon"


def test_owslib_bbox_filter_and_jurisdiction(ogc, django_db_blocker):
    api = _features(ogc, token_index=2)  # street001
    with django_db_blocker.unblock():
        xmin, ymin, xmax, ymax = sql(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM geo_adminarea"
            " WHERE level = 'district') d"
        )[0]
        expected = sql("SELECT count(*) FROM grids_place WHERE location_code LIKE %s", [STREET_1 + "%"])[0][0]
    everything = api.collection_items("places", bbox=[xmin, ymin, xmax, ymax], limit=10000)
    assert everything["numberMatched"] == expected
    assert all(f["properties"]["code"].startswith(STREET_1) for f in everything["features"])
    nowhere = api.collection_items("places", bbox=[100, 20, 100.1, 20.1])
    assert nowhere["numberMatched"] == 0 and nowhere["features"] == []


def test_basic_auth_for_desktop_clients_and_401_without(ogc, settings):
    url = ogc[0]
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(f"{url}/ogc/collections", timeout=30)
    assert denied.value.code == 401 and denied.value.headers["WWW-Authenticate"].startswith("Basic")
    credentials = base64.b64encode(f"analyst:{settings.DEMO_PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        f"{url}/ogc/collections/streets/items", headers={"Authorization": f"Basic {credentials}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/geo+json")
        assert json.load(response)["numberMatched"] == 10


@pytest.mark.django_db
def test_crs_html_datetime_and_bad_parameters(api_as, events_in_streets):
    client = api_as("analyst")
    fire = events_in_streets["fire"]
    lat_lon = client.get(
        f"/ogc/collections/events/items/{fire.pk}", {"crs": "http://www.opengis.net/def/crs/EPSG/0/4490"}
    )
    assert lat_lon["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4490>"
    assert lat_lon.json()["geometry"]["coordinates"] == pytest.approx([fire.point.y, fire.point.x], abs=1e-7)
    metric = client.get(
        f"/ogc/collections/events/items/{fire.pk}", {"crs": "http://www.opengis.net/def/crs/EPSG/0/4549"}
    )
    assert 3.0e6 < metric.json()["geometry"]["coordinates"][1] < 4.0e6
    day = fire.created_at.date().isoformat()
    today = client.get(
        "/ogc/collections/events/items", {"datetime": f"{day}T00:00:00+08:00/..", "status": "open"}
    ).json()
    assert today["numberMatched"] == 4
    before = client.get("/ogc/collections/events/items", {"datetime": "../2020-01-01T00:00:00Z"}).json()
    assert before["numberMatched"] == 0
    html = client.get("/ogc/collections/events/items", {"f": "html"})
    assert html["Content-Type"].startswith("text/html") and "消防隐患" in html.content.decode()
    for params, field in (
        ({"bbox": "1,2,3"}, "bbox"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"colour": "red"}, "colour"),
    ):
        response = client.get("/ogc/collections/events/items", params)
        assert response.status_code == 400 and response.json()["field"] == field
    assert client.get("/ogc/collections/nope").status_code == 404

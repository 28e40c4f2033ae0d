"""The GeoJSON APIs and /locate: answers, bad input, and the jurisdiction cut."""

import pytest
from rest_framework.test import APIClient

from geo.crs import wgs84_to_bd09, wgs84_to_gcj02
from grids.models import Grid, MicroGrid, Place

pytestmark = pytest.mark.django_db


def a_point_in(code_prefix):
    micro = MicroGrid.objects.filter(code__startswith=code_prefix).order_by("code").first()
    return micro, micro.geom.point_on_surface


def test_locate_returns_the_whole_chain(api_as):
    micro, point = a_point_in("320411005")

    response = api_as("district").get("/api/v1/locate", {"lon": point.x, "lat": point.y})

    assert response.status_code == 200
    body = response.json()
    assert body["micro_grid"] == {"code": micro.code, "name": micro.name}
    assert body["grid"]["code"] == micro.grid.code
    assert body["community"]["code"] == micro.code[:12]
    assert body["street"] == {"code": "320411005000", "name": "春江街道"}
    assert body["district"] == {"code": "320411000000", "name": "新北区"}


@pytest.mark.parametrize("crs,forward", [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09), ("CGCS2000", None)])
def test_locate_converts_chinese_offset_coordinates(api_as, crs, forward):
    micro, point = a_point_in("320411003")
    lon, lat = forward(point.x, point.y) if forward else (point.x, point.y)

    body = api_as("district").get("/api/v1/locate", {"lon": lon, "lat": lat, "crs": crs}).json()

    assert body["micro_grid"]["code"] == micro.code
    assert body["point"]["lon"] == pytest.approx(point.x, abs=1e-6)


def test_locate_outside_the_district_is_404_with_a_message(api_as):
    response = api_as("district").get("/api/v1/locate", {"lon": 121.47, "lat": 31.23})

    assert response.status_code == 404
    assert "不在辖区" in response.json()["detail"]


@pytest.mark.parametrize(
    "params,field",
    [
        ({"lon": "abc", "lat": "31.9"}, "lon"),
        ({"lon": "119.9"}, "lat"),
        ({"lon": "190", "lat": "31.9"}, "lon"),
        ({"lon": "119.9", "lat": "-91"}, "lat"),
        ({"lon": "nan", "lat": "31.9"}, "lon"),
        ({"lon": "119.9", "lat": "31.9", "crs": "epsg:3857"}, "crs"),
    ],
)
def test_locate_rejects_bad_input_naming_the_field(api_as, params, field):
    response = api_as("district").get("/api/v1/locate", params)

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field and body["errors"][0]["field"] == field


def test_token_login_and_anonymous_refusal():
    client = APIClient()
    assert client.get("/api/v1/grids").status_code == 401

    bad = client.post("/api/v1/auth/token", {"username": "district", "password": "wrong"}, format="json")
    assert bad.status_code == 401

    from django.conf import settings

    good = client.post(
        "/api/v1/auth/token", {"username": "district", "password": settings.DEMO_PASSWORD}, format="json"
    )
    assert good.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {good.json()['token']}")
    assert client.get("/api/v1/me").json()["jurisdiction_code"] == "320411000000"


def test_street_operator_never_sees_another_streets_grid(api_as):
    client = api_as("street001")
    other = Grid.objects.filter(code__startswith="320411002").first()
    own = Grid.objects.filter(code__startswith="320411001").first()

    assert client.get(f"/api/v1/grids/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/grids/{own.pk}").status_code == 200
    codes = []
    url = "/api/v1/grids?page_size=1000"
    while url:
        body = client.get(url).json()
        codes += [f["properties"]["code"] for f in body["features"]]
        url = body["next"]
    assert codes and all(c.startswith("320411001") for c in codes)
    assert len(codes) == Grid.objects.filter(code__startswith="320411001").count()


@pytest.mark.parametrize(
    "path,model,prefix_field",
    [
        ("/api/v1/microgrids", MicroGrid, "code"),
        ("/api/v1/places", Place, "location_code"),
    ],
)
def test_street_operator_lists_are_cut_to_the_street(api_as, path, model, prefix_field):
    body = api_as("street002").get(path, {"page_size": 1000}).json()

    assert body["count"] == model.objects.filter(**{f"{prefix_field}__startswith": "320411002"}).count()
    assert all(not f["properties"].get("code", "320411002").startswith("320411001") for f in body["features"])


def test_a_grid_worker_sees_only_their_grid(api_as):
    grid = Grid.objects.order_by("code").first()
    username = grid.members.get(role="worker").user.username

    body = api_as(username).get("/api/v1/grids").json()

    assert [f["properties"]["code"] for f in body["features"]] == [grid.code]


def test_areas_show_the_street_and_its_communities_and_the_district_above(api_as):
    body = api_as("street003").get("/api/v1/areas", {"page_size": 1000}).json()
    codes = {f["properties"]["code"] for f in body["features"]}

    assert "320411000000" in codes and "320411003000" in codes
    assert not any(c.startswith("320411004") for c in codes)


def test_bbox_and_property_filters(api_as):
    client = api_as("district")
    inside = client.get("/api/v1/grids", {"bbox": "119.95,31.80,119.99,31.83", "page_size": 1000}).json()
    assert 0 < inside["count"] < Grid.objects.count()
    dedicated = client.get("/api/v1/grids", {"kind": "dedicated"}).json()
    assert dedicated["count"] == Grid.objects.filter(kind="dedicated").count()
    schools = client.get("/api/v1/places", {"kind": "school", "page_size": 5}).json()
    assert schools["features"] and all(f["properties"]["kind"] == "school" for f in schools["features"])


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "120,31,119,32", "119,31,200,32", "nan,31,120,32"])
def test_bad_bbox_is_400(api_as, bbox):
    response = api_as("district").get("/api/v1/grids", {"bbox": bbox})

    assert response.status_code == 400
    assert response.json()["field"] == "bbox"


def test_grid_list_query_count_does_not_grow_with_page_size(api_as, django_assert_max_num_queries):
    client = api_as("district")
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/grids", {"page_size": 200}).json()
    assert len(body["features"]) == 200


def test_openapi_schema_and_docs_are_served(api_as):
    client = api_as("district")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/locate" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_search_by_name_and_code_is_cut_to_the_jurisdiction(api_as):
    grid = Grid.objects.filter(code__startswith="320411004").order_by("code").first()

    by_code = api_as("district").get("/api/v1/search", {"q": grid.code}).json()["results"]
    assert by_code[0]["code"] == grid.code and by_code[0]["type"] == "grid"
    west, south, east, north = by_code[0]["bbox"]
    assert west < east and south < north

    by_name = api_as("street004").get("/api/v1/search", {"q": "网格", "limit": 50}).json()["results"]
    assert len(by_name) == 50 and all(r["code"].startswith("320411004") for r in by_name)
    assert api_as("street001").get("/api/v1/search", {"q": grid.code}).json()["results"] == []
    assert api_as("district").get("/api/v1/search").status_code == 400


def test_chain_of_a_micro_grid(api_as):
    micro = MicroGrid.objects.filter(code__startswith="320411007").order_by("code").first()

    chain = api_as("street007").get(f"/api/v1/chain/{micro.code}").json()["chain"]

    assert [c["level"] for c in chain] == ["district", "street", "community", "grid", "micro_grid"]
    assert chain[1]["name"] == "罗溪镇" and chain[-1]["code"] == micro.code
    assert api_as("street001").get(f"/api/v1/chain/{micro.code}").status_code == 404
    assert api_as("district").get("/api/v1/chain/12345").status_code == 404

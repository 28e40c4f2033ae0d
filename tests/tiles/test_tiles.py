"""Vector tiles: valid MVT, zoom ranges, jurisdiction cut, ETag/304, 204 and 400."""

import mapbox_vector_tile
import pytest
from django.test import Client
from shapely.geometry import shape

from geo.tiles.coords import tile_of
from grids.models import Grid, MicroGrid, Place

pytestmark = pytest.mark.django_db


def session_as(username):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def decode(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)


def centre_tile(code_prefix, z):
    micro = MicroGrid.objects.filter(code__startswith=code_prefix).order_by("code").first()
    p = micro.geom.point_on_surface
    return micro, tile_of(p.x, p.y, z)


@pytest.mark.parametrize("layer,z", [("areas", 10), ("grids", 13), ("microgrids", 15), ("places", 13)])
def test_each_layer_decodes_as_mvt_with_its_fields(layer, z):
    _, (x, y) = centre_tile("320411005", z)

    tile = decode(session_as("district").get(f"/tiles/{layer}/{z}/{x}/{y}.pbf"))

    features = tile[layer]["features"]
    assert features
    assert {"id", "name"} <= set(features[0]["properties"])
    assert all(shape(f["geometry"]).is_valid or f["geometry"]["type"].endswith("Point") for f in features)


def test_a_grid_tile_holds_the_grid_under_the_point():
    micro, (x, y) = centre_tile("320411004", 14)

    tile = decode(session_as("district").get(f"/tiles/grids/14/{x}/{y}.pbf"))

    assert micro.grid.code in {f["properties"]["code"] for f in tile["grids"]["features"]}


def test_below_a_layers_minzoom_the_tile_is_empty():
    _, (x, y) = centre_tile("320411005", 10)
    assert session_as("district").get(f"/tiles/microgrids/10/{x}/{y}.pbf").status_code == 204


def test_a_tile_outside_the_district_is_204():
    x, y = tile_of(121.47, 31.23, 14)  # Shanghai
    assert session_as("district").get(f"/tiles/grids/14/{x}/{y}.pbf").status_code == 204


@pytest.mark.parametrize("path", ["/tiles/grids/23/0/0.pbf", "/tiles/grids/3/8/0.pbf", "/tiles/grids/3/0/8.pbf"])
def test_tile_coordinates_out_of_range_are_400(path):
    response = session_as("district").get(path)
    assert response.status_code == 400
    assert "out of range" in response.json()["detail"]


def test_unknown_layer_is_404_and_anonymous_is_401():
    assert session_as("district").get("/tiles/nope/1/1/1.pbf").status_code == 404
    assert Client().get("/tiles/grids/1/1/1.pbf").status_code == 401


def test_etag_gives_304_until_the_layer_changes():
    client = session_as("district")
    _, (x, y) = centre_tile("320411001", 14)
    url = f"/tiles/grids/14/{x}/{y}.pbf"
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    Grid.objects.filter(code__startswith="320411001").update(name="改名网格")
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "改名网格" in {f["properties"]["name"] for f in decode(again)["grids"]["features"]}


def test_street_operator_tiles_hold_nothing_outside_the_street():
    # A tile on the border of streets 001 and 002 holds both for the district, one for street001.
    grid_1 = Grid.objects.filter(code__startswith="320411001").order_by("code")
    z = 12
    for grid in grid_1:
        p = grid.geom.point_on_surface
        x, y = tile_of(p.x, p.y, z)
        everything = decode(session_as("district").get(f"/tiles/grids/{z}/{x}/{y}.pbf"))["grids"]["features"]
        if any(not f["properties"]["code"].startswith("320411001") for f in everything):
            break
    else:
        pytest.fail("no tile crosses the street border")

    for layer in ("areas", "grids", "places"):
        response = session_as("street001").get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
        features = decode(response)[layer]["features"] if response.status_code == 200 else []
        codes = [f["properties"].get("code") for f in features]
        assert all(c.startswith("320411001") for c in codes), (layer, codes)


def test_tilejson_describes_the_layer():
    body = session_as("street002").get("/tiles/microgrids.json").json()

    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].endswith("/tiles/microgrids/{z}/{x}/{y}.pbf")
    assert body["minzoom"] == 14
    assert body["vector_layers"][0]["fields"]["code"] == "String"
    west, south, east, north = body["bounds"]
    street = Grid.objects.filter(code__startswith="320411002").first().street.geom.extent
    assert (west, south) == pytest.approx(street[:2], abs=1e-5)


def test_token_auth_works_for_tiles():
    from accounts.models import User
    from accounts.tokens import issue

    token = issue(user=User.objects.get(username="analyst"))
    _, (x, y) = centre_tile("320411005", 13)
    response = Client().get(f"/tiles/places/13/{x}/{y}.pbf", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert Place.objects.exists()


def test_gcj02_shift_moves_features_by_the_local_offset():
    from geo.tiles.shift import tile_shift

    _, (x, y) = centre_tile("320411005", 15)
    dx, dy = tile_shift("gcj02", 15, x, y)
    # GCJ-02 moves Xinbei ≈ 500 m, mostly east-north-east; in 3857 metres (scale 1/cos 32° ≈ 1.18).
    assert 400 < dx < 700 and -300 < dy < 0 or 400 < dx < 700 and 0 < dy < 300

    client = session_as("district")
    plain = decode(client.get(f"/tiles/microgrids/15/{x}/{y}.pbf"))["microgrids"]["features"]
    shifted = decode(client.get(f"/tiles/microgrids/15/{x}/{y}.pbf?shift=gcj02"))["microgrids"]["features"]
    by_code = {f["properties"]["code"]: shape(f["geometry"]) for f in plain}
    moved = [
        (shape(f["geometry"]).bounds[0] - by_code[c].bounds[0])
        for f in shifted
        if (c := f["properties"]["code"]) in by_code and by_code[c].bounds[0] > 0
    ]
    pixels_per_metre = 4096 / (40075016.68557849 / 2**15)
    assert moved and sum(moved) / len(moved) == pytest.approx(dx * pixels_per_metre, abs=3)
    assert client.get(f"/tiles/grids/14/{x // 2}/{y // 2}.pbf?shift=mars").status_code == 400

"""Heat from the hourly aggregates: API, tiles, jurisdiction."""

from datetime import datetime, timedelta, timezone

import h3
import mapbox_vector_tile
import pytest
from django.test import Client

from geo.tiles.coords import tile_of
from tracking.fixes import Fix
from tracking.ingest import record_fixes

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def six_fixes_at_a_point(worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    fixes = [Fix(time=NOW - timedelta(minutes=50 - i), lon=p.x, lat=p.y) for i in range(6)]
    record_fixes(worker_device, fixes, "test")
    return grid, p


def test_heat_api_returns_hexagons_with_counts(api_as, six_fixes_at_a_point):
    grid, p = six_fixes_at_a_point
    street = "street" + grid.code[6:9]

    body = api_as(street).get("/api/v1/heat", {"res": 10}).json()

    cell = h3.latlng_to_cell(p.y, p.x, 10)
    feature = next(f for f in body["features"] if f["properties"]["cell"] == cell)
    assert feature["properties"]["fixes"] == 6
    ring = feature["geometry"]["coordinates"][0]
    assert len(ring) == 7 and ring[0] == ring[-1]


def test_heat_api_respects_time_window_bbox_and_jurisdiction(api_as, six_fixes_at_a_point):
    grid, p = six_fixes_at_a_point
    earlier = {"from": (NOW - timedelta(days=3)).isoformat(), "to": (NOW - timedelta(days=2)).isoformat()}
    assert api_as("district").get("/api/v1/heat", earlier).json()["features"] == []
    far = {"bbox": "121.0,31.0,121.1,31.1"}
    assert api_as("district").get("/api/v1/heat", far).json()["features"] == []
    other_street = "street001" if grid.code[6:9] != "001" else "street002"
    assert api_as(other_street).get("/api/v1/heat").json()["features"] == []


@pytest.mark.parametrize(
    "params,field", [({"res": 5}, "res"), ({"from": "yesterday"}, "from"), ({"bbox": "1,2"}, "bbox")]
)
def test_heat_api_bad_input_is_400(api_as, params, field):
    response = api_as("district").get("/api/v1/heat", params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_grid_workers_get_no_heat(api_as, worker_device):
    response = api_as(worker_device.user.username).get("/api/v1/heat")
    assert response.status_code == 400


def test_heat_tiles_hold_the_hexagon_with_its_count(six_fixes_at_a_point):
    from accounts.models import User

    _, p = six_fixes_at_a_point
    client = Client()
    client.force_login(User.objects.get(username="district"))
    x, y = tile_of(p.x, p.y, 15)

    response = client.get(f"/tiles/heat/15/{x}/{y}.pbf")

    assert response.status_code == 200
    features = mapbox_vector_tile.decode(response.content)["heat"]["features"]
    cells = {f["properties"]["cell"]: f["properties"]["fixes"] for f in features}
    assert cells[h3.latlng_to_cell(p.y, p.x, 10)] == 6

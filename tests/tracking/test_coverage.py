"""Coverage: H3 cells of a polygon (canned), and a worker walking through known cells of their grid."""

from datetime import datetime, timedelta, timezone

import h3
import pytest
from duty_support import lay_fixes

from grids.models import GridMember
from tracking.coverage import cells_of_geojson, grid_cells, share

NOW = datetime.now(timezone.utc).replace(microsecond=0)
CELL = h3.latlng_to_cell(31.90, 119.95, 10)
GRID = "320411001001001"


def test_a_polygon_made_of_seven_cells_has_exactly_those_cells():
    cells = h3.grid_disk(CELL, 1)
    geojson = h3.cells_to_geo(cells)  # the outline of the 7 cells

    assert cells_of_geojson(geojson) == {h3.str_to_int(c) for c in cells}


def test_a_polygon_too_small_for_a_cell_centre_gets_the_cell_it_lies_in():
    lat, lon = h3.cell_to_latlng(CELL)
    lat, lon = lat + 0.0002, lon + 0.0002  # off the centre, ~20 m square
    tiny = {
        "type": "Polygon",
        "coordinates": [
            [(lon, lat), (lon + 0.0001, lat), (lon + 0.0001, lat + 0.0001), (lon, lat + 0.0001), (lon, lat)]
        ],
    }

    assert cells_of_geojson(tiny) == {h3.str_to_int(CELL)}


def test_share_counts_only_the_grids_cells():
    assert share(frozenset({1, 2, 3, 4}), {2, 4, 99}) == 0.5
    assert share(frozenset(), {1}) == 0.0


@pytest.fixture
def walk_three_cells(worker_device, point_in_own_grid):
    """The worker visits the centres of three of their grid's cells; a flagged fix in a fourth."""
    grid, _ = point_in_own_grid
    cells = sorted(grid_cells(grid))
    assert len(cells) >= 4
    centres = [h3.cell_to_latlng(h3.int_to_str(c))[::-1] for c in cells[:4]]
    start = NOW - timedelta(hours=1)
    lay_fixes(worker_device, centres[:3], start, step_s=120)
    lay_fixes(worker_device, [(*centres[3], 500.0)], start + timedelta(minutes=10))
    return grid, cells


@pytest.mark.django_db
def test_coverage_of_a_grid_per_worker(worker_device, walk_three_cells, api_as):
    grid, cells = walk_three_cells
    leader = GridMember.objects.get(grid=grid, role="leader").user

    r = api_as(f"street{grid.code[6:9]}").get("/api/v1/coverage", {"grid": grid.code})

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["grid"]["code"] == grid.code and body["cells"] == len(cells)
    assert body["visited"] == 3 and body["share"] == pytest.approx(3 / len(cells))
    by_user = {w["user"]: w for w in body["per_worker"]}
    assert by_user[worker_device.user.username]["visited"] == 3
    assert by_user[leader.username]["visited"] == 0 and by_user[leader.username]["share"] == 0


@pytest.mark.django_db
def test_coverage_of_one_worker_and_a_period_without_fixes(worker_device, walk_three_cells, api_as):
    grid, cells = walk_three_cells
    api = api_as(worker_device.user.username)  # a worker sees their own grid
    user = worker_device.user.username

    mine = api.get("/api/v1/coverage", {"grid": grid.code, "user": user}).json()
    earlier = api.get(
        "/api/v1/coverage",
        {
            "grid": grid.code,
            "from": (NOW - timedelta(days=3)).date().isoformat(),
            "to": (NOW - timedelta(days=2)).isoformat(),
        },
    ).json()

    assert [w["user"] for w in mine["per_worker"]] == [user] and mine["visited"] == 3
    assert earlier["visited"] == 0 and earlier["share"] == 0


@pytest.mark.django_db
def test_another_streets_grid_is_not_found(worker_device, walk_three_cells, api_as):
    grid, _ = walk_three_cells
    other = "street002" if grid.code[6:9] != "002" else "street001"

    r = api_as(other).get("/api/v1/coverage", {"grid": grid.code})

    assert r.status_code == 404 and r.json()["field"] == "grid"


@pytest.mark.django_db
def test_a_worker_outside_the_jurisdiction_is_not_found(worker_device, walk_three_cells, api_as):
    grid, _ = walk_three_cells
    stranger = GridMember.objects.exclude(grid__code__startswith=grid.code[:9]).first().user.username

    r = api_as(f"street{grid.code[6:9]}").get("/api/v1/coverage", {"grid": grid.code, "user": stranger})

    assert r.status_code == 404 and r.json()["field"] == "user"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,field",
    [
        ({}, "grid"),
        ({"grid": "12345"}, "grid"),
        ({"grid": GRID, "from": "2026-13-01"}, "from"),
        ({"grid": GRID, "from": "2026-11-20", "to": "2026-11-19T00:00:00+08:00"}, "to"),
        ({"grid": GRID, "from": "2026-01-01", "to": "2026-11-20"}, "to"),
    ],
)
def test_bad_coverage_queries_are_400s_naming_the_field(api_as, params, field):
    r = api_as("district").get("/api/v1/coverage", params)

    assert r.status_code == 400, r.json()
    assert r.json()["field"] == field


@pytest.mark.django_db
def test_the_documented_shape_matches(worker_device, walk_three_cells, api_as):
    from tracking.api.duty_serializers import CoverageSerializer, CoverageWorkerSerializer

    grid, _ = walk_three_cells
    body = api_as("district").get("/api/v1/coverage", {"grid": grid.code}).json()

    assert set(body) == set(CoverageSerializer().fields)
    assert set(body["per_worker"][0]) == set(CoverageWorkerSerializer().fields)

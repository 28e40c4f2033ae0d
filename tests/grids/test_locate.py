"""The locate service agrees with PostGIS, falls back to coarser layers, and follows layer edits."""

import numpy as np
import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection

from geo.models import AdminArea
from grids.locate import locate_many, locate_point
from grids.models import Grid, MicroGrid

pytestmark = pytest.mark.django_db


def postgis_micro_grid_codes(lon, lat):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT m.code FROM grids_microgrid m
                    WHERE ST_Covers(m.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
                    ORDER BY m.code LIMIT 1)
            FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(lon, lat, i) ORDER BY p.i
        """,
            [list(lon), list(lat)],
        )
        return [row[0] or "" for row in cursor.fetchall()]


def test_locate_many_agrees_with_postgis_for_random_points_in_and_around_the_district():
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(119.70, 120.07, 3000), rng.uniform(31.75, 32.10, 3000)

    located = locate_many(lon, lat)

    expected = postgis_micro_grid_codes(lon, lat)
    assert list(located.code) == expected
    assert 0 < located.found.sum() < len(lon), "some points inside, some outside"


def test_located_ids_form_a_consistent_chain():
    rng = np.random.default_rng(12)
    located = locate_many(rng.uniform(119.85, 119.95, 200), rng.uniform(31.85, 31.95, 200))
    micro = MicroGrid.objects.select_related("grid").in_bulk(located.micro_grid_id[located.found].tolist())

    for i in np.flatnonzero(located.found):
        m = micro[located.micro_grid_id[i]]
        assert m.grid_id == located.grid_id[i]
        assert m.grid.community_id == located.community_id[i]
        assert m.grid.street_id == located.street_id[i]
        assert m.code.startswith(AdminArea.objects.get(pk=located.street_id[i]).code[:9])


def test_point_outside_the_district_is_not_found():
    assert locate_point(121.47, 31.23) is None  # Shanghai


def test_point_on_a_shared_edge_goes_to_the_lowest_code():
    first, second = MicroGrid.objects.order_by("code")[:2]
    shared = first.geom.intersection(second.geom)
    if shared.empty:
        pytest.skip("first two micro-grids are not neighbours")
    x, y = shared.coords[0] if shared.geom_type == "Point" else shared.point_on_surface.coords
    assert locate_point(x, y).code == first.code


def test_index_follows_a_layer_edit_in_the_same_process():
    grid = Grid.objects.get(code=MicroGrid.objects.order_by("code").first().grid.code)
    point = grid.micro_grids.order_by("code").first().geom.point_on_surface
    assert locate_point(point.x, point.y).micro_grid_id is not None

    grid.micro_grids.all().delete()  # a grid imported without micro-grids: fall back to the grid

    location = locate_point(point.x, point.y)
    assert location.micro_grid_id is None
    assert location.grid_id == grid.id
    assert location.code == grid.code


def test_a_new_micro_grid_is_found_without_restarting():
    grid = Grid.objects.order_by("code").first()
    centre = grid.geom.point_on_surface
    square = Polygon.from_bbox((centre.x - 1e-4, centre.y - 1e-4, centre.x + 1e-4, centre.y + 1e-4))
    MicroGrid.objects.filter(grid=grid).delete()
    MicroGrid.objects.create(code=grid.code + "999", name="测试微网格", grid=grid, geom=MultiPolygon(square, srid=4326))

    assert locate_point(centre.x, centre.y).code == grid.code + "999"

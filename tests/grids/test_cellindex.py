"""grids.cellindex.CellIndex on small hand-made polygons: pure geometry, no database.

Coordinates are plain numbers (the index works in any planar units; the product feeds it WGS84
degrees). The rule under test: each point gets the lowest-numbered polygon that covers it
(boundary included), or -1."""

import numpy as np
import pytest
import shapely

from grids.cellindex import CellIndex

WEST = shapely.box(0, 0, 1, 1)  # 0
EAST = shapely.box(1, 0, 2, 1)  # 1: shares the edge x = 1 with WEST
FAR = shapely.box(3, 0, 4, 1)  # 2: leaves a gap 2 < x < 3 inside the index's extent
RING = shapely.Polygon([(0, 2), (4, 2), (4, 6), (0, 6)], holes=[[(1, 3), (3, 3), (3, 5), (1, 5)]])  # 3
ISLAND = shapely.box(1.5, 3.5, 2.5, 4.5)  # 4: inside RING's hole, not touching it


@pytest.fixture(scope="module")
def index():
    return CellIndex(np.array([WEST, EAST, FAR, RING, ISLAND], dtype=object))


def query(index, *points):
    xy = np.array(points, dtype=float)
    return index.query(xy[:, 0], xy[:, 1]).tolist()


def test_interior_points_get_their_polygon(index):
    assert query(index, (0.5, 0.5), (1.5, 0.5), (3.5, 0.5), (0.5, 4), (2, 4)) == [0, 1, 2, 3, 4]


def test_a_point_on_a_shared_edge_or_corner_goes_to_the_lowest_number(index):
    assert query(index, (1, 0.5), (1, 0), (1, 1)) == [0, 0, 0]


def test_points_on_the_outer_boundary_are_covered(index):
    assert query(index, (0, 0), (0, 0.5), (2, 0.5), (4, 1), (4, 6), (2, 6)) == [0, 0, 1, 2, 3, 3]


def test_a_hole_is_not_covered_but_its_edge_is(index):
    in_hole_not_island = (1.2, 3.2)
    on_hole_edge = (1, 4)
    on_island_edge = (1.5, 4)
    assert query(index, in_hole_not_island, on_hole_edge, on_island_edge) == [-1, 3, 4]


def test_points_in_no_polygon_are_minus_one(index):
    in_the_gap = (2.5, 0.5)
    between_rows = (0.5, 1.5)
    outside_the_extent = [(-1, 0.5), (5, 3), (2, -0.001), (2, 6.001)]
    assert query(index, in_the_gap, between_rows, *outside_the_extent) == [-1] * 6


def test_many_random_points_agree_with_shapely(index):
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-0.5, 4.5, 20_000), rng.uniform(-0.5, 6.5, 20_000)
    # Include points exactly on cell and polygon edges, where rounding would show.
    x[:500], y[:500] = np.round(x[:500] * 2) / 2, np.round(y[:500] * 2) / 2

    got = index.query(x, y)

    covers = np.column_stack([shapely.intersects_xy(p, x, y) for p in index.polygons])
    expected = np.where(covers.any(axis=1), covers.argmax(axis=1), -1)
    assert np.array_equal(got, expected)
    assert (got == -1).any() and (got == 4).any()  # the sample reaches gaps, holes and the island


def test_an_empty_index_and_an_empty_query():
    assert CellIndex(np.array([], dtype=object)).query(np.array([1.0]), np.array([1.0])).tolist() == [-1]
    assert CellIndex(np.array([WEST], dtype=object)).query(np.array([]), np.array([])).tolist() == []


def test_a_single_polygon_index_owns_its_inner_cells():
    index = CellIndex(np.array([shapely.box(0, 0, 10, 10)], dtype=object))

    assert (index.owner == 0).any()  # cells wholly inside are answered without a geometry test
    assert query(index, (5, 5), (0, 10), (10.5, 5)) == [0, 0, -1]

"""Pure grid-adjustment geometry on small canned shapes (WGS84 degrees, near 120E 32N)."""

import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box, shape

from grids.adjust.geometry import (
    GeometryRefused,
    adjacent,
    assign_to_neighbours,
    components,
    planar_m2,
    reshape,
    split_by_line,
    tiling_error_m2,
    union,
)

# Three grids in a row, each 0.01° wide; C is a multipolygon with an island further east.
A = box(120.00, 32.00, 120.01, 32.01)
B = box(120.01, 32.00, 120.02, 32.01)
C = MultiPolygon([box(120.02, 32.00, 120.03, 32.01), box(120.05, 32.00, 120.06, 32.01)])
# B with a hole in its middle.
B_HOLE = Polygon(B.exterior, [box(120.013, 32.003, 120.017, 32.007).exterior])
# A neighbour of A whose west edge is 5 mm off A's east edge (near-coincident).
A_NEAR = box(120.01 + 5e-8, 32.00, 120.02, 32.01)


def test_adjacency_counts_shared_edges_and_near_coincident_edges_not_corners():
    corner = box(120.01, 32.01, 120.02, 32.02)
    assert adjacent(A, B)
    assert adjacent(A, A_NEAR)
    assert not adjacent(A, corner)
    assert not adjacent(A, C)
    assert components({"a": A, "b": B, "c": C, "x": box(121, 32, 121.01, 32.01)}) == [["a", "b", "c"], ["x"]]


def test_union_of_near_coincident_neighbours_leaves_no_sliver():
    merged = union([A, A_NEAR])
    assert len(merged.geoms) == 1
    assert len(merged.geoms[0].interiors) == 0
    assert merged.covers(shapely.Point(120.01 + 2.5e-8, 32.005))  # the 5 mm gap is closed


def test_union_keeps_real_holes():
    merged = union([A, B_HOLE])
    assert len(merged.geoms[0].interiors) == 1
    assert planar_m2(merged) == pytest.approx(planar_m2(A) + planar_m2(B_HOLE))


def test_split_by_line_gives_the_larger_part_first_and_tiles_the_grid():
    line = LineString([(120.003, 31.99), (120.003, 32.02)])
    larger, smaller = split_by_line(A, line, "g")
    assert larger.area > smaller.area
    assert smaller.bounds[2] == pytest.approx(120.003)
    gap, overlap = tiling_error_m2(A, [larger, smaller])
    assert gap < 1.0 and overlap < 1.0


def test_split_through_a_hole_cuts_both_sides():
    line = LineString([(120.015, 31.99), (120.015, 32.02)])
    larger, smaller = split_by_line(B_HOLE, line, "b")
    assert planar_m2(larger) == pytest.approx(planar_m2(smaller), rel=1e-6)
    assert sum(tiling_error_m2(B_HOLE, [larger, smaller])) < 1.0


def test_split_of_a_multipolygon_keeps_the_untouched_island_with_the_larger_part():
    line = LineString([(120.028, 31.99), (120.028, 32.02)])
    larger, smaller = split_by_line(C, line, "c")
    assert len(larger.geoms) == 2  # the western 0.008° piece and the island
    assert larger.contains(shapely.Point(120.055, 32.005))
    assert sum(tiling_error_m2(C, [larger, smaller])) < 1.0


def test_a_line_that_does_not_cross_is_refused_naming_the_grid():
    with pytest.raises(GeometryRefused) as refused:
        split_by_line(A, LineString([(120.5, 31.99), (120.5, 32.02)]), "320411001001001")
    assert refused.value.code == "320411001001001"
    assert refused.value.field == "line"
    assert refused.value.errors[0]["geometry"]["type"] == "LineString"


def test_a_line_crossing_twice_is_refused_with_the_pieces_to_show():
    u_shape = shape(
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [120.00, 32.00],
                    [120.03, 32.00],
                    [120.03, 32.02],
                    [120.02, 32.02],
                    [120.02, 32.01],
                    [120.01, 32.01],
                    [120.01, 32.02],
                    [120.00, 32.02],
                    [120.00, 32.00],
                ]
            ],
        }
    )
    line = LineString([(119.99, 32.015), (120.04, 32.015)])
    with pytest.raises(GeometryRefused) as refused:
        split_by_line(u_shape, line, "u")
    assert "3" in str(refused.value)
    assert refused.value.errors[0]["geometry"]["type"] == "MultiPolygon"


def test_reshape_moves_the_shared_edge_and_keeps_the_pair_tiled():
    # A bulge of B into A: from (120.01, 32.002) west to 120.008 and back at 32.008.
    line = LineString([(120.01, 32.002), (120.008, 32.002), (120.008, 32.008), (120.01, 32.008)])
    new_a, new_b, moved = reshape(A, B, line, ("a", "b"))
    assert planar_m2(moved) == pytest.approx(0.002 * 0.006 * 111_320 * 111_320 * 0.848, rel=0.01)
    assert new_b.contains(shapely.Point(120.009, 32.005))
    assert not new_a.contains(shapely.Point(120.009, 32.005))
    gap, overlap = tiling_error_m2(union([A, B]), [new_a, new_b])
    assert gap < 1.0 and overlap < 1.0


def test_reshape_refuses_non_neighbours_and_lines_off_the_shared_edge():
    with pytest.raises(GeometryRefused) as refused:
        reshape(A, C, LineString([(120.01, 32.002), (120.01, 32.008)]), ("a", "c"))
    assert refused.value.code == "c"
    with pytest.raises(GeometryRefused):
        reshape(A, B, LineString([(120.005, 32.002), (120.005, 32.008)]), ("a", "b"))


def test_assign_to_neighbours_follows_the_longest_shared_edge_and_passes_through_inner_pieces():
    pieces = {
        "m1": box(120.00, 32.00, 120.005, 32.01),  # touches only m2
        "m2": box(120.005, 32.00, 120.01, 32.01),  # touches B
    }
    assert assign_to_neighbours(pieces, {"b": B}) == {"m1": "b", "m2": "b"}
    with pytest.raises(GeometryRefused) as refused:
        assign_to_neighbours(pieces, {"c": C})
    assert refused.value.code == "m1"

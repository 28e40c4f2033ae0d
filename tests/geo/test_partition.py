"""Each level tiles its parent exactly: pure partition checks, and the stored demo district in PostGIS."""

import math

import numpy as np
import pytest
import shapely
from django.db import connection
from shapely.geometry import Polygon

from geo.partition import partition

# Gaps and overlaps are measured as planar areas in the storage CRS (degrees²) and converted with
# the local scale at 32°N: measuring them after projecting, or on the spheroid, would count the
# curvature of shared straight edges as area.
M2_PER_DEG2 = 111_320 * 111_320 * math.cos(math.radians(32))
TOLERANCE_M2 = 1.0

L_SHAPE = Polygon(
    [(119.90, 31.90), (120.00, 31.90), (120.00, 31.95), (119.95, 31.95), (119.95, 32.00), (119.90, 32.00)]
)


def test_partition_tiles_a_concave_polygon_without_gaps_or_overlaps():
    cells = partition(L_SHAPE, 25, np.random.default_rng(7))

    assert len(cells) == 25
    assert all(c.is_valid and not c.is_empty for c in cells)
    union = shapely.union_all(cells)
    assert union.symmetric_difference(L_SHAPE).area * M2_PER_DEG2 < TOLERANCE_M2
    assert abs(sum(c.area for c in cells) - L_SHAPE.area) * M2_PER_DEG2 < TOLERANCE_M2


def test_partition_is_deterministic_for_a_seed():
    first = partition(L_SHAPE, 8, np.random.default_rng(3))
    again = partition(L_SHAPE, 8, np.random.default_rng(3))
    other = partition(L_SHAPE, 8, np.random.default_rng(4))

    assert all(a.equals_exact(b, 0) for a, b in zip(first, again, strict=True))
    assert not all(a.equals_exact(b, 1e-9) for a, b in zip(first, other, strict=True))


def test_partition_with_given_seeds_keeps_their_order():
    seeds = np.array([[119.91, 31.91], [119.99, 31.91], [119.92, 31.99]])
    cells = partition(L_SHAPE, seeds)

    for cell, (x, y) in zip(cells, seeds, strict=True):
        assert cell.contains(shapely.Point(x, y))


CHILD_LEVELS = {
    "streets in the district": (
        "SELECT parent_id, geom FROM geo_adminarea WHERE level = 'street'",
        "SELECT id, geom FROM geo_adminarea WHERE level = 'district'",
    ),
    "communities in streets": (
        "SELECT parent_id, geom FROM geo_adminarea WHERE level = 'community'",
        "SELECT id, geom FROM geo_adminarea WHERE level = 'street'",
    ),
    "grids in communities": (
        "SELECT community_id AS parent_id, geom FROM grids_grid",
        "SELECT id, geom FROM geo_adminarea WHERE level = 'community'",
    ),
    "micro-grids in grids": (
        "SELECT grid_id AS parent_id, geom FROM grids_microgrid",
        "SELECT id, geom FROM grids_grid",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("level", CHILD_LEVELS)
def test_each_level_of_the_demo_district_tiles_its_parent(level):
    children_sql, parents_sql = CHILD_LEVELS[level]
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH c AS ({children_sql}), p AS ({parents_sql})
            SELECT p.id,
                   ST_Area(ST_SymDifference(p.geom, ST_Union(c.geom))) AS gap_or_excess,
                   SUM(ST_Area(c.geom)) - ST_Area(ST_Union(c.geom)) AS overlap,
                   COUNT(c.*) AS children
            FROM p JOIN c ON c.parent_id = p.id
            GROUP BY p.id, p.geom
        """)
        rows = cursor.fetchall()
        cursor.execute(f"SELECT COUNT(*) FROM ({parents_sql}) p")
        parents = cursor.fetchone()[0]

    assert len(rows) == parents, "every parent has children"
    worst_gap = max(r[1] for r in rows) * M2_PER_DEG2
    worst_overlap = max(r[2] for r in rows) * M2_PER_DEG2
    assert worst_gap < TOLERANCE_M2, f"{level}: union differs from parent by {worst_gap:.3f} m²"
    assert worst_overlap < TOLERANCE_M2, f"{level}: children overlap by {worst_overlap:.3f} m²"


@pytest.mark.django_db
def test_demo_district_is_the_real_xinbei_boundary_in_wgs84():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT ST_Area(ST_Transform(geom, 4549)) / 1e6, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom))
            FROM geo_adminarea WHERE code = '320411000000'""")
        km2, lon, lat = cursor.fetchone()

    assert 505 <= km2 <= 512
    assert 119.8 < lon < 120.0 and 31.85 < lat < 32.0


@pytest.mark.django_db
def test_demo_district_has_the_sizes_the_product_promises():
    from accounts.models import Role, User
    from geo.models import AdminArea
    from grids.models import Grid, GridMember, MicroGrid, Place
    from tracking.models import Device

    streets = list(AdminArea.objects.filter(level="street").values_list("name", flat=True))
    assert sorted(streets) == sorted(
        [
            "三井街道",
            "河海街道",
            "龙虎塘街道",
            "新桥街道",
            "春江街道",
            "薛家镇",
            "罗溪镇",
            "西夏墅镇",
            "孟河镇",
            "奔牛镇",
        ]
    )
    assert 100 <= AdminArea.objects.filter(level="community").count() <= 140
    assert 900 <= Grid.objects.count() <= 1200
    assert Grid.objects.filter(kind="dedicated").exists()
    assert 9_000 <= MicroGrid.objects.count() <= 12_000
    assert 4_500 <= Place.objects.count() <= 5_500
    assert not Place.objects.filter(micro_grid__isnull=True).exists(), "every place is located"
    workers = User.objects.filter(role__in=[Role.GRID_WORKER, Role.GRID_LEADER])
    assert 1_800 <= workers.count() <= 2_400
    assert GridMember.objects.count() == workers.count()
    assert Device.objects.filter(user__in=workers).count() == workers.count()

"""Finding adjacent grids and micro-grids in the demo district, for the adjustment tests."""

from django.db import connection

from accounts.models import User


def gis_admin() -> User:
    return User.objects.get(username="gisadmin")


def adjacent_grids(same_community: bool = True) -> tuple[str, str]:
    """Two grids sharing a boundary (longest shared edge first), in one community or in two."""
    op = "=" if same_community else "<>"
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT a.code, b.code FROM grids_grid a JOIN grids_grid b
              ON a.code < b.code AND a.community_id {op} b.community_id AND a.street_id = b.street_id
             AND ST_Intersects(a.geom, b.geom)
            ORDER BY ST_Length(ST_Intersection(a.geom, b.geom)) DESC LIMIT 1""")
        return cursor.fetchone()


def micro_on_border(grid: str, neighbour: str) -> str:
    """A micro-grid of `grid` sharing the longest edge with `neighbour`, whose grid keeps others."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT m.code FROM grids_microgrid m JOIN grids_grid g ON g.id = m.grid_id, grids_grid n
               WHERE g.code = %s AND n.code = %s
               ORDER BY ST_Length(ST_Intersection(m.geom, n.geom)) DESC LIMIT 1""",
            [grid, neighbour],
        )
        return cursor.fetchone()[0]


def tiling_errors_m2(community_codes) -> list[tuple]:
    """(parent code, gap m², overlap m²) of every grid of the communities and every community."""
    from grids.adjust.geometry import M2_PER_DEG2

    with connection.cursor() as cursor:
        cursor.execute(
            """WITH pairs AS (
                 SELECT g.code, g.geom AS parent, m.geom AS child, g.id AS pid FROM grids_grid g
                 JOIN grids_microgrid m ON m.grid_id = g.id JOIN geo_adminarea a ON a.id = g.community_id
                 WHERE a.code = ANY(%(c)s)
                 UNION ALL
                 SELECT a.code, a.geom, g.geom, a.id FROM geo_adminarea a JOIN grids_grid g ON g.community_id = a.id
                 WHERE a.code = ANY(%(c)s))
               SELECT code, ST_Area(ST_SymDifference(parent, ST_Union(child))),
                      SUM(ST_Area(child)) - ST_Area(ST_Union(child))
               FROM pairs GROUP BY code, pid, parent""",
            {"c": list(community_codes)},
        )
        return [(code, gap * M2_PER_DEG2, overlap * M2_PER_DEG2) for code, gap, overlap in cursor.fetchall()]

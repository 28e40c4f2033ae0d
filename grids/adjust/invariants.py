"""Checks run inside the apply transaction, before it commits: each changed grid is tiled by its
micro-grids, each changed community by its grids (gaps and overlaps under the demo tiling test's
tolerance), shapes are valid, and codes nest (micro-grid code = grid code + 3, grid = community + 3).
Measured in PostGIS on the stored rows, the same way tests/geo/test_partition.py measures them."""

import shapely
from django.db import connection

from grids.adjust.geometry import M2_PER_DEG2, TILING_TOLERANCE_M2, GeometryRefused

__all__ = ["check_invariants"]

_TILING = """
    WITH p AS ({parents}), c AS ({children})
    SELECT p.code, ST_Area(ST_SymDifference(p.geom, ST_Union(c.geom))) AS gap,
           SUM(ST_Area(c.geom)) - ST_Area(ST_Union(c.geom)) AS overlap,
           ST_AsGeoJSON(ST_SymDifference(p.geom, ST_Union(c.geom)))
    FROM p JOIN c ON c.parent_id = p.id GROUP BY p.id, p.code, p.geom
"""

_LEVELS = {
    "grid": (
        "SELECT id, code, geom FROM grids_grid WHERE code = ANY(%(grids)s)",
        "SELECT grid_id AS parent_id, geom FROM grids_microgrid",
    ),
    "community": (
        "SELECT id, code, geom FROM geo_adminarea WHERE code = ANY(%(communities)s)",
        "SELECT community_id AS parent_id, geom FROM grids_grid",
    ),
}


def check_invariants(grid_codes, communities) -> None:
    """Raise GeometryRefused naming the first grid or community that is no longer tiled."""
    params = {"grids": sorted(grid_codes), "communities": sorted(communities)}
    with connection.cursor() as cursor:
        for parents, children in _LEVELS.values():
            cursor.execute(_TILING.format(parents=parents, children=children), params)
            for code, gap, overlap, shape in cursor.fetchall():
                if gap * M2_PER_DEG2 >= TILING_TOLERANCE_M2 or overlap * M2_PER_DEG2 >= TILING_TOLERANCE_M2:
                    raise GeometryRefused(
                        f"调整后 {code} 出现 {gap * M2_PER_DEG2:.1f} m² 缺口、{overlap * M2_PER_DEG2:.1f} m² 重叠 "
                        f"(the result leaves a gap or overlap in {code})",
                        field="body",
                        code=code,
                        highlight=_shape(shape),
                    )
        cursor.execute(
            """SELECT m.code FROM grids_microgrid m JOIN grids_grid g ON g.id = m.grid_id
               WHERE g.code = ANY(%(grids)s) AND (NOT ST_IsValid(m.geom) OR left(m.code, 15) <> g.code)
               UNION ALL
               SELECT g.code FROM grids_grid g JOIN geo_adminarea a ON a.id = g.community_id
               WHERE g.code = ANY(%(grids)s) AND (NOT ST_IsValid(g.geom) OR left(g.code, 12) <> a.code)""",
            params,
        )
        bad = cursor.fetchone()
        if bad:
            raise GeometryRefused(
                f"{bad[0]} 的边界无效或编码不符 ({bad[0]}: invalid shape or code)", field="body", code=bad[0]
            )


def _shape(geojson):
    return shapely.from_geojson(geojson) if geojson else None

"""Partition an area into cells that tile it exactly: pure geometry in, geometry out (shapely, WGS84).

The cells are Voronoi regions of seed points, intersected with the parent. Voronoi regions never
overlap and cover the plane, so the cells' union is the parent and neighbours share their edges
vertex for vertex. The diagram is built in a locally isotropic space (longitude scaled by
cos(latitude)) so cells are not stretched north-south.
"""

import math

import numpy as np
import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Polygon

__all__ = ["as_multipolygon", "random_points_in", "partition"]


def as_multipolygon(geom) -> MultiPolygon:
    """The polygonal part of `geom` as a MultiPolygon (lines and points from touching edges dropped)."""
    if geom.is_empty:
        return MultiPolygon()
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    parts = [p for g in getattr(geom, "geoms", []) for p in as_multipolygon(g).geoms]
    return MultiPolygon(parts)


def random_points_in(geom, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` uniformly random (lon, lat) points inside `geom`, shape (n, 2)."""
    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    found = np.empty((0, 2))
    while len(found) < n:
        batch = max(64, 4 * (n - len(found)))
        xy = np.column_stack([rng.uniform(minx, maxx, batch), rng.uniform(miny, maxy, batch)])
        inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1])
        found = np.vstack([found, xy[inside]])
    return found[:n]


def _scale(lat0: float):
    k = math.cos(math.radians(lat0))
    return (lambda xy: xy * [k, 1.0]), (lambda xy: xy / [k, 1.0])


def _voronoi_cells(parent, seeds: np.ndarray) -> list[MultiPolygon]:
    lat0 = (parent.bounds[1] + parent.bounds[3]) / 2
    forward, back = _scale(lat0)
    scaled = shapely.transform(parent, forward)
    frame = shapely.box(*scaled.bounds).buffer(max(scaled.bounds[2] - scaled.bounds[0], 1e-6))
    regions = shapely.voronoi_polygons(MultiPoint(forward(seeds)), extend_to=frame, ordered=True)
    cells = [shapely.transform(r, back) for r in regions.geoms]
    return [as_multipolygon(shapely.intersection(c, parent)) for c in cells]


def partition(
    parent, seeds: np.ndarray | int, rng: np.random.Generator | None = None, relax: int = 2
) -> list[MultiPolygon]:
    """Cells tiling `parent`, one per seed, in seed order. `seeds` is an (n, 2) array of lon/lat,
    or a count of random seeds to draw with `rng`, smoothed by `relax` Lloyd iterations.
    Cells may be empty only when a given seed lies far outside the parent."""
    parent = as_multipolygon(parent)
    if isinstance(seeds, int):
        if seeds < 1:
            raise ValueError("need at least one cell")
        seeds = random_points_in(parent, seeds, rng or np.random.default_rng(0))
        if len(seeds) == 1:
            return [parent]
        for _ in range(relax):
            cells = _voronoi_cells(parent, seeds)
            seeds = np.array(
                [
                    (c.centroid.x, c.centroid.y) if not c.is_empty else tuple(s)
                    for c, s in zip(cells, seeds, strict=True)
                ]
            )
    seeds = np.asarray(seeds, dtype=float)
    if len(seeds) == 1:
        return [parent]
    return _voronoi_cells(parent, seeds)

"""Geometry helpers for the duty tests, computed independently of the code under test (shapely +
pyproj in EPSG:4549, not PostGIS), and a helper to lay down fixes."""

from datetime import timedelta

import numpy as np
import shapely
from pyproj import Transformer

from tracking.fixes import Fix
from tracking.ingest import record_fixes

METRIC = 4549
_TO_M = Transformer.from_crs(4326, METRIC, always_xy=True)
_TO_DEG = Transformer.from_crs(METRIC, 4326, always_xy=True)


def to_metric(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_M.transform(xy[:, 0], xy[:, 1])))


def grid_metric(grid):
    return to_metric(shapely.from_wkb(bytes(grid.geom.wkb)))


def offset(lon, lat, dx=0.0, dy=0.0):
    """(lon, lat) moved `dx` metres east and `dy` north in EPSG:4549."""
    x, y = _TO_M.transform(lon, lat)
    return _TO_DEG.transform(x + dx, y + dy)


def east_of(grid, metres):
    """A point exactly `metres` from the grid: east of its easternmost vertex (nothing of the grid lies
    farther east, so that vertex is the nearest point)."""
    coords = shapely.get_coordinates(grid_metric(grid))
    x, y = coords[coords[:, 0].argmax()]
    return _TO_DEG.transform(x + metres, y)


def distance_to_grid_m(grid, lon, lat):
    return grid_metric(grid).distance(shapely.Point(_TO_M.transform(lon, lat)))


def direction_inside(grid, lon, lat, metres):
    """A unit (dx, dy) along which the segment of `metres` from (lon, lat) stays inside the grid."""
    polygon = grid_metric(grid).buffer(-5)
    x, y = _TO_M.transform(lon, lat)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        if polygon.contains(shapely.LineString([(x, y), (x + dx * metres, y + dy * metres)])):
            return dx, dy
    raise AssertionError("no straight segment of that length inside the grid from this point")


def lay_fixes(device, points, start, step_s=60, now=None, accuracy_m=8):
    """Record fixes at `points` [(lon, lat) or (lon, lat, accuracy_m)], `step_s` apart from `start`."""
    fixes = []
    for i, p in enumerate(points):
        acc = float(p[2] if len(p) > 2 else accuracy_m)
        fixes.append(Fix(time=start + timedelta(seconds=i * step_s), lon=p[0], lat=p[1], accuracy_m=acc))
    result = record_fixes(device, fixes, "test", now=now)
    assert not result.rejected, result.rejected
    return result

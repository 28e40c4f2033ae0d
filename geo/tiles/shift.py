"""Drawing WGS84 layers over a GCJ-02 base map (AMap, Tencent): each tile is translated by the
GCJ-02 offset at its centre. The offset varies slowly (≈500–530 m across Xinbei, a few metres
across a z10 tile), so one translation per tile stays well under a pixel at every zoom."""

import math

from geo import crs
from geo.errors import BadInput

__all__ = ["tile_shift", "SHIFTS"]

SHIFTS = ("gcj02",)
_R = 6378137.0  # EPSG:3857 sphere radius, metres


def _mercator(lon, lat):
    return math.radians(lon) * _R, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * _R


def _tile_centre(z, x, y):
    n = 2**z
    lon = (x + 0.5) / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + 0.5) / n))))
    return lon, lat


def tile_shift(name: str | None, z: int, x: int, y: int) -> tuple[float, float]:
    """(dx, dy) in EPSG:3857 metres moving WGS84 features onto a base map in datum `name`."""
    if not name:
        return 0.0, 0.0
    if name not in SHIFTS:
        raise BadInput(f"shift 只支持 {', '.join(SHIFTS)} (unsupported shift {name!r})", field="shift")
    lon, lat = _tile_centre(z, x, y)
    g_lon, g_lat = crs.from_wgs84(lon, lat, name)
    (x0, y0), (x1, y1) = _mercator(lon, lat), _mercator(g_lon, g_lat)
    return x1 - x0, y1 - y0

"""OGC API – Features Part 2 (CRS by reference), where cheap: CRS84 (lon/lat, the default), EPSG:4326
and EPSG:4490 (CGCS2000; both lat/lon axis order, same coordinates at our precision) and EPSG:4549
(CGCS2000 / 3-degree GK CM 120E, metres). Only these URIs are accepted: user input never reaches
PROJ as a free-form definition."""

import numpy as np
import shapely
from pyproj import Transformer

from geo.errors import BadInput

__all__ = ["CRS84", "SUPPORTED", "output_geoms", "bbox_to_wgs84", "parse_crs_uri"]

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
_EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
# URI → (EPSG code or None for CRS84, lat/lon axis order)
SUPPORTED = {
    CRS84: (None, False),
    f"{_EPSG}4326": (4326, True),
    f"{_EPSG}4490": (4490, True),
    f"{_EPSG}4549": (4549, False),
}
_PROJECTED = {4549}
_transformers: dict = {}


def parse_crs_uri(value: str | None, param: str) -> str:
    if not value:
        return CRS84
    value = value.strip().strip("[]")
    if value not in SUPPORTED:
        raise BadInput(f"{param}: 不支持的坐标系 {value!r} (supported: {', '.join(SUPPORTED)})", field=param)
    return value


def _transformer(source, target):
    key = (source, target)
    if key not in _transformers:
        _transformers[key] = Transformer.from_crs(source, target, always_xy=True)
    return _transformers[key]


def output_geoms(geoms: np.ndarray, uri: str) -> np.ndarray:
    """WGS84 lon/lat geometries in the CRS `uri` names, with its axis order."""
    epsg, lat_lon = SUPPORTED[uri]
    if epsg in _PROJECTED:
        forward = _transformer(4326, epsg)
        return shapely.transform(geoms, lambda xy: np.round(np.column_stack(forward.transform(xy[:, 0], xy[:, 1])), 3))
    if lat_lon:
        return shapely.transform(geoms, lambda xy: np.round(xy[:, ::-1], 7))
    return shapely.transform(geoms, lambda xy: np.round(xy, 7))


def bbox_to_wgs84(numbers: list[float], uri: str) -> tuple[float, float, float, float]:
    """A bbox given in `uri` coordinates (2D) → (min_lon, min_lat, max_lon, max_lat)."""
    epsg, lat_lon = SUPPORTED[uri]
    a, b, c, d = numbers
    if epsg in _PROJECTED:
        back = _transformer(epsg, 4326)
        xs, ys = back.transform([a, c, a, c], [b, b, d, d])
        return min(xs), min(ys), max(xs), max(ys)
    return (b, a, d, c) if lat_lon else (a, b, c, d)

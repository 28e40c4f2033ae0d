"""Geometries analysts send (a drawn polygon or circle centre, a point) checked and turned into
WGS84, and the output side: result geometries moved into the CRS a client asked for. Pure: shapely
and geo.crs only, no ORM."""

import json
import math

import numpy as np
import shapely

from analysis import conf
from geo.crs import UnknownCRS, from_wgs84, parse_crs, to_wgs84
from geo.errors import BadInput

__all__ = ["parse_geometry", "parse_point", "to_output_crs", "area_km2", "geojson_geometries"]

_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def _crs(name: str) -> str:
    try:
        return parse_crs(name)
    except UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None


def _from_crs(geom, crs: str):
    if crs in ("gcj02", "bd09"):
        return shapely.transform(geom, lambda xy: np.column_stack(to_wgs84(xy[:, 0], xy[:, 1], crs)))
    return geom


def area_km2(geom) -> float:
    """Area of a WGS84 geometry in km², on a local equirectangular projection around its centre
    (within 0.5 % over a district; good enough for a size limit). No PROJ in the request path:
    under ASGI each request runs on a new thread, and a PROJ context per thread costs ~0.1–1 s."""
    lat = math.radians(geom.centroid.y)
    sx, sy = 111.320 * math.cos(lat), 110.574
    return shapely.transform(geom, lambda xy: xy * np.array([sx, sy])).area


def parse_geometry(text: str, crs: str = "wgs84", field: str = "geometry"):
    """A GeoJSON geometry (or a Feature holding one) in `crs` → a valid shapely geometry in WGS84.

    Refuses malformed JSON, unknown types, non-finite or out-of-range coordinates, swapped axes,
    self-intersecting polygons, more than conf.MAX_GEOMETRY_POINTS vertices and polygons larger
    than conf.MAX_GEOMETRY_KM2 — each as BadInput naming `field`."""
    crs = _crs(crs)
    try:
        data = json.loads(text) if isinstance(text, str) else text
    except ValueError as exc:
        raise BadInput(f"{field}: 不是有效的 JSON (not valid JSON: {exc})", field=field) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in _GEOMETRY_TYPES:
        kinds = ", ".join(_GEOMETRY_TYPES)
        raise BadInput(f"{field}: 须为 GeoJSON 几何 ({kinds}) (a GeoJSON geometry is required)", field=field)
    try:
        geom = shapely.from_geojson(json.dumps(data))
    except (shapely.errors.GEOSException, ValueError) as exc:
        raise BadInput(f"{field}: 无法读取几何 (cannot read the geometry: {exc})", field=field) from None
    if geom.is_empty:
        raise BadInput(f"{field}: 几何为空 (empty geometry)", field=field)
    coords = shapely.get_coordinates(geom)
    if len(coords) > conf.MAX_GEOMETRY_POINTS:
        raise BadInput(f"{field}: 顶点过多 (more than {conf.MAX_GEOMETRY_POINTS} vertices)", field=field)
    if not np.isfinite(coords).all():
        raise BadInput(f"{field}: 坐标须为有限数值 (coordinates must be finite numbers)", field=field)
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lat) > 90).any() and (np.abs(lon) <= 90).all():
        raise BadInput(f"{field}: 坐标顺序疑似颠倒, 须为 [经度, 纬度] (write [longitude, latitude])", field=field)
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        raise BadInput(f"{field}: 坐标超出范围, 须为经度[-180,180]、纬度[-90,90] (out of range)", field=field)
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise BadInput(f"{field}: 几何无效或自相交 (invalid geometry: {reason})", field=field)
    geom = _from_crs(shapely.force_2d(geom), crs)
    if geom.area and area_km2(geom) > conf.MAX_GEOMETRY_KM2:
        raise BadInput(f"{field}: 面积超过 {conf.MAX_GEOMETRY_KM2:g} 平方公里 (polygon too large)", field=field)
    return geom


def parse_point(lon: float, lat: float, crs: str = "wgs84"):
    """A point in `crs` degrees → a shapely Point in WGS84."""
    crs = _crs(crs)
    for name, value, limit in (("lon", lon, 180), ("lat", lat, 90)):
        if value is None or not math.isfinite(value) or abs(value) > limit:
            raise BadInput(f"{name}: 须在 -{limit}–{limit} 度之间 (out of range)", field=name)
    return shapely.Point(*to_wgs84(lon, lat, crs))


def to_output_crs(geoms: np.ndarray, crs: str) -> np.ndarray:
    """WGS84 geometries → `crs` (gcj02/bd09 shifted; wgs84/cgcs2000 unchanged), 7 decimals (≈1 cm)."""
    crs = _crs(crs)

    def move(xy):
        if crs in ("gcj02", "bd09") and len(xy):
            xy = np.column_stack(from_wgs84(xy[:, 0], xy[:, 1], crs))
        return np.round(xy, 7)

    return shapely.transform(geoms, move)


def geojson_geometries(geoms: np.ndarray) -> list[dict | None]:
    """GeoJSON geometry objects of shapely geometries (None stays None)."""
    texts = shapely.to_geojson(geoms)
    return [json.loads(t) if t is not None else None for t in texts]

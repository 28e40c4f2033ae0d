"""Reading a scan's target from request values: a point in any supported CRS with a radius, or a
drawn area (a valid Polygon/MultiPolygon of bounded size) with an optional radius around it."""

import math

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point

from events import conf
from events.errors import BadInput
from events.forces import Target
from geo import crs as crs_module

__all__ = ["point_target", "area_target", "checked_area", "parse_kinds", "MAX_AREA_KM2"]

MAX_AREA_KM2 = getattr(settings, "NEARBY_MAX_AREA_KM2", 200.0)


def _radius(value, *, default: float, minimum: float) -> float:
    try:
        radius = float(value) if value not in (None, "") else float(default)
    except (TypeError, ValueError):
        raise BadInput("radius_m 须为数字 (radius_m must be a number)", field="radius_m") from None
    if math.isnan(radius) or not (minimum <= radius <= conf.NEARBY_MAX_RADIUS_M) or (minimum == 0 and radius < 0):
        raise BadInput(f"radius_m 须在 0–{conf.NEARBY_MAX_RADIUS_M} 米 (radius_m out of range)", field="radius_m")
    return radius


def parse_limit(value, default: int | None = None) -> int:
    try:
        count = int(value) if value not in (None, "") else (default or conf.NEARBY_LIMIT)
    except (TypeError, ValueError):
        raise BadInput("limit 须为整数 (limit must be an integer)", field="limit") from None
    if not 1 <= count <= conf.NEARBY_MAX_LIMIT:
        raise BadInput(f"limit 须在 1–{conf.NEARBY_MAX_LIMIT} (limit out of range)", field="limit")
    return count


def parse_kinds(value) -> list[str]:
    if isinstance(value, str):
        value = [k for k in value.split(",") if k.strip()]
    return [k.strip() for k in value or []]


def point_target(lon: float, lat: float, crs: str, radius_m) -> Target:
    for name, v, bound in (("lon", lon, 180), ("lat", lat, 90)):
        if not math.isfinite(v) or not -bound <= v <= bound:
            raise BadInput(f"{name} 超出范围 ({name} must be within -{bound}..{bound})", field=name)
    try:
        x, y = crs_module.to_wgs84(lon, lat, crs)
    except crs_module.UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None
    radius = _radius(radius_m, default=conf.NEARBY_RADIUS_M, minimum=1e-9)
    return Target(Point(float(x), float(y), srid=4326), radius)


def checked_area(geom: GEOSGeometry, field: str = "area") -> MultiPolygon:
    """A drawn area as a valid MultiPolygon (SRID 4326) of at most MAX_AREA_KM2, or BadInput naming `field`."""
    if geom.srid not in (None, 4326):
        raise BadInput(f"{field} 须为 WGS84 经纬度 (EPSG:4326)", field=field)
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4326)
    if geom.geom_type != "MultiPolygon":
        raise BadInput(f"{field} 须为多边形 (must be a Polygon or MultiPolygon)", field=field)
    geom.srid = 4326
    w, s, e, n = geom.extent
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise BadInput(f"{field} 坐标超出范围 (coordinates out of range)", field=field)
    if not geom.valid:
        raise BadInput(f"{field} 无效：{geom.valid_reason} (invalid geometry)", field=field)
    km2 = geom.transform(settings.METRIC_SRID, clone=True).area / 1e6
    if km2 > MAX_AREA_KM2:
        raise BadInput(f"{field} 面积 {km2:.0f} km² 超过 {MAX_AREA_KM2:g} km² (area too large)", field=field)
    return geom


def area_target(geom: GEOSGeometry, radius_m) -> Target:
    return Target(checked_area(geom), _radius(radius_m, default=0, minimum=0))

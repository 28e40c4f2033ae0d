"""Nearby forces (应急指挥): on-duty grid workers (their latest positions) and militia units near an
event, nearest first, cut to the viewer's jurisdiction.

Candidates are found with ST_DWithin on the GiST-indexed WGS84 columns using a degree bound that
safely contains the radius; the exact distance is then measured in metres in settings.METRIC_SRID
(EPSG:4549) and used to filter and order. Distances are metres."""

import math

from django.contrib.gis.geos import Point

from events import conf
from events.errors import BadInput
from geo.jurisdiction import Jurisdiction
from grids.models import Place, PlaceKind
from tracking.measure import MetricDistance
from tracking.models import DutySession, LatestPosition

__all__ = ["nearby_forces", "parse_radius_limit", "mask_phone"]

_METRES_PER_DEGREE = 111_320.0


def _degree_bound(point: Point, radius_m: float) -> float:
    """Degrees covering `radius_m` in every direction at the point's latitude (a safe upper bound)."""
    return radius_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(abs(point.y) + 1)), 0.01)) * 1.01


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else ("*" * len(phone))


def parse_radius_limit(radius_m, limit) -> tuple[float, int]:
    try:
        radius = float(radius_m) if radius_m not in (None, "") else float(conf.NEARBY_RADIUS_M)
        count = int(limit) if limit not in (None, "") else conf.NEARBY_LIMIT
    except (TypeError, ValueError):
        raise BadInput("radius_m 和 limit 须为数字 (radius_m and limit must be numbers)", field="radius_m") from None
    if not (0 < radius <= conf.NEARBY_MAX_RADIUS_M) or math.isnan(radius):
        raise BadInput(f"radius_m 须在 0–{conf.NEARBY_MAX_RADIUS_M} 米 (radius_m out of range)", field="radius_m")
    if not 1 <= count <= conf.NEARBY_MAX_LIMIT:
        raise BadInput(f"limit 须在 1–{conf.NEARBY_MAX_LIMIT} (limit out of range)", field="limit")
    return radius, count


def nearby_forces(
    point: Point, jurisdiction: Jurisdiction, *, radius_m: float, limit: int, show_phone: bool = False
) -> dict:
    """{"workers": [...], "militia_units": [...]}, each nearest first, at most `limit`, within `radius_m`."""
    bound = _degree_bound(point, radius_m)
    workers = (
        LatestPosition.objects.filter(
            jurisdiction.q("location_code"),
            geom__dwithin=(point, bound),
            user_id__in=DutySession.objects.filter(ended_at__isnull=True).values("user_id"),
            user__is_active=True,
        )
        .annotate(distance=MetricDistance("geom", point))
        .filter(distance__lte=radius_m)
        .order_by("distance", "user_id")
        .values(
            "user_id",
            "user__username",
            "user__first_name",
            "user__last_name",
            "user__phone",
            "user__role",
            "geom",
            "time",
            "location_code",
            "battery",
            "distance",
        )[:limit]
    )
    units = (
        Place.objects.visible_to(jurisdiction)
        .filter(kind=PlaceKind.MILITIA_UNIT, point__dwithin=(point, bound))
        .annotate(distance=MetricDistance("point", point))
        .filter(distance__lte=radius_m)
        .order_by("distance", "id")
        .values("id", "name", "point", "location_code", "attributes", "distance")[:limit]
    )
    return {
        "radius_m": radius_m,
        "workers": [
            {
                "kind": "worker",
                "id": w["user_id"],
                "username": w["user__username"],
                "name": f"{w['user__last_name']}{w['user__first_name']}" or w["user__username"],
                "role": w["user__role"],
                "phone": w["user__phone"] if show_phone else mask_phone(w["user__phone"]),
                "lon": w["geom"].x,
                "lat": w["geom"].y,
                "time": w["time"],
                "code": w["location_code"],
                "battery": w["battery"],
                "distance_m": round(w["distance"], 1),
            }
            for w in workers
        ],
        "militia_units": [
            {
                "kind": "militia_unit",
                "id": u["id"],
                "name": u["name"],
                "lon": u["point"].x,
                "lat": u["point"].y,
                "code": u["location_code"],
                "attributes": u["attributes"],
                "distance_m": round(u["distance"], 1),
            }
            for u in units
        ],
    }

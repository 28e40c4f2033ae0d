"""Nearby forces (应急指挥): on-duty grid workers (their latest positions) and militia units near an
event, nearest first, cut to the viewer's jurisdiction.

Candidates are found with ST_DWithin on the GiST-indexed WGS84 columns using a degree bound that
safely contains the radius; the exact distance is then measured in metres in settings.METRIC_SRID
(EPSG:4549) and used to filter and order. Distances are metres."""

import math

from django.contrib.gis.geos import Point

from accounts.privacy import mask_phone
from geo.functions import MetricDistance
from geo.jurisdiction import Jurisdiction
from grids.models import Place, PlaceKind
from tracking.models import DutySession, LatestPosition

__all__ = ["nearby_forces"]

_METRES_PER_DEGREE = 111_320.0


def _degree_bound(point: Point, radius_m: float) -> float:
    """Degrees covering `radius_m` in every direction at the point's latitude (a safe upper bound)."""
    return radius_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(abs(point.y) + 1)), 0.01)) * 1.01


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
        .select_related("user")[:limit]
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
                "id": w.user_id,
                "username": w.user.username,
                "name": w.user.display_name,
                "role": w.user.role,
                "phone": w.user.phone if show_phone else mask_phone(w.user.phone),
                "lon": w.geom.x,
                "lat": w.geom.y,
                "time": w.time,
                "code": w.location_code,
                "battery": w.battery,
                "distance_m": round(w.distance, 1),
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

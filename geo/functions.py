"""GIS expressions Django does not have. Distances are metres in settings.METRIC_SRID (EPSG:4549,
CGCS2000 / 3-degree GK CM 120E)."""

import math

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import FloatField, Func

__all__ = ["MetricDistance", "degree_bound"]

_METRES_PER_DEGREE = 111_320.0


class MetricDistance(Func):
    """ST_Distance between two geometries after transforming both to the metric CRS: metres.
    (Django's Distance() on a 4326 geometry column would answer in degrees or on the sphere.)"""

    function = "ST_Distance"
    output_field = FloatField()

    def __init__(self, a, b, **extra):
        srid = settings.METRIC_SRID
        super().__init__(Transform(a, srid), Transform(b, srid), **extra)


def degree_bound(geom, radius_m: float) -> float:
    """Degrees that cover `radius_m` metres in every direction around `geom` (any geometry, SRID
    4326): a safe upper bound, so `ST_DWithin` on an indexed WGS84 column finds the candidates
    before the exact test in metres (MetricDistance)."""
    _, min_lat, _, max_lat = geom.extent
    lat = max(abs(min_lat), abs(max_lat)) + 1
    return radius_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01)) * 1.01

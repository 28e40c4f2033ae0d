"""Metric measurements in the database: GIS expressions, and the day/period bounds every duty module
shares. Distances are metres in settings.METRIC_SRID (EPSG:4549, CGCS2000 / 3-degree GK CM 120E)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import FloatField, Func

__all__ = ["MetricDistance", "local_day_bounds", "local_tz"]


class MetricDistance(Func):
    """ST_Distance between two geometries after transforming both to the metric CRS: metres.
    (Django's Distance() on a 4326 geometry column would answer in degrees or on the sphere.)"""

    function = "ST_Distance"
    output_field = FloatField()

    def __init__(self, a, b, **extra):
        srid = settings.METRIC_SRID
        super().__init__(Transform(a, srid), Transform(b, srid), **extra)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local day (TIME_ZONE, Asia/Shanghai) as aware datetimes."""
    tz = local_tz()
    return datetime.combine(day, time.min, tz), datetime.combine(day + timedelta(days=1), time.min, tz)

"""GIS expressions Django does not have. Distances are metres in settings.METRIC_SRID (EPSG:4549,
CGCS2000 / 3-degree GK CM 120E)."""

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import FloatField, Func

__all__ = ["MetricDistance"]


class MetricDistance(Func):
    """ST_Distance between two geometries after transforming both to the metric CRS: metres.
    (Django's Distance() on a 4326 geometry column would answer in degrees or on the sphere.)"""

    function = "ST_Distance"
    output_field = FloatField()

    def __init__(self, a, b, **extra):
        srid = settings.METRIC_SRID
        super().__init__(Transform(a, srid), Transform(b, srid), **extra)

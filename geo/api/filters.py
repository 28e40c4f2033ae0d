"""Query-string filters for area APIs. Bad input raises BadInput → 400 naming the parameter."""

import math

from django.contrib.gis.geos import Polygon
from rest_framework.filters import BaseFilterBackend

from geo.errors import BadInput

__all__ = ["BBoxFilter", "PropertyFilter", "parse_bbox"]

_FOUR_NUMBERS = "应为4个数字: min_lon,min_lat,max_lon,max_lat"


def parse_bbox(value: str, param: str = "bbox") -> Polygon:
    """`min_lon,min_lat,max_lon,max_lat` in WGS84 degrees → a Polygon (SRID 4326)."""
    try:
        numbers = [float(n) for n in value.split(",")]
    except ValueError:
        raise BadInput(f"{param}: {_FOUR_NUMBERS}", field=param) from None
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise BadInput(f"{param}: {_FOUR_NUMBERS}", field=param)
    x1, y1, x2, y2 = numbers
    if not (-180 <= x1 < x2 <= 180 and -90 <= y1 < y2 <= 90):
        raise BadInput(f"{param}: 范围无效: 需 -180≤min_lon<max_lon≤180, -90≤min_lat<max_lat≤90", field=param)
    return Polygon.from_bbox(numbers)


class BBoxFilter(BaseFilterBackend):
    """`?bbox=…`: features intersecting the box. The view names its field in `bbox_filter_field`."""

    param = "bbox"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if not value:
            return queryset
        box = parse_bbox(value, self.param)
        box.srid = 4326
        return queryset.filter(**{f"{view.bbox_filter_field}__intersects": box})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "min_lon,min_lat,max_lon,max_lat (WGS84)",
                "schema": {"type": "string"},
            }
        ]


class PropertyFilter(BaseFilterBackend):
    """Exact or prefix filters the view lists in `property_filters` as {param: lookup}."""

    def filter_queryset(self, request, queryset, view):
        lookups = {}
        for param, lookup in getattr(view, "property_filters", {}).items():
            value = request.query_params.get(param)
            if value not in (None, ""):
                lookups[lookup] = value
        return queryset.filter(**lookups)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": p,
                "required": False,
                "in": "query",
                "description": f"filter: {lookup}",
                "schema": {"type": "string"},
            }
            for p, lookup in getattr(view, "property_filters", {}).items()
        ]

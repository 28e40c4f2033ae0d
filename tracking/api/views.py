"""Heat API. (Position intake endpoints live in tracking/api/intake.py.)"""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.filters import parse_bbox
from tracking.api.serializers import HeatQuerySerializer
from tracking.heat import heat_cells, heat_geojson

__all__ = ["HeatView"]


class HeatView(APIView):
    """Patrol heat: H3 hexagons with the number of good fixes in [from, to), as GeoJSON."""

    @extend_schema(parameters=[HeatQuerySerializer])
    def get(self, request):
        query = HeatQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        bbox = parse_bbox(q["bbox"]).extent if q.get("bbox") else None
        counts = heat_cells(request.user.jurisdiction, q["start"], q["end"], q["res"])
        return Response(heat_geojson(counts, bbox))

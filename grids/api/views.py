"""Grids, micro-grids and places as GeoJSON, and the locate endpoint."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.validation import validated
from geo.api.views import JurisdictionViewSet
from geo.errors import NotFound
from grids.adjust.history import layer_as_of, successors
from grids.api.adjust_serializers import AsOfQuerySerializer
from grids.api.serializers import (
    GridSerializer,
    LocateQuerySerializer,
    LocationSerializer,
    MicroGridSerializer,
    PlaceSerializer,
    SearchQuerySerializer,
)
from grids.models import Grid, MicroGrid, Place
from grids.queries import describe_point
from grids.search import chain, search

__all__ = ["GridViewSet", "MicroGridViewSet", "PlaceViewSet", "LocateView", "SearchView", "ChainView"]


class AsOfMixin:
    """`?as_of=YYYY-MM-DD`: the layer as it was then (grids.adjust.history), as one GeoJSON page."""

    as_of_level: str

    @extend_schema(parameters=[AsOfQuerySerializer])
    def list(self, request, *args, **kwargs):
        query = validated(AsOfQuerySerializer, request.query_params)
        if "as_of" not in query:
            return super().list(request, *args, **kwargs)
        rows = layer_as_of(self.as_of_level, query["as_of"], request.user.jurisdiction)
        parent = "community" if self.as_of_level == "grid" else "grid"
        features = [
            {
                "type": "Feature",
                "geometry": json.loads(r["geom"].json),
                "properties": {"code": r["code"], "name": r["name"], parent: r["parent"]},
            }
            for r in rows
        ]
        return Response({"type": "FeatureCollection", "as_of": query["as_of"], "features": features})


class GridViewSet(AsOfMixin, JurisdictionViewSet):
    """网格 grids."""

    as_of_level = "grid"
    queryset = Grid.objects.select_related("community", "street")
    serializer_class = GridSerializer
    property_filters = {
        "code": "code__startswith",
        "kind": "kind",
        "name": "name__contains",
        "community": "community__code",
    }


class MicroGridViewSet(AsOfMixin, JurisdictionViewSet):
    """微网格 micro-grids."""

    as_of_level = "micro_grid"
    queryset = MicroGrid.objects.select_related("grid")
    serializer_class = MicroGridSerializer
    property_filters = {"code": "code__startswith", "name": "name__contains", "grid": "grid__code"}


class PlaceViewSet(JurisdictionViewSet):
    """场所/部件 places: schools, hospitals, facilities, militia units…"""

    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    property_filters = {"kind": "kind", "name": "name__contains", "code": "location_code__startswith"}


class LocateView(APIView):
    """Where a point falls: district, street, community, grid, micro-grid. 404 outside the district."""

    @extend_schema(parameters=[LocateQuerySerializer], responses=LocationSerializer)
    def get(self, request):
        query = validated(LocateQuerySerializer, request.query_params)
        return Response(describe_point(**query, jurisdiction=request.user.jurisdiction))


class SearchView(APIView):
    """Search streets, communities, grids, micro-grids (by code prefix or name) and places (by name)."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        query = validated(SearchQuerySerializer, request.query_params)
        return Response({"results": search(query["q"], request.user.jurisdiction, query["limit"])})


class ChainView(APIView):
    """The chain district › street › community › grid › micro-grid above a code. A code an
    adjustment retired or re-coded answers with `became` (the steps of the code map) and the chain
    of what it became now."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        steps = successors(code) if request.user.jurisdiction.covers(code) else []
        try:
            return Response({"chain": chain(code, request.user.jurisdiction), "became": steps})
        except NotFound:
            if not steps:
                raise
        return Response({"chain": chain(steps[-1]["to"], request.user.jurisdiction), "became": steps})

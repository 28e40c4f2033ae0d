"""Buildings, houses and organisations as GeoJSON (jurisdiction-cut lists and details, bbox and
property filters), the building view (楼盘表) and creating buildings and houses."""

import json

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from geo.api.validation import validated
from geo.api.views import JurisdictionViewSet
from geo.errors import BadInput
from registry import privacy
from registry.api.serializers import (
    BuildingInputSerializer,
    BuildingSerializer,
    HouseInputSerializer,
    HouseSerializer,
    OrganisationSerializer,
)
from registry.models import Building, House, Organisation
from registry.services.people import Forbidden
from registry.services.places import create_building, create_house
from registry.views_data import building_view

__all__ = ["BuildingViewSet", "HouseViewSet", "OrganisationViewSet"]


class BuildingViewSet(mixins.CreateModelMixin, JurisdictionViewSet):
    """楼栋 buildings (footprints). `POST` adds one (located; 404 outside the user's jurisdiction).
    `GET /buildings/{id}/rooms`: the building view (楼盘表)."""

    queryset = Building.objects.all()
    serializer_class = BuildingSerializer
    lookup_value_regex = r"\d+"
    bbox_filter_field = "footprint"
    property_filters = {
        "code": "location_code__startswith",
        "kind": "kind",
        "address": "address__startswith",
        "building_code": "code",
    }

    @extend_schema(request=BuildingInputSerializer, responses={201: BuildingSerializer})
    def create(self, request):
        data = validated(BuildingInputSerializer, request.data)
        point = Point(data.pop("lon"), data.pop("lat"), srid=4326)
        building = create_building(request.user, point=point, footprint=_polygon(data.pop("footprint", None)), **data)
        return Response(BuildingSerializer(building).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def rooms(self, request, pk=None):
        """楼盘表: floors × rooms, each with occupancy, flags and residents (every resident shown is logged)."""
        if not privacy.may_read_people(request.user):
            raise Forbidden("您的角色不能查看人口信息 (your role cannot read the registry)")
        return Response(building_view(request.user, int(pk), request.query_params.get("purpose", "")))


class HouseViewSet(mixins.CreateModelMixin, JurisdictionViewSet):
    """房屋 houses (points). `POST` adds one: in a building (`building`, `unit`, `floor`, `room`) or
    standalone (`lon`, `lat`, `address`)."""

    queryset = House.objects.all()
    serializer_class = HouseSerializer
    lookup_value_regex = r"\d+"
    bbox_filter_field = "point"
    property_filters = {
        "code": "location_code__startswith",
        "building": "building_id",
        "use": "use",
        "address": "address__startswith",
    }

    @extend_schema(request=HouseInputSerializer, responses={201: HouseSerializer})
    def create(self, request):
        data = validated(HouseInputSerializer, request.data)
        lon, lat = data.pop("lon", None), data.pop("lat", None)
        point = Point(lon, lat, srid=4326) if lon is not None and lat is not None else None
        house = create_house(request.user, building_id=data.pop("building", None), point=point, **data)
        return Response(HouseSerializer(house).data, status=status.HTTP_201_CREATED)


class OrganisationViewSet(JurisdictionViewSet):
    """单位组织 organisations."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    lookup_value_regex = r"\d+"
    bbox_filter_field = "point"
    property_filters = {"code": "location_code__startswith", "kind": "kind", "name": "name__startswith"}


def _polygon(value):
    if value is None:
        return None
    try:
        geom = GEOSGeometry(json.dumps(value), srid=4326)
    except (GEOSException, ValueError, TypeError):
        raise BadInput("footprint: 须为 GeoJSON 多边形 (a GeoJSON Polygon)", field="footprint") from None
    if geom.geom_type != "Polygon":
        raise BadInput("footprint: 须为 GeoJSON 多边形 (a GeoJSON Polygon)", field="footprint")
    return geom

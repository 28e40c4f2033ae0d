"""Nearby forces (应急指挥): GET around a point, POST around a drawn area. One scan over every
registered kind (events/forces.py), cut to the user's jurisdiction."""

import json

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField

from events.api.serializers import can_see_contact
from events.forces import scan
from events.forces_input import area_target, parse_kinds, parse_limit, point_target
from geo.api.validation import validated

__all__ = ["ForcesNearbyView", "GeometryText"]


@extend_schema_field({"type": "object", "description": "GeoJSON geometry (WGS84)"})
class GeometryText(GeometryField):
    """A GeoJSON geometry, as an object or as text (multipart forms send text)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and value.strip().startswith("{"):
            try:
                value = json.loads(value)
            except ValueError:
                raise serializers.ValidationError("不是合法的 GeoJSON (not valid GeoJSON)") from None
        return super().to_internal_value(value)


class NearbyPointQuery(serializers.Serializer):
    lon = serializers.FloatField(help_text="经度 (degrees in crs)")
    lat = serializers.FloatField(help_text="纬度")
    crs = serializers.CharField(required=False, default="wgs84", help_text="wgs84 | cgcs2000 | gcj02 | bd09")
    radius_m = serializers.CharField(required=False, default="", help_text="metres, default 2000, at most 20000")
    kinds = serializers.CharField(
        required=False, default="", help_text="comma-separated: worker, militia_member, militia_company, resource"
    )
    limit = serializers.CharField(required=False, default="", help_text="per kind, default 10, at most 100")


class NearbyAreaInput(serializers.Serializer):
    area = GeometryText(help_text="GeoJSON Polygon/MultiPolygon, WGS84, ≤ 200 km²")
    radius_m = serializers.FloatField(required=False, default=0, help_text="metres around the area, ≤ 20000")
    kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    limit = serializers.IntegerField(required=False, default=20)


class ForcesNearbyView(APIView):
    """On-duty grid workers, militia members on call, militia companies and emergency resources
    within `radius_m` metres of a point (GET) or of a drawn area (POST; 0 inside it), nearest first
    (metres, EPSG:4549), at most `limit` of each kind, inside your jurisdiction."""

    @extend_schema(parameters=[NearbyPointQuery], responses=dict)
    def get(self, request):
        data = validated(NearbyPointQuery, request.query_params)
        target = point_target(data["lon"], data["lat"], data["crs"], data["radius_m"])
        return self._scan(request, target, data["kinds"], data["limit"])

    @extend_schema(request=NearbyAreaInput, responses=dict)
    def post(self, request):
        data = validated(NearbyAreaInput, request.data)
        return self._scan(request, area_target(data["area"], data["radius_m"]), data["kinds"], data["limit"])

    def _scan(self, request, target, kinds, limit):
        return Response(
            scan(
                target,
                request.user.jurisdiction,
                kinds=parse_kinds(kinds),
                limit=parse_limit(limit),
                show_phone=can_see_contact(request.user),
            )
        )

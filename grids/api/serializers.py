from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo.api.serializers import CodeNameSerializer
from grids.models import Grid, MicroGrid, Place

__all__ = [
    "GridSerializer",
    "MicroGridSerializer",
    "PlaceSerializer",
    "LocationSerializer",
    "LocateQuerySerializer",
    "SearchQuerySerializer",
]


class GridSerializer(GeoFeatureModelSerializer):
    community = serializers.CharField(source="community.code", read_only=True)
    street = serializers.CharField(source="street.code", read_only=True)

    class Meta:
        model = Grid
        geo_field = "geom"
        fields = ["id", "code", "name", "kind", "community", "street"]


class MicroGridSerializer(GeoFeatureModelSerializer):
    grid = serializers.CharField(source="grid.code", read_only=True)

    class Meta:
        model = MicroGrid
        geo_field = "geom"
        fields = ["id", "code", "name", "grid"]


class PlaceSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Place
        geo_field = "geom"
        fields = ["id", "kind", "name", "attributes", "location_code"]


class LocateQuerySerializer(serializers.Serializer):
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="经度 longitude, degrees")
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="纬度 latitude, degrees")
    crs = serializers.CharField(required=False, default="wgs84", help_text="wgs84 | cgcs2000 | gcj02 | bd09")


class LocationSerializer(serializers.Serializer):
    district = CodeNameSerializer(allow_null=True)
    street = CodeNameSerializer(allow_null=True)
    community = CodeNameSerializer(allow_null=True)
    grid = CodeNameSerializer(allow_null=True)
    micro_grid = CodeNameSerializer(allow_null=True)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, help_text="code prefix (digits) or part of a name")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo.models import AdminArea

__all__ = ["AdminAreaSerializer", "CodeNameSerializer"]


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AdminAreaSerializer(GeoFeatureModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = AdminArea
        geo_field = "geom"
        fields = ["id", "code", "name", "level", "parent"]

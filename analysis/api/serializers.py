"""Query-string parameters of the query API, and saved queries."""

from rest_framework import serializers

from analysis import conf
from analysis.exports import FORMATS
from analysis.models import SavedQuery

__all__ = ["QuerySerializer", "SavedQuerySerializer", "RESERVED"]


class QuerySerializer(serializers.Serializer):
    layer = serializers.CharField(max_length=64, help_text="图层 layer name (see /api/v1/query/layers)")
    area = serializers.RegexField(
        r"^\d{12}(\d{3}){0,2}$", required=False, help_text="street/community (12 digits), grid (15) or micro-grid (18)"
    )
    geometry = serializers.CharField(
        required=False, max_length=500_000, help_text="GeoJSON geometry: clip (within, aggregate) or centre"
    )
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180, help_text="centre longitude")
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90, help_text="centre latitude")
    place = serializers.IntegerField(required=False, min_value=1, help_text="centre: a place id")
    event = serializers.IntegerField(required=False, min_value=1, help_text="centre: an event id")
    radius_m = serializers.FloatField(required=False, help_text="buffer radius, metres (EPSG:4549)")
    k = serializers.IntegerField(required=False, min_value=1, max_value=conf.MAX_K, default=5)
    by = serializers.CharField(required=False, help_text="street | community | grid | micro_grid | h3:7 … h3:10")
    crs = serializers.ChoiceField(
        choices=["wgs84", "cgcs2000", "gcj02", "bd09"], default="wgs84", help_text="CRS of input and output"
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=conf.MAX_PAGE_SIZE, default=conf.PAGE_SIZE)
    offset = serializers.IntegerField(required=False, min_value=0, default=0)
    csv_geometry = serializers.ChoiceField(choices=["wkt", "lonlat"], required=False, default="wkt")

    def get_fields(self):
        fields = super().get_fields()
        # `from`/`to` are Python keywords: declared here instead of as class attributes.
        fields["from"] = serializers.DateTimeField(required=False, help_text="ISO 8601; Asia/Shanghai when naive")
        fields["to"] = serializers.DateTimeField(required=False, help_text="ISO 8601, exclusive")
        return fields


# Query-string names that are not layer filters.
RESERVED = {*QuerySerializer().fields, "format", "page", "page_size"}


class SavedQuerySerializer(serializers.ModelSerializer):
    operation = serializers.ChoiceField(choices=["within", "buffer", "nearest", "aggregate"])
    params = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="the query API's parameters, as strings"
    )

    class Meta:
        model = SavedQuery
        fields = ["id", "name", "operation", "params", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


__all__ += ["FORMATS"]

from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers

from tracking.days import local_today

__all__ = ["HeatQuerySerializer", "LiveWorkerSerializer", "LiveWorkersSerializer", "TrackQuerySerializer"]


class HeatQuerySerializer(serializers.Serializer):
    bbox = serializers.CharField(required=False, help_text="min_lon,min_lat,max_lon,max_lat (WGS84)")
    res = serializers.IntegerField(required=False, default=9, min_value=7, max_value=10, help_text="H3 resolution 7–10")
    to = serializers.DateTimeField(required=False, help_text="ISO-8601 with zone; default now")

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so it cannot be declared as a class attribute.
        fields["from"] = serializers.DateTimeField(
            required=False, help_text="ISO-8601 with zone; default 24 h before `to`"
        )
        return fields

    def validate(self, attrs):
        attrs["end"] = attrs.pop("to", None) or timezone.now()
        attrs["start"] = attrs.pop("from", None) or attrs["end"] - timedelta(hours=24)
        return attrs


class TrackQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD (local day); default today")

    def validate(self, attrs):
        attrs.setdefault("date", local_today())
        return attrs


class LiveWorkerSerializer(serializers.Serializer):
    """A grid member the live map may show (documents the response)."""

    id = serializers.IntegerField()
    user = serializers.CharField(help_text="username")
    name = serializers.CharField(help_text="display name (full name, else username)")
    grid = serializers.CharField(help_text="code of the member's first grid")


class LiveWorkersSerializer(serializers.Serializer):
    workers = LiveWorkerSerializer(many=True)

"""The webhook's JSON body. Types only: the intake service checks categories, coordinates and the
district; `geo.api.validation.validated` names the first bad field (`contact.phone` for a nested one)."""

from rest_framework import serializers

from geo.api.validation import check_recent

__all__ = ["IncomingEventSerializer"]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class IncomingEventSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=100, help_text="the source's id of the item: the idempotency key")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    category = serializers.CharField(max_length=64, help_text="our category code, e.g. city.manhole")
    lon = serializers.FloatField(help_text="degrees in `crs`")
    lat = serializers.FloatField(help_text="degrees in `crs`")
    crs = serializers.CharField(
        required=False, allow_blank=True, default="wgs84", help_text="wgs84 | cgcs2000 | gcj02 | bd09"
    )
    reported_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="when the source received it (ISO 8601); kept as an attribute",
    )
    contact = ContactSerializer(required=False, allow_null=True, default=None)
    priority = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="1–4 or low/normal/urgent/critical"
    )
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate_reported_at(self, value):
        return value and check_recent(value, "reported_at")

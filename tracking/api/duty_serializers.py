"""Input and output shapes of the duty, patrol, coverage, visit and report endpoints.

Input serializers only read types; the services check ranges and rules, and
`geo.api.validation.validated()` turns a type error into BadInput naming the field."""

from datetime import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo.api.serializers import CodeNameSerializer
from geo.api.validation import check_calendar
from tracking.days import local_day_bounds, local_today, local_tz
from tracking.models import CheckIn, DutySession, Patrol, Visit

__all__ = [
    "CheckInInputSerializer",
    "CheckInSerializer",
    "SessionSerializer",
    "DutyResultSerializer",
    "DutyStatusSerializer",
    "PatrolSerializer",
    "VisitInputSerializer",
    "VisitSerializer",
    "CoverageQuerySerializer",
    "ReportQuerySerializer",
    "CoverageSerializer",
    "report_serializer",
    "WorkerRowSerializer",
    "GridRowSerializer",
    "StreetRowSerializer",
]


class CheckInInputSerializer(serializers.Serializer):
    lon = serializers.FloatField(help_text="经度 longitude, degrees in `crs`")
    lat = serializers.FloatField(help_text="纬度 latitude, degrees in `crs`")
    crs = serializers.CharField(
        required=False, default="wgs84", allow_blank=True, help_text="wgs84 | cgcs2000 | gcj02 | bd09"
    )
    accuracy_m = serializers.FloatField(required=False, allow_null=True, default=None, help_text="定位精度, metres")
    time = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="ISO-8601; without a zone read as Asia/Shanghai; default now",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CheckInSerializer(serializers.ModelSerializer):
    lon = serializers.FloatField(source="geom.x")
    lat = serializers.FloatField(source="geom.y")
    grid = serializers.CharField(source="grid.code", allow_null=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "kind",
            "time",
            "lon",
            "lat",
            "grid",
            "location_code",
            "inside",
            "distance_m",
            "accuracy_m",
            "accepted",
            "note",
        ]


class SessionSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code", allow_null=True)
    user = serializers.CharField(source="user.username")

    class Meta:
        model = DutySession
        fields = ["id", "user", "grid", "started_at", "ended_at"]


class PatrolSummarySerializer(serializers.ModelSerializer):
    stops = serializers.SerializerMethodField()

    class Meta:
        model = Patrol
        fields = ["fixes", "length_m", "inside_s", "outside_s", "stops"]

    def get_stops(self, patrol) -> int:
        return len(patrol.stops)


class DutyResultSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(source="checkin.accepted")
    on_duty = serializers.BooleanField()
    message = serializers.CharField()
    checkin = CheckInSerializer()
    session = SessionSerializer(allow_null=True)
    patrol = PatrolSummarySerializer(allow_null=True, required=False)


class DutyStatusSerializer(serializers.Serializer):
    on_duty = serializers.BooleanField()
    session = serializers.IntegerField(allow_null=True)
    since = serializers.DateTimeField(allow_null=True)
    grid = serializers.DictField(allow_null=True)


class PatrolSerializer(GeoFeatureModelSerializer):
    """The patrol as a GeoJSON Feature: a LineString (WGS84) or null with fewer than two fixes."""

    user = serializers.CharField(source="session.user.username")
    grid = serializers.CharField(source="session.grid.code", allow_null=True)
    started_at = serializers.DateTimeField(source="session.started_at")
    ended_at = serializers.DateTimeField(source="session.ended_at")
    inside_share = serializers.SerializerMethodField()

    class Meta:
        model = Patrol
        geo_field = "track"
        id_field = "session"
        fields = [
            "session",
            "user",
            "grid",
            "started_at",
            "ended_at",
            "fixes",
            "length_m",
            "inside_s",
            "outside_s",
            "inside_share",
            "stops",
            "computed_at",
        ]

    def get_inside_share(self, patrol) -> float | None:
        tracked = patrol.inside_s + patrol.outside_s
        return patrol.inside_s / tracked if tracked else None


class VisitInputSerializer(serializers.Serializer):
    place = serializers.IntegerField(required=False, help_text="场所 id (short for target_kind=place)")
    target_kind = serializers.CharField(required=False, max_length=16, help_text="place | house | person")
    target_id = serializers.IntegerField(required=False, help_text="id of the place, house or person")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    time = serializers.DateTimeField(required=False, allow_null=True, default=None)
    photo = serializers.FileField(required=False, help_text="multipart: a JPEG/PNG taken at the visit")

    def validate(self, attrs):
        if ("place" in attrs) == ("target_id" in attrs):
            raise serializers.ValidationError({"place": "须给出 place，或 target_kind 与 target_id 之一 (one target)"})
        if "place" in attrs:
            attrs["target_kind"], attrs["target_id"] = "place", attrs.pop("place")
        elif "target_kind" not in attrs:
            raise serializers.ValidationError({"target_kind": "必填 (required with target_id)"})
        return attrs


class VisitSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username")
    place_name = serializers.CharField(source="target_label")
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "user",
            "place",
            "place_name",
            "target_kind",
            "target_id",
            "time",
            "location_code",
            "proof_distance_m",
            "accepted",
            "reason",
            "note",
            "photo_url",
        ]

    def get_photo_url(self, visit) -> str | None:
        return f"/api/v1/visits/{visit.pk}/photo" if visit.photo else None


class VisitPlacesQuerySerializer(serializers.Serializer):
    grid = serializers.CharField(required=False, max_length=15, help_text="网格编码 (default: your duty grid)")
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180, help_text="your longitude, WGS84")
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90, help_text="your latitude, WGS84")
    order = serializers.ChoiceField(
        choices=["distance", "days"],
        required=False,
        default="distance",
        help_text="distance | days (since the last visit)",
    )


class VisitPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    distance_m = serializers.FloatField(allow_null=True, help_text="metres from lon/lat, null without them")
    last_visit = serializers.DateTimeField(allow_null=True, help_text="the last accepted visit")
    days_since_visit = serializers.IntegerField(allow_null=True, help_text="null: never visited")


class VisitPlacesSerializer(serializers.Serializer):
    grid = CodeNameSerializer()
    order = serializers.CharField()
    places = VisitPlaceSerializer(many=True)


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """A date (YYYY-MM-DD: its local start, or with `end_of_day` the next day's start, so a `to`
    date is inclusive) or an ISO-8601 time (without a zone read as local time)."""

    def __init__(self, end_of_day=False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid")
        try:
            if len(value) == 10:
                day = check_calendar(datetime.strptime(value, "%Y-%m-%d").date(), self.field_name)
                return local_day_bounds(day)[1 if self.end_of_day else 0]
            moment = check_calendar(datetime.fromisoformat(value), self.field_name)
        except ValueError:
            self.fail("invalid")
        return moment if moment.tzinfo else moment.replace(tzinfo=local_tz())

    def to_representation(self, value):
        return value.isoformat()

    default_error_messages = {"invalid": "需要日期 YYYY-MM-DD 或 ISO-8601 时间 (a date or an ISO-8601 time)"}


class CoverageQuerySerializer(serializers.Serializer):
    grid = serializers.RegexField(r"^\d{15}$", help_text="网格编码 (15 digits)")
    user = serializers.CharField(required=False, max_length=150, help_text="username: one worker only")

    def get_fields(self):
        fields = super().get_fields()  # `from` is a keyword, so these two are added by name
        fields["from"] = MomentField(required=False, help_text="date or time; default today 00:00")
        fields["to"] = MomentField(required=False, end_of_day=True, help_text="date (inclusive) or time; default now")
        return fields

    def validate(self, attrs):
        attrs.setdefault("from", local_day_bounds(local_today())[0])
        attrs.setdefault("to", timezone.now())
        return attrs


class ReportQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD (local day); default today")
    grid = serializers.RegexField(r"^\d{15}$", required=False)
    street = serializers.RegexField(r"^\d{12}$", required=False)

    def validate(self, attrs):
        attrs.setdefault("date", local_today())
        return attrs


# Output shapes of coverage and reports: the services return plain dicts; these document them.


class CoverageWorkerSerializer(serializers.Serializer):
    user = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    visited = serializers.IntegerField(help_text="cells of the grid visited")
    share = serializers.FloatField(help_text="visited / cells, 0–1")


class CoverageSerializer(serializers.Serializer):
    grid = CodeNameSerializer()
    cells = serializers.IntegerField(help_text="H3 res-10 cells of the grid")
    visited = serializers.IntegerField(help_text="cells visited by any listed worker")
    share = serializers.FloatField()
    per_worker = CoverageWorkerSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"], fields["to"] = serializers.DateTimeField(), serializers.DateTimeField()
        return fields


class WorkerRowSerializer(serializers.Serializer):
    user = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    grid = serializers.CharField()
    grid_name = serializers.CharField()
    street = serializers.CharField()
    street_name = serializers.CharField()
    distance_m = serializers.FloatField(help_text="the day's good-fix track, metres in EPSG:4549")
    duty_s = serializers.IntegerField(help_text="seconds in duty sessions that day")
    tracked_s = serializers.IntegerField(help_text="seconds between fixes, gaps capped")
    inside_share = serializers.FloatField(allow_null=True, help_text="share of tracked time inside the own grid")
    cells = serializers.IntegerField()
    cells_visited = serializers.IntegerField()
    coverage = serializers.FloatField()
    visits = serializers.IntegerField(help_text="accepted visits")
    checkins = serializers.IntegerField(help_text="check-ins (签到), accepted or not")


class _SummaryRowSerializer(serializers.Serializer):
    workers = serializers.IntegerField()
    on_duty = serializers.IntegerField(help_text="workers with duty time that day")
    distance_m = serializers.FloatField()
    mean_coverage = serializers.FloatField()
    visits = serializers.IntegerField()
    checkins = serializers.IntegerField()


class GridRowSerializer(_SummaryRowSerializer):
    grid = serializers.CharField()
    name = serializers.CharField()
    street = serializers.CharField()


class StreetRowSerializer(_SummaryRowSerializer):
    street = serializers.CharField()
    name = serializers.CharField()
    grids = serializers.IntegerField()


def report_serializer(row_serializer):
    """The {date, rows} envelope of a report, for the schema."""
    return type(
        row_serializer.__name__.replace("RowSerializer", "ReportSerializer"),
        (serializers.Serializer,),
        {"date": serializers.DateField(), "rows": row_serializer(many=True)},
    )

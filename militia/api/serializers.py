"""Input and output shapes of the militia API. Input serializers read types only (the services check
rules and ranges); `validated()` turns a type error into BadInput naming the field."""

import json

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.privacy import mask_phone
from events.api.forces import GeometryText
from militia.models import (
    Emergency,
    EmergencyPlan,
    MilitiaMember,
    MilitiaOrg,
    MilitiaTask,
    Resource,
    TaskApproval,
)
from militia.permissions import is_commander


class JSONOrText(serializers.JSONField):
    """A JSON value, also accepted as a JSON string (multipart forms send text)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError("不是合法的 JSON (not valid JSON)") from None
        return super().to_internal_value(data)


# ---- input ----


class ForceRef(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    distance_m = serializers.FloatField(required=False, allow_null=True, default=None)


class ForceDispatchInput(serializers.Serializer):
    forces = JSONOrText(help_text='[{"kind": "militia_member", "id": 1}, …]')
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    lon = serializers.FloatField(required=False, allow_null=True, default=None)
    lat = serializers.FloatField(required=False, allow_null=True, default=None)
    area = GeometryText(required=False, allow_null=True, default=None)
    emergency = serializers.IntegerField(required=False, allow_null=True, default=None)
    event = serializers.IntegerField(required=False, allow_null=True, default=None)
    photo = serializers.ImageField(required=False, allow_null=True, default=None)

    def validate_forces(self, value):
        refs = ForceRef(data=value, many=True)
        if not isinstance(value, list) or not refs.is_valid():
            raise serializers.ValidationError('应为 [{"kind", "id"}] 列表 (a list of {kind, id})')
        return refs.validated_data


class OrgInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    level = serializers.CharField()
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)
    area_code = serializers.CharField(required=False, allow_blank=True, default="")
    lon = serializers.FloatField(required=False, allow_null=True, default=None)
    lat = serializers.FloatField(required=False, allow_null=True, default=None)
    commander = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)


class MemberInput(serializers.Serializer):
    org = serializers.IntegerField()
    name = serializers.CharField(max_length=50)
    age_band = serializers.CharField()
    speciality = serializers.CharField(required=False, default="general")
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    on_call = serializers.BooleanField(required=False, default=True)
    lon = serializers.FloatField(required=False, allow_null=True, default=None)
    lat = serializers.FloatField(required=False, allow_null=True, default=None)


class OnCallInput(serializers.Serializer):
    on_call = serializers.BooleanField()


class ImportInput(serializers.Serializer):
    file = serializers.FileField(help_text=".xlsx (first sheet) or .csv (UTF-8)")
    dry_run = serializers.BooleanField(required=False, default=False)


class ResourceInput(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(max_length=200)
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    available = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    org = serializers.IntegerField(required=False, allow_null=True, default=None)


class MoveItem(serializers.Serializer):
    kind = serializers.CharField()
    quantity = serializers.IntegerField()
    reason = serializers.CharField(help_text="in, out, transfer_in, transfer_out, repair, scrap, check")
    condition = serializers.CharField(required=False, default="good")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MovementsInput(serializers.Serializer):
    items = MoveItem(many=True)
    task = serializers.IntegerField(required=False, allow_null=True, default=None)


class TransferInput(serializers.Serializer):
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.CharField()
    quantity = serializers.IntegerField(min_value=1)
    condition = serializers.CharField(required=False, default="good")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(help_text="emergency | training | patrol_support")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    area = GeometryText(required=False, allow_null=True, default=None)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    headcount = serializers.IntegerField(required=False, default=0, min_value=0)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    street = serializers.CharField(required=False, allow_blank=True, default="", help_text="district: the town")
    emergency = serializers.IntegerField(required=False, allow_null=True, default=None)


class StepInput(serializers.Serializer):
    step = serializers.CharField(help_text="approve | refuse | cancel | start | complete")
    version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AssignInput(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=1000)


class ClockInInput(serializers.Serializer):
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    crs = serializers.CharField(required=False, default="wgs84")
    accuracy_m = serializers.FloatField(required=False, allow_null=True, default=None, min_value=0)
    time = serializers.DateTimeField(required=False, allow_null=True, default=None)


class PlanInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    category = serializers.CharField(max_length=50)
    level = serializers.CharField(help_text="1–4 (Ⅰ–Ⅳ级)")
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    document = serializers.FileField(required=False, allow_null=True, default=None)
    online = serializers.BooleanField(required=False, default=False)


class OnlineInput(serializers.Serializer):
    online = serializers.BooleanField()


class EmergencyInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    plan = serializers.IntegerField()
    area = GeometryText(required=False, allow_null=True, default=None)
    grid = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.CharField(required=False, allow_blank=True, default="")
    event = serializers.IntegerField(required=False, allow_null=True, default=None)


# ---- output ----


def shown_phone(request, phone: str) -> str:
    return phone if request is not None and is_commander(request.user) else mask_phone(phone or "")


class OrgSerializer(GeoFeatureModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True)
    code = serializers.CharField(source="location_code", read_only=True)
    phone = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = MilitiaOrg
        geo_field = "point"
        fields = ["id", "name", "level", "parent", "code", "commander", "phone", "member_count"]

    def get_phone(self, org) -> str:
        return shown_phone(self.context.get("request"), org.phone)


class MemberSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    phone = serializers.SerializerMethodField()
    lon = serializers.FloatField(source="point.x", read_only=True)
    lat = serializers.FloatField(source="point.y", read_only=True)
    username = serializers.CharField(source="user.username", default=None, read_only=True)

    class Meta:
        model = MilitiaMember
        fields = [
            "id",
            "name",
            "org",
            "org_name",
            "speciality",
            "age_band",
            "phone",
            "on_call",
            "lon",
            "lat",
            "username",
        ]

    def get_phone(self, member) -> str:
        return shown_phone(self.context.get("request"), member.phone)


class ResourceSerializer(GeoFeatureModelSerializer):
    code = serializers.CharField(source="location_code", read_only=True)
    capacity_unit = serializers.CharField(read_only=True)
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        geo_field = "point"
        fields = [
            "id",
            "kind",
            "name",
            "code",
            "address",
            "contact",
            "phone",
            "capacity",
            "available",
            "capacity_unit",
            "stock_total",
            "org",
        ]

    def get_phone(self, resource) -> str:
        return shown_phone(self.context.get("request"), resource.phone)


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskApproval
        fields = ["step", "level", "from_status", "to_status", "comment", "actor_name", "actor_code", "time"]


class TaskSerializer(GeoFeatureModelSerializer):
    code = serializers.CharField(source="location_code", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", default=None, read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = MilitiaTask
        geo_field = "point"
        fields = [
            "id",
            "title",
            "kind",
            "description",
            "street_code",
            "status",
            "code",
            "headcount",
            "starts_at",
            "ends_at",
            "emergency",
            "requested_by",
            "version",
            "created_at",
            "members",
        ]

    def get_members(self, task) -> int:
        return len(task.assignments.all())


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyPlan
        fields = ["id", "title", "category", "level", "summary", "document", "owner_code", "online", "updated_at"]


class EmergencySerializer(GeoFeatureModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    code = serializers.CharField(source="location_code", read_only=True)

    class Meta:
        model = Emergency
        geo_field = "area"
        fields = [
            "id",
            "title",
            "level",
            "plan",
            "plan_title",
            "status",
            "code",
            "event",
            "source_grid",
            "started_at",
            "closed_at",
        ]

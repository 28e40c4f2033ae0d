"""Input and output shapes of the events API. Input serializers read types and simple ranges; the
services check rules, and `geo.api.validation.validated()` turns a type error into BadInput naming
the field."""

from django.conf import settings
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.models import Role
from accounts.privacy import mask_email, mask_name, mask_phone
from events import conf
from events.models import Category, Department, Event, EventAction, EventPhoto, Reminder

__all__ = [
    "EventInputSerializer",
    "ActionInputSerializer",
    "DispatchInputSerializer",
    "NearbyQuerySerializer",
    "EventFeatureSerializer",
    "EventDetailSerializer",
    "CategorySerializer",
    "DepartmentSerializer",
    "ReminderSerializer",
    "TodoSerializer",
    "TodoEventSerializer",
    "can_see_contact",
]

# Roles that handle events and so may see a reporter's phone number unmasked.
CONTACT_ROLES = {Role.COMMAND_OPERATOR, Role.STREET_OPERATOR, Role.GRID_LEADER, Role.GRID_WORKER, Role.DEPARTMENT_STAFF}


def can_see_contact(user) -> bool:
    return user.is_superuser or user.role in CONTACT_ROLES


class EventInputSerializer(serializers.Serializer):
    """Multipart (with `photos`, repeated, JPEG/PNG ≤ 10 MB each) or JSON without photos."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    category = serializers.CharField(help_text="分类编码, e.g. city.manhole")
    lon = serializers.FloatField(help_text="经度, degrees in `crs`")
    lat = serializers.FloatField(help_text="纬度, degrees in `crs`")
    crs = serializers.CharField(
        required=False, default="wgs84", allow_blank=True, help_text="wgs84 | cgcs2000 | gcj02 | bd09"
    )
    priority = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="1–4 or low/normal/urgent/critical"
    )
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    photos = serializers.ListField(child=serializers.FileField(), required=False, help_text="JPEG/PNG, ≤ 10 MB each")


MAX_ATTACHMENTS = 10


class AttachmentSerializer(serializers.Serializer):
    """One attachment of a workflow step, kept in the append-only action log: a reference, not a file
    (photos are uploaded with the event), so its size is bounded by these fields."""

    photo = serializers.IntegerField(required=False, min_value=1, help_text="an EventPhoto id")
    name = serializers.CharField(required=False, max_length=200)
    url = serializers.URLField(required=False, max_length=500)
    note = serializers.CharField(required=False, max_length=500, allow_blank=True)

    def validate(self, attrs):  # other members are dropped
        if not attrs:
            raise serializers.ValidationError("附件为空 (an empty attachment)")
        return attrs


class ActionInputSerializer(serializers.Serializer):
    action = serializers.CharField(
        help_text="accept, dispatch, escalate, start, resolve, close, return, reject, self_handle, supervise, rate"
    )
    version = serializers.IntegerField(help_text="the event's version as you read it; a stale one gives 409")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    target = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="dispatch: user:<username> | department:<code>; escalate: level:<level> | department:<code>",
    )
    rating = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="close/rate: 1–5")
    attachments = serializers.ListField(
        child=AttachmentSerializer(),
        required=False,
        default=list,
        max_length=MAX_ATTACHMENTS,
        help_text=f"at most {MAX_ATTACHMENTS}: {{photo?, name?, url?, note?}}",
    )


class DispatchInputSerializer(serializers.Serializer):
    user = serializers.CharField(help_text="the worker's username")
    version = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NearbyQuerySerializer(serializers.Serializer):
    radius_m = serializers.FloatField(
        required=False,
        default=conf.NEARBY_RADIUS_M,
        max_value=conf.NEARBY_MAX_RADIUS_M,
        help_text=f"metres, more than 0, default {conf.NEARBY_RADIUS_M}, at most {conf.NEARBY_MAX_RADIUS_M}",
    )
    limit = serializers.IntegerField(
        required=False,
        default=conf.NEARBY_LIMIT,
        min_value=1,
        max_value=conf.NEARBY_MAX_LIMIT,
        help_text=f"per kind, default {conf.NEARBY_LIMIT}, at most {conf.NEARBY_MAX_LIMIT}",
    )

    def validate_radius_m(self, value):
        if value <= 0:
            raise serializers.ValidationError("半径须大于 0 米 (the radius must be more than 0 metres)")
        return value


class EventFeatureSerializer(GeoFeatureModelSerializer):
    """An event on the map: a GeoJSON Feature with a WGS84 Point."""

    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    handler = serializers.IntegerField(source="handler_id", read_only=True)
    handler_name = serializers.SerializerMethodField()
    department = serializers.CharField(source="department.code", default=None, read_only=True)
    department_name = serializers.CharField(source="department.name", default=None, read_only=True)
    grid = serializers.SerializerMethodField()
    street = serializers.SerializerMethodField()

    class Meta:
        model = Event
        geo_field = "point"
        fields = [
            "id",
            "code",
            "title",
            "category",
            "category_name",
            "source",
            "priority",
            "status",
            "status_label",
            "level",
            "handler",
            "handler_name",
            "department",
            "department_name",
            "location_code",
            "grid",
            "street",
            "due_at",
            "overdue",
            "due_soon",
            "supervised",
            "created_at",
            "closed_at",
            "version",
        ]

    def get_handler_name(self, event) -> str | None:
        return event.handler.display_name if event.handler_id else None

    def get_grid(self, event) -> str | None:
        return event.location_code[:15] if len(event.location_code) >= 15 else None

    def get_street(self, event) -> str | None:
        return event.location_code[:9] + "000" if len(event.location_code) >= 9 else None


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    exif = serializers.SerializerMethodField()

    class Meta:
        model = EventPhoto
        fields = ["id", "url", "original_name", "width", "height", "size", "exif", "taken_at"]

    def get_url(self, photo) -> str:
        return f"/api/v1/events/{photo.event_id}/photos/{photo.pk}"

    def get_exif(self, photo) -> dict | None:
        return {"lon": photo.exif_point.x, "lat": photo.exif_point.y} if photo.exif_point else None


class ActionSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display")

    class Meta:
        model = EventAction
        fields = [
            "id",
            "time",
            "actor",
            "actor_name",
            "action",
            "action_label",
            "from_status",
            "to_status",
            "from_level",
            "to_level",
            "handler",
            "department",
            "note",
            "attachments",
        ]


class EventDetailSerializer(EventFeatureSerializer):
    """An event with its photos, timeline and EXIF hint (`exif_location`: where the first geotagged
    photo says it was taken, WGS84, and `distance_m` from the reported point, metres in METRIC_SRID)."""

    photos = PhotoSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    exif_location = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    reporter = serializers.CharField(source="reporter.username", default=None, read_only=True)

    class Meta(EventFeatureSerializer.Meta):
        fields = EventFeatureSerializer.Meta.fields + [
            "description",
            "address",
            "external_id",
            "attributes",
            "reporter",
            "contact",
            "rating",
            "supervised_at",
            "resolved_at",
            "photos",
            "actions",
            "exif_location",
        ]

    def get_exif_location(self, event) -> dict | None:
        photo = next((p for p in event.photos.all() if p.exif_point), None)
        if photo is None:
            return None
        metric = settings.METRIC_SRID
        distance = photo.exif_point.transform(metric, clone=True).distance(event.point.transform(metric, clone=True))
        return {
            "lon": photo.exif_point.x,
            "lat": photo.exif_point.y,
            "distance_m": round(distance, 1),
            "photo": photo.pk,
        }

    def get_contact(self, event) -> dict:
        request = self.context.get("request")
        if request and can_see_contact(request.user):
            return {"name": event.contact_name, "phone": event.contact_phone, "email": event.contact_email}
        # Analysts, leaders and the rest see that a reporter left contacts, not who they are.
        return {
            "name": mask_name(event.contact_name),
            "phone": mask_phone(event.contact_phone),
            "email": mask_email(event.contact_email),
        }


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None, read_only=True)
    department = serializers.SerializerMethodField()
    deadline_hours = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["code", "name", "parent", "department", "deadline_hours", "photo_required", "description"]

    def get_department(self, category) -> str | None:
        dept = category.effective_department()
        return dept.code if dept else None

    def get_deadline_hours(self, category) -> int | None:
        return category.effective_deadline_hours()


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name", "jurisdiction_code"]


class ReminderSerializer(serializers.ModelSerializer):
    event_code = serializers.CharField(source="event.code")
    title = serializers.CharField(source="event.title")

    class Meta:
        model = Reminder
        fields = ["id", "kind", "event", "event_code", "title", "created_at", "read"]


class TodoSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    supervised = serializers.IntegerField()
    reminders = serializers.IntegerField()


class TodoEventSerializer(serializers.ModelSerializer):
    """An event on a to-do list: what a phone shows, the WGS84 point and the steps you may take."""

    category_name = serializers.CharField(source="category.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lon = serializers.FloatField(source="point.x", read_only=True)
    lat = serializers.FloatField(source="point.y", read_only=True)
    steps = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="accept, start, …")

    class Meta:
        model = Event
        fields = [
            "id",
            "code",
            "title",
            "description",
            "address",
            "category_name",
            "priority",
            "status",
            "status_label",
            "level",
            "due_at",
            "overdue",
            "due_soon",
            "supervised",
            "created_at",
            "version",
            "lon",
            "lat",
            "steps",
        ]

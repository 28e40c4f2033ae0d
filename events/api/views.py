"""Events API: list/detail (GeoJSON, jurisdiction-cut: another street's event is 404), intake,
route, workflow actions, nearby forces and dispatch, statistics, to-do counts, reminders,
categories and departments. Views parse, authorise, call a service, render."""

from django.db.models import Prefetch
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from events import nearby, stats, todo
from events.api.filters import EventFilter
from events.api.serializers import (
    ActionInputSerializer,
    CategorySerializer,
    DepartmentSerializer,
    DispatchInputSerializer,
    EventDetailSerializer,
    EventFeatureSerializer,
    EventInputSerializer,
    NearbyQuerySerializer,
    ReminderSerializer,
    TodoEventSerializer,
    TodoSerializer,
    can_see_contact,
)
from events.errors import NotFound
from events.models import Category, Department, Event, EventAction, Reminder, Source
from events.routing import route
from events.services import perform, report_event
from events.workflow import Action
from geo.api.filters import BBoxFilter
from geo.api.idempotency import idempotent
from geo.api.pagination import FeaturePagination
from geo.api.parsers import JSONObjectParser
from geo.api.validation import validated
from ops.replica import reads_replica

__all__ = ["EventViewSet", "TodoView", "TodoEventsView", "ReminderViewSet", "CategoryListView", "DepartmentListView"]


def _user_brief(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.display_name, "role": user.role}


class EventViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """事项 events as GeoJSON. POST creates one (multipart with `photos`)."""

    filter_backends = [BBoxFilter, EventFilter]
    pagination_class = FeaturePagination
    bbox_filter_field = "point"
    lookup_value_regex = r"\d+"
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    def get_queryset(self):
        events = Event.objects.visible_to_user(self.request.user).select_related("category", "handler", "department")
        if self.action == "list":
            return events
        return events.select_related("reporter").prefetch_related(
            "photos", Prefetch("actions", queryset=EventAction.objects.order_by("time", "id"))
        )

    def get_object(self):
        event = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if event is None:  # absent and out of reach look the same: ids cannot be probed
            raise NotFound(f"事项 {self.kwargs['pk']} 不存在或不在您的辖区内 (no such event)", field="id")
        return event

    def get_serializer_class(self):
        return EventFeatureSerializer if self.action == "list" else EventDetailSerializer

    def _detail(self, pk, code=status.HTTP_200_OK) -> Response:
        event = self.get_queryset().get(pk=pk)
        return Response(EventDetailSerializer(event, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request={"multipart/form-data": EventInputSerializer, "application/json": EventInputSerializer},
        responses={201: EventDetailSerializer},
    )
    @idempotent("events.create")
    def create(self, request, *args, **kwargs):
        data = validated(
            EventInputSerializer, {k: v for k, v in request.data.items() if k not in ("photos", "photos[]")}
        )
        photos = request.FILES.getlist("photos") + request.FILES.getlist("photos[]")
        source = Source.PUBLIC if request.user.role == Role.PUBLIC else Source.WORKER
        event = report_event(
            title=data["title"],
            description=data["description"],
            category=data["category"],
            lon=data["lon"],
            lat=data["lat"],
            crs=data["crs"],
            priority=data["priority"],
            address=data["address"],
            source=source,
            reporter=request.user,
            photos=photos,
        )
        return self._detail(event.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["get"])
    def route(self, request, pk=None):
        """Who the event would go to now: handler, department, the rule applied, grid worker and leader."""
        event = self.get_object()
        r = route(event)
        return Response(
            {
                "handler": _user_brief(r.handler),
                "level": r.level,
                "department": DepartmentSerializer(r.department).data if r.department else None,
                "rule": {
                    "id": r.rule.pk,
                    "category": r.rule.category.code,
                    "street_code": r.rule.street_code,
                    "handler_role": r.rule.handler_role,
                }
                if r.rule
                else None,
                "worker": _user_brief(r.worker),
                "leader": _user_brief(r.leader),
                "grid": event.location_code[:15] or None,
            }
        )

    @extend_schema(
        request={"application/json": ActionInputSerializer, "multipart/form-data": ActionInputSerializer},
        responses=EventDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="actions")
    @idempotent("events.action")
    def take_action(self, request, pk=None):
        """A workflow step `{action, version, note?, target?, rating?}` (JSON), or multipart with
        `photos` (stored with the event and attached to the step: a resolution's proof). 403 when
        your role or jurisdiction does not allow it, 409 when the status does not or the version is
        stale. With `client_id` (or `Idempotency-Key`) a retried step replays the first reply."""
        data = validated(
            ActionInputSerializer, {k: v for k, v in request.data.items() if k not in ("photos", "photos[]")}
        )
        event = self.get_object()
        perform(
            event,
            request.user,
            data["action"],
            version=data["version"],
            note=data["note"],
            target=data["target"],
            rating=data["rating"],
            attachments=data["attachments"],
            photos=request.FILES.getlist("photos") + request.FILES.getlist("photos[]"),
        )
        return self._detail(event.pk)

    @extend_schema(parameters=[NearbyQuerySerializer], responses=dict)
    @action(detail=True, methods=["get"])
    def nearby(self, request, pk=None):
        """Nearest on-duty workers and militia units within `radius_m` metres, inside your jurisdiction."""
        event = self.get_object()
        query = validated(NearbyQuerySerializer, request.query_params)
        return Response(
            nearby.nearby_forces(
                event.point,
                request.user.jurisdiction,
                radius_m=query["radius_m"],
                limit=query["limit"],
                show_phone=can_see_contact(request.user),
            )
        )

    @extend_schema(request=DispatchInputSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_worker(self, request, pk=None):
        """Dispatch (下派) the event to one worker, e.g. one found by `nearby`: `{user, version, note?}`."""
        data = validated(DispatchInputSerializer, request.data)
        event = self.get_object()
        perform(
            event,
            request.user,
            Action.DISPATCH,
            version=data["version"],
            note=data["note"],
            target=f"user:{data['user']}",
        )
        return self._detail(event.pk)

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo_id>\d+)")
    def photo(self, request, pk=None, photo_id=None):
        """A photo's file, for whoever may see the event."""
        photo = self.get_object().photos.filter(pk=photo_id).first()
        if photo is None:
            raise NotFound(f"照片 {photo_id} 不存在 (no such photo)", field="photo_id")
        return FileResponse(
            photo.file.open("rb"), content_type="image/png" if photo.file.name.endswith(".png") else "image/jpeg"
        )

    @extend_schema(responses=dict)
    @action(detail=False, methods=["get"])
    @reads_replica
    def stats(self, request):
        """Counts today / this year / total, average hours to close, today's close rate, by category,
        street and department — inside your jurisdiction."""
        return Response(stats.event_stats(request.user.jurisdiction))


class TodoView(APIView):
    """The red dots: events waiting for you, of them overdue / due soon / supervised, unread reminders."""

    @extend_schema(responses=TodoSerializer)
    def get(self, request):
        return Response(TodoSerializer(todo.todo_counts(request.user)).data)


class TodoEventsView(APIView):
    """The events waiting for you (the to-do list behind the red dots), overdue first, then by
    deadline, each with the workflow `steps` you may take now (at most 200)."""

    @extend_schema(responses=TodoEventSerializer(many=True))
    def get(self, request):
        return Response(TodoEventSerializer(todo.todo_events(request.user), many=True).data)


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    """Your reminders (督办提醒), newest first; `?unread=true` for the unread ones."""

    serializer_class = ReminderSerializer
    queryset = Reminder.objects.none()  # for the schema; get_queryset cuts to the user
    pagination_class = None
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        reminders = Reminder.objects.filter(user=self.request.user).select_related("event")
        if self.request.query_params.get("unread") in ("1", "true"):
            reminders = reminders.filter(read=False)
        return reminders[:500] if self.action == "list" else reminders

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        reminder = self.get_object()
        Reminder.objects.filter(pk=reminder.pk).update(read=True)
        reminder.read = True
        return Response(ReminderSerializer(reminder).data)


class CategoryListView(APIView):
    """The category tree, flat (parent codes), with effective department and deadline."""

    @extend_schema(responses=CategorySerializer(many=True))
    def get(self, request):
        categories = Category.objects.filter(active=True).select_related(
            "department", "parent__department", "parent__parent__department"
        )
        return Response(CategorySerializer(categories, many=True).data)


class DepartmentListView(APIView):
    @extend_schema(responses=DepartmentSerializer(many=True))
    def get(self, request):
        return Response(DepartmentSerializer(Department.objects.filter(active=True), many=True).data)

"""Militia tasks: a town requests, the district approves or refuses (steps with comments), members
are assigned and clock in on site; the detail shows the approval log and who is there."""

from django.contrib.gis.geos import Point
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from events.forces_input import checked_area
from geo.api.pagination import FeaturePagination
from geo.api.validation import validated
from militia import approvals, clockin
from militia.api.serializers import (
    ApprovalSerializer,
    AssignInput,
    ClockInInput,
    StepInput,
    TaskInput,
    TaskSerializer,
)
from militia.errors import BadInput, NotFound
from militia.models import Emergency, MilitiaTask, TaskApproval

__all__ = ["TaskViewSet", "MyTasksView"]


class TaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """民兵任务 as GeoJSON (muster points); filters `status`, `kind`."""

    serializer_class = TaskSerializer
    pagination_class = FeaturePagination
    lookup_value_regex = r"\d+"
    queryset = MilitiaTask.objects.none()  # for the schema; get_queryset cuts to the user

    def get_queryset(self):
        tasks = MilitiaTask.objects.visible_to(self.request.user.jurisdiction).prefetch_related("assignments")
        q = self.request.query_params
        if q.get("status"):
            tasks = tasks.filter(status__in=q["status"].split(","))
        if q.get("kind"):
            tasks = tasks.filter(kind=q["kind"])
        return tasks.select_related("requested_by")

    def _detail(self, task, code=status.HTTP_200_OK):
        task = (
            MilitiaTask.objects.select_related("requested_by")
            .prefetch_related("assignments", Prefetch("log", queryset=TaskApproval.objects.order_by("time", "id")))
            .get(pk=task.pk)
        )
        body = TaskSerializer(task, context=self.get_serializer_context()).data
        body["properties"]["log"] = ApprovalSerializer(task.log.all(), many=True).data
        body["properties"]["area"] = task.area.geojson if task.area else None
        body["properties"]["presence"] = clockin.presence(task)
        return Response(body, status=code)

    @extend_schema(responses=TaskSerializer)
    def retrieve(self, request, pk=None):
        """The task with its approval log (each level's comment) and its members: clocked in, where, present."""
        return self._detail(approvals.task_for(request.user, pk))

    @extend_schema(request=TaskInput, responses={201: TaskSerializer})
    def create(self, request):
        """A town requests a task for itself (awaits the district); the district issues one (approved)."""
        data = validated(TaskInput, request.data)
        if not (-180 <= data["lon"] <= 180 and -90 <= data["lat"] <= 90):
            raise BadInput("集结点坐标超出范围 (lon/lat out of range)", field="lon")
        emergency = None
        if data["emergency"]:
            emergency = Emergency.objects.visible_to(request.user.jurisdiction).filter(pk=data["emergency"]).first()
            if emergency is None:
                raise NotFound(f"突发事件 {data['emergency']} 不存在或不在您的辖区内", field="emergency")
        task = approvals.request_task(
            request.user,
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            point=Point(data["lon"], data["lat"], srid=4326),
            area=checked_area(data["area"]) if data["area"] else None,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            headcount=data["headcount"],
            comment=data["comment"],
            street_code=data["street"] or None,
            emergency=emergency,
        )
        return self._detail(task, status.HTTP_201_CREATED)

    @extend_schema(request=StepInput, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        """`{step: approve|refuse|cancel|start|complete, version, comment}`: approving and refusing is
        the district's (a town gets 403, also for its own request); a refusal needs a comment; 409 when
        the status does not allow the step or the version is stale."""
        data = validated(StepInput, request.data)
        task = approvals.step(
            request.user,
            approvals.task_for(request.user, pk),
            data["step"],
            version=data["version"],
            comment=data["comment"],
        )
        return self._detail(task)

    @extend_schema(request=AssignInput, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign members (ids inside your jurisdiction) to an approved or active task."""
        data = validated(AssignInput, request.data)
        task = approvals.task_for(request.user, pk)
        approvals.assign(request.user, task, data["members"])
        return self._detail(task)

    @extend_schema(request=ClockInInput, responses=dict)
    @action(detail=True, methods=["post"])
    def clockin(self, request, pk=None):
        """A member clocks in on their task with their location (stored through tracking's intake)."""
        data = validated(ClockInInput, request.data)
        done = clockin.clock_in(request.user, int(pk), **data)
        return Response(
            {"task": done.task_id, "time": done.time, "distance_m": round(done.distance_m, 1), "on_site": done.on_site},
            status=status.HTTP_201_CREATED,
        )


class MyTasksView(APIView):
    """The tasks a militia member (the phone's user) is assigned to and may clock in on."""

    @extend_schema(responses=dict)
    def get(self, request):
        tasks = clockin.tasks_of_member(request.user)
        return Response(
            {
                "tasks": [
                    {
                        "id": t.pk,
                        "title": t.title,
                        "kind": t.kind,
                        "status": t.status,
                        "starts_at": t.starts_at,
                        "lon": t.point.x,
                        "lat": t.point.y,
                    }
                    for t in tasks
                ]
            }
        )

"""Emergency command: plans (上线/下线), emergencies, dispatch with a notice, and the notices a phone
receives with their read receipts."""

from django.contrib.gis.geos import Point
from django.db.models import Count, Q
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from events.forces_input import checked_area
from events.models import Event
from geo.api.parsers import JSONObjectParser
from geo.api.validation import validated
from militia import dispatch, emergencies
from militia.api.serializers import (
    EmergencyInput,
    EmergencySerializer,
    ForceDispatchInput,
    OnlineInput,
    PlanInput,
    PlanSerializer,
)
from militia.errors import BadInput, NotFound
from militia.models import Emergency, EmergencyPlan, Notice, NoticeReceipt
from militia.permissions import require_commander

__all__ = ["DispatchView", "PlanViewSet", "EmergencyViewSet", "NoticeViewSet"]


class DispatchView(APIView):
    """Dispatch the chosen forces (from /forces/nearby) with a notice — text, a place (`lon`/`lat` or
    `area`) and an optional photo — pushed to their phones and shown on the command map."""

    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(
        request={"multipart/form-data": ForceDispatchInput, "application/json": ForceDispatchInput},
        responses={201: dict},
    )
    def post(self, request):
        data = validated(ForceDispatchInput, request.data)
        point = None
        if data["lon"] is not None or data["lat"] is not None:
            if (
                data["lon"] is None
                or data["lat"] is None
                or not (-180 <= data["lon"] <= 180 and -90 <= data["lat"] <= 90)
            ):
                raise BadInput("经纬度须同时给出且在范围内 (lon and lat, WGS84)", field="lon")
            point = Point(data["lon"], data["lat"], srid=4326)
        notice = dispatch.dispatch(
            request.user,
            forces=[dict(f) for f in data["forces"]],
            title=data["title"],
            body=data["body"],
            point=point,
            area=checked_area(data["area"]) if data["area"] else None,
            photo=data["photo"],
            emergency_id=data["emergency"],
            event_id=data["event"],
        )
        return Response(
            {**dispatch.notice_item(notice), "recipients": notice.receipts.count()}, status=status.HTTP_201_CREATED
        )


class PlanViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """应急预案: the district's and your town's plans; `?online=true` for those that can be started."""

    serializer_class = PlanSerializer
    pagination_class = None
    lookup_value_regex = r"\d+"
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]
    queryset = EmergencyPlan.objects.none()

    def get_queryset(self):
        plans = EmergencyPlan.objects.visible_to(self.request.user.jurisdiction)
        if self.request.query_params.get("online") in ("true", "false"):
            plans = plans.filter(online=self.request.query_params["online"] == "true")
        return plans

    @extend_schema(
        request={"multipart/form-data": PlanInput, "application/json": PlanInput}, responses={201: PlanSerializer}
    )
    def create(self, request):
        data = validated(PlanInput, request.data)
        plan = emergencies.create_plan(request.user, **data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OnlineInput, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def online(self, request, pk=None):
        """Put the plan online (`true`) or offline (`false`)."""
        plan = emergencies.set_online(request.user, int(pk), validated(OnlineInput, request.data)["online"])
        return Response(PlanSerializer(plan).data)


class EmergencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Emergencies as GeoJSON areas; `?status=active`."""

    serializer_class = EmergencySerializer
    pagination_class = None
    lookup_value_regex = r"\d+"
    queryset = Emergency.objects.none()

    def get_queryset(self):
        found = Emergency.objects.visible_to(self.request.user.jurisdiction).select_related("plan")
        if self.request.query_params.get("status"):
            found = found.filter(status=self.request.query_params["status"])
        return found

    def get_object(self):
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise NotFound(f"突发事件 {self.kwargs['pk']} 不存在或不在您的辖区内", field="id")
        return found

    @extend_schema(request=EmergencyInput, responses={201: EmergencySerializer})
    def create(self, request):
        """Start an emergency under an online plan over a drawn `area` or a `grid` (code), optionally for an event."""
        data = validated(EmergencyInput, request.data)
        event = None
        if data["event"]:
            event = Event.objects.visible_to_user(request.user).filter(pk=data["event"]).first()
            if event is None:
                raise NotFound(f"事项 {data['event']} 不存在或不在您的辖区内", field="event")
        emergency = emergencies.start_emergency(
            request.user,
            title=data["title"],
            plan_id=data["plan"],
            area=data["area"],
            grid_code=data["grid"],
            level=data["level"],
            event=event,
        )
        return Response(EmergencySerializer(emergency).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EmergencySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(EmergencySerializer(emergencies.close_emergency(request.user, int(pk))).data)


class NoticeViewSet(viewsets.GenericViewSet):
    """Notices: your inbox (`GET /notices`, `?unread=true`), mark read, a notice's photo; and for those
    who send them, the notices sent inside your jurisdiction with read receipts."""

    lookup_value_regex = r"\d+"
    queryset = Notice.objects.none()

    @extend_schema(responses=dict)
    def list(self, request):
        items = dispatch.inbox(request.user, unread_only=request.query_params.get("unread") in ("1", "true"))
        return Response({"unread": sum(1 for i in items if not i["read_at"]), "notices": items})

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        return Response(dispatch.mark_read(request.user, int(pk)))

    def _reachable(self, request, pk) -> Notice:
        notice = Notice.objects.filter(
            Q(pk=pk) & (Q(receipts__user=request.user) | request.user.jurisdiction.q("location_code"))
        ).first()
        if notice is None:
            raise NotFound(f"通知 {pk} 不存在 (no such notice)", field="id")
        return notice

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def photo(self, request, pk=None):
        notice = self._reachable(request, pk)
        if not notice.photo:
            raise NotFound("通知没有图片 (no photo)", field="photo")
        return FileResponse(
            notice.photo.open("rb"), content_type="image/png" if notice.photo.name.endswith(".png") else "image/jpeg"
        )

    @extend_schema(responses=dict)
    @action(detail=False, methods=["get"])
    def sent(self, request):
        """Notices sent inside your jurisdiction, newest first, with how many have read them."""
        require_commander(request.user)
        notices = (
            Notice.objects.visible_to(request.user.jurisdiction)
            .annotate(recipients=Count("receipts"), read=Count("receipts", filter=Q(receipts__read_at__isnull=False)))
            .order_by("-created_at")[:200]
        )
        return Response(
            {"notices": [{**dispatch.notice_item(n), "recipients": n.recipients, "read": n.read} for n in notices]}
        )

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def receipts(self, request, pk=None):
        """Who received a notice and when each read it (read receipts)."""
        require_commander(request.user)
        notice = Notice.objects.visible_to(request.user.jurisdiction).filter(pk=pk).first()
        if notice is None:
            raise NotFound(f"通知 {pk} 不存在或不在您的辖区内", field="id")
        receipts = NoticeReceipt.objects.filter(notice=notice).select_related("user").order_by("user__username")
        return Response(
            {
                "notice": dispatch.notice_item(notice),
                "receipts": [
                    {"user": r.user.username, "name": r.user.get_full_name() or r.user.username, "read_at": r.read_at}
                    for r in receipts
                ],
            }
        )

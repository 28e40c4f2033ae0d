"""Duty endpoints: check-in/out and status, patrols, coverage, visits and daily reports.
Each view parses, calls a service in tracking/, renders; services raise geo.errors types."""

from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from geo.api.idempotency import idempotent
from geo.api.parsers import JSONObjectParser
from geo.api.validation import validated
from geo.errors import NotFound
from ops.replica import reads_replica
from tracking import coverage, duty, reports, visit_places, visits
from tracking.api.duty_renderers import GRID_COLUMNS, STREET_COLUMNS, WORKER_COLUMNS, CSVRenderer, attachment, csv_table
from tracking.api.duty_serializers import (
    CheckInInputSerializer,
    CoverageQuerySerializer,
    CoverageSerializer,
    DutyResultSerializer,
    DutyStatusSerializer,
    GridRowSerializer,
    PatrolSerializer,
    ReportQuerySerializer,
    StreetRowSerializer,
    VisitInputSerializer,
    VisitPlacesQuerySerializer,
    VisitPlacesSerializer,
    VisitSerializer,
    WorkerRowSerializer,
    report_serializer,
)
from tracking.patrols import patrol_for

__all__ = [
    "CheckInView",
    "CheckOutView",
    "DutyStatusView",
    "PatrolView",
    "CoverageView",
    "VisitView",
    "VisitPhotoView",
    "VisitPlacesView",
    "WorkerReportView",
    "GridReportView",
    "StreetReportView",
]


class CheckInView(APIView):
    """签到: `{lon, lat, crs?, accuracy_m?, time?, note?}`. Always stored; `accepted` false (200, with a
    message) when farther from the worker's grid than the tolerance. 409 while on duty."""

    @extend_schema(request=CheckInInputSerializer, responses=DutyResultSerializer)
    @idempotent("duty.checkin")
    def post(self, request):
        result = duty.check_in(request.user, **validated(CheckInInputSerializer, request.data))
        return Response(DutyResultSerializer(result).data)


class CheckOutView(APIView):
    """签退: closes the open duty session (409 without one) and returns its patrol summary."""

    @extend_schema(request=CheckInInputSerializer, responses=DutyResultSerializer)
    @idempotent("duty.checkout")
    def post(self, request):
        result = duty.check_out(request.user, **validated(CheckInInputSerializer, request.data))
        return Response(DutyResultSerializer(result).data)


class DutyStatusView(APIView):
    """Whether the user is on duty, since when, in which grid."""

    @extend_schema(responses=DutyStatusSerializer)
    def get(self, request):
        return Response(DutyStatusSerializer(duty.duty_status(request.user)).data)


class PatrolView(APIView):
    """A duty session's patrol as a GeoJSON Feature (own sessions, or sessions in the jurisdiction)."""

    @extend_schema(responses=PatrolSerializer)
    def get(self, request, pk):
        session = duty.sessions_visible_to(request.user).select_related("user", "grid").filter(pk=pk).first()
        if session is None:
            raise NotFound(f"在岗时段 {pk} 不存在或不在您的辖区内 (no such duty session)", field="id")
        return Response(PatrolSerializer(patrol_for(session)).data)


class CoverageView(APIView):
    """H3 res-10 coverage of a grid in a period, overall and per worker."""

    @extend_schema(parameters=[CoverageQuerySerializer], responses=CoverageSerializer)
    @reads_replica
    def get(self, request):
        q = validated(CoverageQuerySerializer, request.query_params)
        return Response(coverage.grid_coverage(request.user.jurisdiction, q["grid"], q["from"], q["to"], q.get("user")))


class VisitView(APIView):
    """寻访打卡: `{place | target_kind + target_id, note?, time?}` (JSON, or multipart with a `photo`)
    → 201 with the stored visit, accepted or not (with the reason and the proof distance). Targets:
    place, and the kinds other apps register (house, person). With `client_id` (or
    `Idempotency-Key`) a retried visit replays the first reply."""

    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(
        request={"application/json": VisitInputSerializer, "multipart/form-data": VisitInputSerializer},
        responses=VisitSerializer,
    )
    @idempotent("visits.create")
    def post(self, request):
        data = validated(VisitInputSerializer, {k: v for k, v in request.data.items() if k != "photo"})
        visit = visits.record_visit(
            request.user,
            target_kind=data["target_kind"],
            target_id=data["target_id"],
            note=data["note"],
            photo=request.FILES.get("photo"),
            time=data["time"],
        )
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class VisitPhotoView(APIView):
    """A visit's photo, for its worker and whoever's jurisdiction holds the visited target."""

    @extend_schema(responses={(200, "image/jpeg"): bytes})
    def get(self, request, pk):
        visit = visits.visible_visits(request.user).filter(pk=pk).exclude(photo="").first()
        if visit is None:
            raise NotFound(f"寻访 {pk} 没有照片或不在您的辖区内 (no such visit photo)", field="id")
        kind = "image/png" if visit.photo.name.endswith(".png") else "image/jpeg"
        return FileResponse(visit.photo.open("rb"), content_type=kind)


class VisitPlacesView(APIView):
    """寻访 places: the places of a grid (default: your duty grid; another must be in your
    jurisdiction, else 404), with the distance from `lon`/`lat` and the days since the last accepted
    visit, ordered by `distance` (nearest first) or `days` (never visited, then the longest ago)."""

    @extend_schema(parameters=[VisitPlacesQuerySerializer], responses=VisitPlacesSerializer)
    def get(self, request):
        q = validated(VisitPlacesQuerySerializer, request.query_params)
        result = visit_places.places_to_visit(
            request.user, grid=q.get("grid"), lon=q.get("lon"), lat=q.get("lat"), order=q["order"]
        )
        return Response(VisitPlacesSerializer(result).data)


REPORT_PARAMETERS = [ReportQuerySerializer, OpenApiParameter("format", str, enum=["json", "csv"])]


class _ReportView(APIView):
    """JSON by default; `?format=csv` for a spreadsheet. Errors are always JSON."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]
    name = columns = None

    def rows(self, request, query) -> list[dict]:
        raise NotImplementedError

    @reads_replica
    def get(self, request, format=None):
        query = validated(ReportQuerySerializer, request.query_params)
        rows = self.rows(request, query)
        if request.accepted_renderer.format == "csv":
            day = query["date"].isoformat()
            return Response(
                csv_table(self.columns, rows),
                headers={"Content-Disposition": attachment(f"{self.name[0]}-{day}.csv", f"{self.name[1]}-{day}.csv")},
            )
        return Response({"date": query["date"], "rows": rows})

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None).__class__ is CSVRenderer:
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema(methods=["GET"], parameters=REPORT_PARAMETERS, responses=report_serializer(WorkerRowSerializer))
class WorkerReportView(_ReportView):
    """网格员日报: per worker for a day: distance, duty time, inside share, coverage, visits, check-ins."""

    name, columns = ("workers", "网格员日报"), WORKER_COLUMNS

    def rows(self, request, query):
        return reports.worker_report(
            request.user.jurisdiction, query["date"], grid_code=query.get("grid"), street_code=query.get("street")
        )


@extend_schema(methods=["GET"], parameters=REPORT_PARAMETERS, responses=report_serializer(GridRowSerializer))
class GridReportView(_ReportView):
    """网格日报: per grid for a day."""

    name, columns = ("grids", "网格日报"), GRID_COLUMNS

    def rows(self, request, query):
        return reports.grid_report(request.user.jurisdiction, query["date"], street_code=query.get("street"))


@extend_schema(methods=["GET"], parameters=REPORT_PARAMETERS, responses=report_serializer(StreetRowSerializer))
class StreetReportView(_ReportView):
    """街道日报: per street for a day."""

    name, columns = ("streets", "街道日报"), STREET_COLUMNS

    def rows(self, request, query):
        return reports.street_report(request.user.jurisdiction, query["date"])

"""Heat and the live map's worker card and track replay. (Intake lives in tracking/api/intake.py.)"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.filters import parse_bbox
from geo.api.validation import validated
from ops.replica import reads_replica
from tracking.api.serializers import HeatQuerySerializer, LiveWorkersSerializer, TrackQuerySerializer
from tracking.heat import heat_cells, heat_geojson
from tracking.workers import jurisdiction_workers, worker_card, worker_track

__all__ = ["HeatView", "LiveWorkersView", "WorkerCardView", "WorkerTrackView"]


class HeatView(APIView):
    """Patrol heat: H3 hexagons with the number of good fixes in [from, to), as GeoJSON."""

    @extend_schema(parameters=[HeatQuerySerializer], responses=OpenApiTypes.OBJECT)
    @reads_replica
    def get(self, request):
        q = validated(HeatQuerySerializer, request.query_params)
        bbox = parse_bbox(q["bbox"]).extent if q.get("bbox") else None
        counts = heat_cells(request.user.jurisdiction, q["start"], q["end"], q["res"])
        return Response(heat_geojson(counts, bbox))


class LiveWorkersView(APIView):
    """The grid members of the user's jurisdiction, for the live map's names and worker cards."""

    @extend_schema(responses=LiveWorkersSerializer)
    def get(self, request):
        return Response({"workers": jurisdiction_workers(request.user.jurisdiction)})


class WorkerCardView(APIView):
    """The worker card: grid, duty since, today's distance and coverage, last fix age, battery."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, username):
        return Response(worker_card(request.user.jurisdiction, username))


class WorkerTrackView(APIView):
    """A day's track (good fixes) for replay: a LineString with a parallel `times` list."""

    @extend_schema(parameters=[TrackQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request, username):
        day = validated(TrackQuerySerializer, request.query_params)["date"]
        return Response(worker_track(request.user.jurisdiction, username, day))

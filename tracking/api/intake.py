"""Position intake: our batch API, the OsmAnd protocol (Traccar Client), OwnTracks HTTP mode and
GPX upload. Each parses, finds the device, and hands the fixes to tracking.ingest.record_fixes.

Errors are the API's one body (geo.api.errors); neither tracker protocol defines an error body of
its own (OsmAnd clients read only the status, OwnTracks reads `[]` on success)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.body import BodyLimited, check_body_size, read_json
from geo.api.errors import error_response
from geo.errors import BadInput, DomainError, Unauthenticated
from ops import metrics
from tracking import conf
from tracking.devices import (
    UnknownDevice,
    basic_credentials,
    device_by_identifier,
    device_for_basic_auth,
    device_for_user,
    record_upload,
    upload_worker,
)
from tracking.ingest import record_fixes
from tracking.protocols import ProtocolError
from tracking.protocols.batch import parse_batch
from tracking.protocols.gpx import parse_gpx
from tracking.protocols.osmand import parse_osmand
from tracking.protocols.owntracks import parse_owntracks

__all__ = ["PositionBatchView", "GpxUploadView", "osmand", "owntracks"]


class PositionBatchView(BodyLimited, APIView):
    """`POST` a JSON array of fixes (≤ 10,000) for the caller's device. Reply: counts accepted,
    duplicate and rejected, with the index and reason of each rejected fix."""

    max_body_bytes = conf.MAX_BATCH_BYTES

    @extend_schema(
        request={"application/json": {"type": "array", "items": {"type": "object"}}}, responses=OpenApiTypes.OBJECT
    )
    def post(self, request):
        fixes, rejected = parse_batch(read_json(request, conf.MAX_BATCH_BYTES, expect=None), conf.MAX_BATCH_FIXES)
        metrics.fixes_rejected("api", (r.field for r in rejected))
        result = record_fixes(device_for_user(request.user), fixes, "api")
        result.rejected = sorted(rejected + result.rejected, key=lambda r: r.index)
        return Response(result.as_dict())


class GpxUploadView(BodyLimited, APIView):
    """Upload a GPX track (multipart `file`) for yourself, or, for roles that may act for others
    (POSITION_PROXY_ROLES), for a worker in your jurisdiction (`user`); optional `crs` when the app
    exported GCJ-02/BD-09. Every upload records its uploader."""

    parser_classes = [MultiPartParser]
    max_body_bytes = conf.MAX_GPX_BYTES

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "crs": {"type": "string"},
                    "user": {"type": "string"},
                },
                "required": ["file"],
            }
        },
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise BadInput("file: 需要 GPX 文件 (a GPX file is required)", field="file")
        worker = upload_worker(request.user, request.data.get("user"))
        fixes = parse_gpx(upload.read(), crs=request.data.get("crs") or "wgs84")
        device = device_for_user(worker)
        result = record_fixes(device, fixes, "gpx")
        record_upload(request.user, device, "gpx", result, file_name=upload.name or "")
        return Response({**result.as_dict(), "skipped": fixes.skipped})


@csrf_exempt
def osmand(request):
    """OsmAnd protocol as Traccar Client sends it: parameters in the query (or a form body), any
    method, or its JSON body. Success is 200 with an empty body."""
    try:
        check_body_size(request, conf.MAX_BATCH_BYTES)
        body = request.body  # read first: Django then parses the form from it
        identifier, fixes = parse_osmand(
            request.GET, request.POST, body, request.content_type, ZoneInfo(settings.TIME_ZONE)
        )
        device = device_by_identifier(identifier)
        result = record_fixes(device, fixes, "osmand")
        if result.rejected and not result.accepted and not result.duplicate:
            r = result.rejected[0]
            raise BadInput(r.reason, field=r.field)
    except UnknownDevice as exc:
        # Traccar answers an unknown device in the query format with 400; the JSON format with 404.
        response = error_response(exc)
        response.status_code = 404 if request.content_type == "application/json" else 400
        return response
    except ProtocolError as exc:
        metrics.fixes_rejected("osmand", [exc.field])
        return error_response(exc)
    except DomainError as exc:
        return error_response(exc)
    return HttpResponse(status=200)


@csrf_exempt
def owntracks(request):
    """OwnTracks HTTP mode: Basic auth, JSON messages; always answers `[]` (no friends' locations)."""
    try:
        check_body_size(request, conf.MAX_BATCH_BYTES)
        username, password = basic_credentials(request.headers.get("Authorization", ""))
        device_name, fixes = parse_owntracks(request.body, request.headers, request.GET)
        if fixes:
            record_fixes(device_for_basic_auth(username, password, device_name, request), fixes, "owntracks")
    except Unauthenticated as exc:
        response = error_response(exc)
        response["WWW-Authenticate"] = 'Basic realm="wangge"'
        return response
    except ProtocolError as exc:
        metrics.fixes_rejected("owntracks", [exc.field])
        return error_response(exc)
    except DomainError as exc:
        return error_response(exc)
    return JsonResponse([], safe=False)

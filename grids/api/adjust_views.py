"""Grid adjustments: preview (201), apply, revert, list and detail; a grid's history; codes' successors.
Each view validates, calls grids.adjust.services or history, renders."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.body import BodyLimited
from geo.api.validation import validated
from geo.errors import NotFound
from grids.adjust import services
from grids.adjust.history import successors, versions_of
from grids.api.adjust_serializers import (
    AdjustmentInputSerializer,
    AdjustmentListQuerySerializer,
    AdjustmentSerializer,
)
from grids.models import Adjustment

__all__ = ["AdjustmentsView", "AdjustmentView", "ApplyView", "RevertView", "GridHistoryView"]

MAX_BODY = 32 * 1024 * 1024  # bulk layers come as files


def _visible(user):
    """Adjustments a GIS admin may see: every code inside their jurisdiction."""
    services.require_gis_admin(user)
    prefix = user.jurisdiction.prefix
    rows = Adjustment.objects.select_related("author")
    return rows.filter(codes__0__startswith=prefix) if prefix else rows


def _brief(adjustment) -> dict:
    data = AdjustmentSerializer(adjustment).data
    preview = data.pop("preview")
    return {**data, "code_map": preview.get("code_map", []), "counts": preview.get("counts", {})}


class AdjustmentsView(BodyLimited, APIView):
    """网格调整. POST previews an operation (201; nothing changes until apply); GET lists the history."""

    max_body_bytes = MAX_BODY

    @extend_schema(request=AdjustmentInputSerializer, responses={201: AdjustmentSerializer})
    def post(self, request):
        data = validated(AdjustmentInputSerializer, request.data)
        adjustment = services.preview(request.user, data["op"], data["params"], data["reason"])
        return Response(AdjustmentSerializer(adjustment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="adjustments_list", parameters=[AdjustmentListQuerySerializer], responses=OpenApiTypes.OBJECT
    )
    def get(self, request):
        query = validated(AdjustmentListQuerySerializer, request.query_params)
        rows = _visible(request.user)
        if "grid" in query:
            rows = rows.filter(codes__contains=[query["grid"]])
        if "status" in query:
            rows = rows.filter(status=query["status"])
        rows = [
            a for a in rows.order_by("-id")[: query["limit"]] if all(map(request.user.jurisdiction.covers, a.codes))
        ]
        return Response({"results": [_brief(a) for a in rows]})


class AdjustmentView(APIView):
    @extend_schema(responses=AdjustmentSerializer)
    def get(self, request, pk):
        adjustment = _visible(request.user).filter(pk=pk).first()
        if adjustment is None or not all(request.user.jurisdiction.covers(c) for c in adjustment.codes):
            raise NotFound(f"找不到调整 #{pk} (no adjustment #{pk})")
        return Response(AdjustmentSerializer(adjustment).data)


class ApplyView(APIView):
    """Apply a previewed adjustment in one transaction; 409 when what it read has changed."""

    @extend_schema(request=None, responses={200: AdjustmentSerializer, 409: OpenApiResponse(description="stale")})
    def post(self, request, pk):
        return Response(AdjustmentSerializer(services.apply(request.user, pk)).data)


class RevertView(APIView):
    """Undo an applied adjustment; 409 naming a later adjustment that touched the same grids."""

    @extend_schema(request=None, responses={200: AdjustmentSerializer, 409: OpenApiResponse(description="blocked")})
    def post(self, request, pk):
        return Response(AdjustmentSerializer(services.revert(request.user, pk)).data)


class GridHistoryView(APIView):
    """A grid's (or micro-grid's) shapes over time, the adjustments that touched it, what it became."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        if not request.user.jurisdiction.covers(code) or not code.isdigit():
            raise NotFound(f"找不到 {code} (not found)")
        versions = [
            {
                "name": v.name,
                "parent": v.parent_code,
                "valid_from": v.valid_from,
                "valid_to": v.valid_to,
                "geometry": json.loads(v.geom.json),
                "opened_by": v.opened_by_id,
                "closed_by": v.closed_by_id,
            }
            for v in versions_of(code)
        ]
        grid = code[:15]
        touched = Adjustment.objects.filter(codes__contains=[grid]).select_related("author").order_by("id")
        return Response(
            {
                "code": code,
                "versions": versions,
                "adjustments": [_brief(a) for a in touched if a.status != "preview"],
                "became": successors(code),
            }
        )

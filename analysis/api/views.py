"""The query API: within, buffer, nearest, aggregate over any registered layer (GeoJSON, or a file
with `?format=`), the layer catalogue, and saved queries. Each view parses, calls one service in
analysis.services and renders."""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from analysis import catalogue, services
from analysis.aggregates import Aggregate
from analysis.api.renderers import FILE_RENDERERS, json_on_error
from analysis.api.serializers import RESERVED, QuerySerializer, SavedQuerySerializer
from analysis.exports import FORMATS
from analysis.geometry import geojson_geometries, to_output_crs
from analysis.results import feature_collection
from geo.api.validation import validated
from tracking.api.duty_renderers import attachment

__all__ = ["WithinView", "BufferView", "NearestView", "AggregateView", "LayersView", "SavedQueryListView"]

_FORMAT = OpenApiParameter(
    "format", str, enum=["json", *FORMATS], description="json (default) or a file: " + ", ".join(FORMATS)
)
_FILTERS = OpenApiParameter(
    "<filter>", str, description="the layer's filters (see /api/v1/query/layers), comma-separated values"
)


def _filters(query_params) -> dict[str, str]:
    return {k: v for k, v in query_params.items() if k not in RESERVED}


def _link(request, offset: int) -> str:
    params = request.query_params.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def _aggregate_body(result: Aggregate, crs: str) -> dict:
    geometries = geojson_geometries(to_output_crs(result.geoms, crs)) if len(result.rows) else []
    counts = [r["count"] for r in result.rows]
    return {
        "type": "FeatureCollection",
        "by": result.by,
        "total": result.total,
        "numeric": list(result.numeric),
        "max": max(counts, default=0),
        "features": [
            {"type": "Feature", "id": row["code"], "geometry": g, "properties": row}
            for row, g in zip(result.rows, geometries, strict=True)
        ],
    }


class _QueryView(APIView):
    """JSON (GeoJSON FeatureCollection) by default; `?format=` one of the export formats downloads
    every match as a file (recorded in the export log). Errors are JSON."""

    operation = ""
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, *FILE_RENDERERS]

    def get(self, request, format=None):
        params = validated(QuerySerializer, request.query_params)
        filters = _filters(request.query_params)
        fmt = request.accepted_renderer.format
        if fmt in FORMATS:
            raw = {k: v for k, v in request.query_params.items() if k != "format"}
            file = services.run_export(request.user, self.operation, params, filters, fmt, raw)
            ascii_name = file.filename.encode("ascii", "replace").decode()
            return Response(
                file.content,
                content_type=FORMATS[fmt][1],
                headers={"Content-Disposition": attachment(ascii_name, file.filename)},
            )
        result = services.run(request.user, self.operation, params, filters)
        if isinstance(result, Aggregate):
            return Response({"layer": params["layer"], **_aggregate_body(result, params["crs"])})
        limit, offset = params["limit"], params["offset"]
        members = {"layer": params["layer"], "crs": params["crs"], "numberReturned": len(result)}
        if result.matched is not None:
            members.update(
                numberMatched=result.matched,
                next=_link(request, offset + limit) if offset + limit < result.matched else None,
                previous=_link(request, max(offset - limit, 0)) if offset else None,
            )
        return Response(feature_collection(result, params["crs"], **members))

    def finalize_response(self, request, response, *args, **kwargs):
        json_on_error(request, response)
        return super().finalize_response(request, response, *args, **kwargs)


def _schema(description):
    return extend_schema(
        description=description, parameters=[QuerySerializer, _FORMAT, _FILTERS], responses=OpenApiTypes.OBJECT
    )


@_schema("Features of a layer inside `area` or a drawn `geometry` (or the whole jurisdiction), paginated.")
class WithinView(_QueryView):
    operation = "within"


@_schema(
    "Features within `radius_m` metres of lon&lat, `place`, `event` or a `geometry`, nearest first, with distance_m."
)
class BufferView(_QueryView):
    operation = "buffer"


@_schema("The `k` nearest features to lon&lat (or place/event/geometry), with distance_m (metres, EPSG:4549).")
class NearestView(_QueryView):
    operation = "nearest"


@_schema("Counts (sums and averages of numeric fields) per street, community, grid, micro-grid or H3 cell.")
class AggregateView(_QueryView):
    operation = "aggregate"


class LayersView(APIView):
    """The query layers: fields, filters (with their values), numeric fields, time field."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response({"layers": catalogue.layers()})


class SavedQueryListView(APIView):
    """The user's saved queries; POST `{name, operation, params}` saves one (params checked)."""

    @extend_schema(responses=SavedQuerySerializer(many=True))
    def get(self, request):
        return Response(SavedQuerySerializer(services.saved_queries(request.user), many=True).data)

    @extend_schema(request=SavedQuerySerializer, responses=SavedQuerySerializer)
    def post(self, request):
        data = validated(SavedQuerySerializer, request.data)
        saved = services.save_query(request.user, data["name"], data["operation"], *_parsed(data["params"]))
        return Response(SavedQuerySerializer(saved).data, status=status.HTTP_201_CREATED)


def _parsed(params: dict) -> tuple[dict, dict, dict]:
    """(validated parameters, layer filters, the parameters as given)."""
    return validated(QuerySerializer, params), _filters(params), params


class SavedQueryDetailView(APIView):
    """One saved query: GET, PUT (replace), DELETE."""

    @extend_schema(responses=SavedQuerySerializer)
    def get(self, request, pk):
        return Response(SavedQuerySerializer(services.saved_query(request.user, pk)).data)

    @extend_schema(request=SavedQuerySerializer, responses=SavedQuerySerializer)
    def put(self, request, pk):
        data = validated(SavedQuerySerializer, request.data)
        saved = services.save_query(request.user, data["name"], data["operation"], *_parsed(data["params"]), pk=pk)
        return Response(SavedQuerySerializer(saved).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        services.delete_saved_query(request.user, pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ += ["SavedQueryDetailView"]

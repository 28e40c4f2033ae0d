"""Import (multipart `file`: .xlsx or .csv; `dry_run`) and export (`format=xlsx|csv` with the people
filters) of people. A failing import writes nothing and answers 400 with every problem by row."""

from dataclasses import fields

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from geo.api.validation import validated
from geo.errors import BadInput
from registry import conf
from registry.api.people_views import RegistryReader
from registry.api.serializers import PeopleQuerySerializer
from registry.export import export_people
from registry.importer.write import ImportFailed, import_people
from registry.queries import PeopleQuery, search_people

__all__ = ["ImportView", "ExportView"]

_QUERY_FIELDS = {f.name for f in fields(PeopleQuery)}


class ImportView(RegistryReader):
    """批量导入人口: the file's columns are those of the export (姓名, 证件号码, 楼栋编码, 单元, 楼层, 房号,
    与房屋关系…); people are deduplicated by ID number; one transaction."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}, "dry_run": {"type": "boolean"}},
            }
        },
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise BadInput("file: 请上传 .xlsx 或 .csv 文件 (a file is required)", field="file")
        if upload.size > conf.IMPORT_MAX_BYTES:
            raise BadInput(f"file: 文件超过 {conf.IMPORT_MAX_BYTES // 2**20} MiB (too large)", field="file")
        dry_run = str(request.data.get("dry_run", "")).lower() in ("1", "true", "yes")
        try:
            result = import_people(request.user, upload.read(), upload.name, dry_run=dry_run)
        except ImportFailed as exc:
            return Response({"detail": str(exc), "field": "file", "problems": exc.problems}, status=400)
        return Response(
            {
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "moved": result.moved,
                "houses_created": result.houses_created,
                "seconds": round(result.seconds, 2),
                "dry_run": dry_run,
            }
        )


class _FileRenderer(BaseRenderer):
    """Lets DRF accept `?format=csv|xlsx`; the view returns the file itself."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class _CSV(_FileRenderer):
    media_type, format = "text/csv", "csv"


class _XLSX(_FileRenderer):
    media_type, format = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"


class ExportView(RegistryReader):
    """导出人口 with the import's columns, cut to the jurisdiction, values masked as the role sees them;
    every exported person is logged. Errors are JSON."""

    renderer_classes = [JSONRenderer, _XLSX, _CSV]

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        parameters=[PeopleQuerySerializer, OpenApiParameter("format", str, enum=["xlsx", "csv"])],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        params = request.query_params.copy()
        fmt = params.pop("format", ["xlsx"])[-1]
        if fmt not in ("xlsx", "csv"):
            raise BadInput("format: 可选 xlsx 或 csv (xlsx or csv)", field="format")
        q = validated(PeopleQuerySerializer, params)
        query = PeopleQuery(**{k: v for k, v in q.items() if k in _QUERY_FIELDS})
        data, _ = export_people(request.user, search_people(request.user, query), fmt, q["purpose"])
        content_type = (
            "text/csv; charset=utf-8"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="people.{fmt}"'
        return response

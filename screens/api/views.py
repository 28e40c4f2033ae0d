"""Screen data: `GET /api/v1/screens` lists the screens, `GET /api/v1/screens/<name>?area=<code>`
returns one screen's figures for the reader's jurisdiction (or an area inside it), read from the
summary tables."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.validation import validated
from geo.errors import NotFound
from geo.jurisdiction import Jurisdiction
from screens import conf
from screens.builders import SCREENS, build
from screens.figures import area_for

TITLES = {
    "base": _("基础数据"),
    "governance": _("基层治理"),
    "risks": _("风险隐患"),
    "warning": _("事项预警"),
    "city": _("城市管理"),
    "militia": _("民兵应急"),
    "assessment": _("绩效考核"),
}


class ScreenQuerySerializer(serializers.Serializer):
    area = serializers.RegexField(r"^\d{12}(\d{3})?$", required=False, help_text="an area inside the jurisdiction")


class ScreenListView(APIView):
    """The screens in their rotation order, with the poll and rotation intervals (seconds)."""

    @extend_schema(
        operation_id="screens_list",
        responses=inline_serializer(
            "ScreenList",
            {
                "screens": serializers.ListField(child=serializers.DictField()),
                "poll_seconds": serializers.IntegerField(),
                "rotate_seconds": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request):
        return Response(
            {
                "screens": [{"name": n, "title": str(TITLES[n])} for n in SCREENS],
                "poll_seconds": conf.POLL_SECONDS,
                "rotate_seconds": conf.ROTATE_SECONDS,
            }
        )


class ScreenDataView(APIView):
    """One screen's figures: `area`, `refreshed_at`, `figures`, `children` (the areas one level
    down), map layers (`hot`, `overdue_events` as GeoJSON, each event with `can_dispatch` for the
    reader) and `links` (the lists behind figures).
    404 for an unknown screen or an area outside the jurisdiction."""

    @extend_schema(
        operation_id="screens_data", parameters=[ScreenQuerySerializer], responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request, name):
        if name not in SCREENS:
            raise NotFound(f"没有名为 {name} 的大屏 (no such screen)", field="name")
        query = validated(ScreenQuerySerializer, request.query_params)
        jurisdiction = Jurisdiction.for_user(request.user)
        return Response(build(name, area_for(jurisdiction, query.get("area")), jurisdiction, request.user))

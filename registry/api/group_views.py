"""Group kinds and memberships, warnings, per-area counts and the person access log."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from geo.api.validation import validated
from geo.errors import BadInput
from registry import privacy
from registry.api.people_views import RegistryReader
from registry.api.serializers import CountsQuerySerializer, GroupKindSerializer, MembershipInputSerializer
from registry.models import GroupKind, PersonAccess, Warning
from registry.queries import area_counts
from registry.services.groups import enrol, memberships_for
from registry.services.people import Forbidden

__all__ = ["GroupKindsView", "MembershipsView", "WarningsView", "CountsView", "AccessLogView"]

_PAGE = [OpenApiParameter("limit", int), OpenApiParameter("offset", int)]


def _page(request, default=100, most=1000) -> tuple[int, int]:
    try:
        limit = min(max(int(request.query_params.get("limit", default)), 1), most)
        offset = max(int(request.query_params.get("offset", 0)), 0)
    except ValueError:
        raise BadInput("limit/offset: 须为整数 (integers)", field="limit") from None
    return limit, offset


class GroupKindsView(RegistryReader):
    """人群类别: the kinds of special, care and service groups (special ones only for roles that see them)."""

    @extend_schema(responses=GroupKindSerializer(many=True))
    def get(self, request):
        kinds = GroupKind.objects.filter(active=True)
        if not privacy.may_see_special_groups(request.user):
            kinds = kinds.exclude(category="special")
        return Response(GroupKindSerializer(kinds, many=True).data)


class MembershipsView(RegistryReader):
    """人群成员 `GET`: current memberships in the jurisdiction (`kind`, `level`, `code`, `responsible=me`);
    people shown are logged. `POST`: put a person in a group."""

    @extend_schema(
        parameters=[
            *_PAGE,
            OpenApiParameter("kind", str),
            OpenApiParameter("level", str),
            OpenApiParameter("code", str),
            OpenApiParameter("responsible", str, description="me"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        limit, offset = _page(request)
        rows = memberships_for(request.user, request.query_params, limit, offset)
        return Response({"results": rows, "next_offset": offset + limit if len(rows) == limit else None})

    @extend_schema(request=MembershipInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = validated(MembershipInputSerializer, request.data)
        m = enrol(request.user, person_id=data.pop("person"), kind_code=data.pop("kind"), **data)
        return Response({"id": m.pk, "kind": m.kind.code, "level": m.level}, status=status.HTTP_201_CREATED)


class WarningsView(RegistryReader):
    """预警: open warnings in the jurisdiction (`mine=1`: assigned to me; `kind`; `code`)."""

    @extend_schema(
        parameters=[
            *_PAGE,
            OpenApiParameter("kind", str),
            OpenApiParameter("code", str),
            OpenApiParameter("mine", bool),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        limit, offset = _page(request)
        warnings = Warning.objects.open().visible_to(request.user.jurisdiction).select_related("person", "house")
        if not privacy.may_see_special_groups(request.user):
            warnings = warnings.filter(sensitive=False)
        if request.query_params.get("mine") in ("1", "true"):
            warnings = warnings.filter(assignee=request.user)
        if request.query_params.get("kind"):
            warnings = warnings.filter(kind=request.query_params["kind"])
        if (code := request.query_params.get("code", "")).isdigit():
            warnings = warnings.filter(location_code__startswith=code)
        disclosure = privacy.disclosure_for(request.user)
        rows = [
            {
                "id": w.pk,
                "kind": w.kind,
                "message": w.message,
                "raised_at": w.raised_at,
                "person_id": w.person_id,
                "person": privacy.present_name(w.person.name, disclosure) if w.person_id else "",
                "house_id": w.house_id,
                "address": w.house.address if w.house_id else "",
                "location_code": w.location_code,
            }
            for w in warnings[offset : offset + limit]
        ]
        return Response({"results": rows, "next_offset": offset + limit if len(rows) == limit else None})


class CountsView(RegistryReader):
    """楼栋/房屋/人口 counts per street, community, grid or micro-grid in the jurisdiction (for choropleths;
    analysts get these, never rows). Special-group counts only for roles that see special groups."""

    @extend_schema(parameters=[CountsQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        q = validated(CountsQuerySerializer, request.query_params)
        special = privacy.may_see_special_groups(request.user)
        return Response({"by": q["by"], "results": area_counts(request.user, q["by"], q["code"], special)})


class AccessLogView(RegistryReader):
    """人员信息查阅记录: who read whose record, when, how and why (district admins only)."""

    @extend_schema(
        parameters=[*_PAGE, OpenApiParameter("person", int), OpenApiParameter("user", str)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        if not privacy.may_view_access_log(request.user):
            raise Forbidden("仅区级管理员可查看查阅记录 (district administrators only)")
        limit, offset = _page(request)
        log = PersonAccess.objects.all()
        if (person := request.query_params.get("person", "")).isdigit():
            log = log.filter(person_id=int(person))
        if request.query_params.get("user"):
            log = log.filter(username=request.query_params["user"])
        rows = list(
            log.values("id", "time", "username", "role", "person_id", "channel", "purpose", "unmasked")[
                offset : offset + limit
            ]
        )
        return Response({"results": rows, "next_offset": offset + limit if len(rows) == limit else None})

"""Militia organisations, members (with the Excel import), resources and equipment stock. Lists
and details are cut to the user's jurisdiction (another street's rows are 404); writes go through
the services in militia.units and militia.stock."""

from django.contrib.gis.geos import Point
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.filters import BBoxFilter, PropertyFilter
from geo.api.pagination import FeaturePagination
from geo.api.parsers import JSONObjectParser
from geo.api.validation import validated
from militia import importer, stock, units
from militia.api.serializers import (
    ImportInput,
    MemberInput,
    MemberSerializer,
    MovementsInput,
    OnCallInput,
    OrgInput,
    OrgSerializer,
    ResourceInput,
    ResourceSerializer,
    TransferInput,
)
from militia.errors import BadInput, NotFound
from militia.models import MilitiaMember, MilitiaOrg, Movement, Resource, ResourceKind
from militia.permissions import require_commander

__all__ = ["OrgViewSet", "MemberViewSet", "ResourceViewSet", "TransferView", "StockMapView"]


def _point(lon, lat, field="lon") -> Point | None:
    if lon is None and lat is None:
        return None
    if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BadInput("经纬度须同时给出且在范围内 (lon and lat, WGS84)", field=field)
    return Point(lon, lat, srid=4326)


def _visible(queryset, user, pk, label):
    found = queryset.visible_to(user.jurisdiction).filter(pk=pk).first()
    if found is None:  # absent and out of reach look the same: ids cannot be probed
        raise NotFound(f"{label} {pk} 不存在或不在您的辖区内", field="id")
    return found


class _Cut(viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user.jurisdiction)

    def get_object(self):
        return _visible(self.queryset, self.request.user, self.kwargs["pk"], self.label)


class OrgViewSet(_Cut, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """民兵组织 (district, towns, companies, platoons) as GeoJSON (companies carry their base);
    filters `level`, `parent` (id), `name`; `members` counts each one's own members."""

    queryset = MilitiaOrg.objects.annotate(member_count=Count("members")).order_by("location_code", "id")
    serializer_class = OrgSerializer
    label = "组织"
    filter_backends = [BBoxFilter, PropertyFilter]
    bbox_filter_field = "point"
    pagination_class = FeaturePagination
    property_filters = {"level": "level", "parent": "parent_id", "name": "name__contains"}

    @extend_schema(request=OrgInput, responses={201: OrgSerializer})
    def create(self, request):
        data = validated(OrgInput, request.data)
        parent = _visible(MilitiaOrg.objects, request.user, data["parent"], "上级组织") if data["parent"] else None
        org = units.create_org(
            request.user,
            name=data["name"],
            level=data["level"],
            parent=parent,
            point=_point(data["lon"], data["lat"]),
            area_code=data["area_code"],
            commander=data["commander"],
            phone=data["phone"],
        )
        return Response(OrgSerializer(org, context={"request": request}).data, status=status.HTTP_201_CREATED)


class MemberPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class MemberViewSet(_Cut, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """民兵 members (phones masked unless your role commands the militia); filters `org` (a company
    also lists its platoons' members), `on_call`, `speciality`, `name`."""

    queryset = MilitiaMember.objects.select_related("org", "user").order_by("org_id", "id")
    serializer_class = MemberSerializer
    label = "民兵"
    pagination_class = MemberPagination
    parser_classes = [JSONObjectParser, MultiPartParser, FormParser]

    def get_queryset(self):
        members = super().get_queryset()
        q = self.request.query_params
        if q.get("org"):
            members = (
                members.filter(Q(org_id=q["org"]) | Q(org__parent_id=q["org"]))
                if q["org"].isdigit()
                else members.none()
            )
        if q.get("on_call") in ("true", "false"):
            members = members.filter(on_call=q["on_call"] == "true")
        if q.get("speciality"):
            members = members.filter(speciality=q["speciality"])
        if q.get("name"):
            members = members.filter(name__contains=q["name"])
        return members

    @extend_schema(request=MemberInput, responses={201: MemberSerializer})
    def create(self, request):
        data = validated(MemberInput, request.data)
        org = _visible(MilitiaOrg.objects, request.user, data["org"], "组织")
        member = units.create_member(
            request.user,
            org=org,
            name=data["name"],
            age_band=data["age_band"],
            speciality=data["speciality"],
            phone=data["phone"],
            on_call=data["on_call"],
            point=_point(data["lon"], data["lat"]),
        )
        return Response(MemberSerializer(member, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OnCallInput, responses=MemberSerializer)
    @action(detail=True, methods=["post"], url_path="on-call")
    def on_call(self, request, pk=None):
        """Set a member on call (待命) or off."""
        member = units.set_on_call(request.user, int(pk), validated(OnCallInput, request.data)["on_call"])
        return Response(MemberSerializer(member, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": ImportInput}, responses=dict)
    @action(detail=False, methods=["post"], url_path="import")
    def bulk_import(self, request):
        """Import members from .xlsx/.csv: 201 `{created}`, or 400 `{detail, field: "file", rows: [{row,
        field, message}]}` naming every bad row (nothing is written then). `dry_run=true` only checks."""
        require_commander(request.user)
        data = validated(ImportInput, request.data)
        rows = importer.read_rows(data["file"].read(), data["file"].name)
        try:
            result = importer.import_members(rows, scope=request.user.jurisdiction, dry_run=data["dry_run"])
        except importer.ImportRejected as exc:
            return Response(
                {"detail": str(exc), "field": "file", "rows": [e.__dict__ for e in exc.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"created": result.created, "dry_run": data["dry_run"]},
            status=status.HTTP_200_OK if data["dry_run"] else status.HTTP_201_CREATED,
        )


class ResourceViewSet(_Cut, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """应急资源 (fuel stations, hospitals, shelters, emergency teams, warehouses) as GeoJSON, with
    capacity; filter `kind`, `name`, `bbox`."""

    queryset = Resource.objects.order_by("location_code", "id")
    serializer_class = ResourceSerializer
    label = "资源"
    filter_backends = [BBoxFilter, PropertyFilter]
    bbox_filter_field = "point"
    pagination_class = FeaturePagination
    property_filters = {"kind": "kind", "name": "name__contains"}

    @extend_schema(request=ResourceInput, responses={201: ResourceSerializer})
    def create(self, request):
        data = validated(ResourceInput, request.data)
        org_id = data.pop("org")
        org = _visible(MilitiaOrg.objects, request.user, org_id, "组织") if org_id else None
        point = _point(data.pop("lon"), data.pop("lat"))
        resource = units.create_resource(request.user, point=point, org=org, **data)
        return Response(ResourceSerializer(resource, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def stock(self, request, pk=None):
        """A warehouse's stock by kind and condition, and its latest movements (newest first)."""
        warehouse = stock.warehouse_for(request.user, pk)
        moves = Movement.objects.filter(warehouse=warehouse).order_by("-time", "-id")[:50]
        return Response(
            {
                "warehouse": {"id": warehouse.pk, "name": warehouse.name, "total": warehouse.stock_total},
                "stock": stock.stock_by_kind([warehouse]).get(warehouse.pk, {}),
                "movements": [
                    {
                        "kind": m.kind,
                        "condition": m.condition,
                        "delta": m.delta,
                        "balance": m.balance,
                        "reason": m.reason,
                        "task": m.task_id,
                        "note": m.note,
                        "actor": m.actor_name,
                        "time": m.time,
                    }
                    for m in moves
                ],
            }
        )

    @extend_schema(request=MovementsInput, responses=dict)
    @action(detail=True, methods=["post"])
    def movements(self, request, pk=None):
        """Record movements in/out of a warehouse, all or nothing; 409 naming the shortfall when stock
        would go negative."""
        data = validated(MovementsInput, request.data)
        warehouse = stock.warehouse_for(request.user, pk)
        task = None
        if data["task"]:
            from militia.approvals import task_for

            task = task_for(request.user, data["task"])
        done = stock.move_stock(request.user, warehouse, [stock.Move(**item) for item in data["items"]], task=task)
        return Response(
            {"movements": [{"id": m.pk, "kind": m.kind, "delta": m.delta, "balance": m.balance} for m in done]},
            status=status.HTTP_201_CREATED,
        )


class TransferView(APIView):
    """调拨: move equipment from one warehouse to another in one step."""

    @extend_schema(request=TransferInput, responses=dict)
    def post(self, request):
        data = validated(TransferInput, request.data)
        source = stock.warehouse_for(request.user, data["source"])
        target = stock.warehouse_for(request.user, data["target"])
        out, into = stock.transfer(
            request.user, source, target, data["kind"], data["quantity"], data["note"], data["condition"]
        )
        return Response({"out": out.balance, "in": into.balance}, status=status.HTTP_201_CREATED)


class StockMapView(APIView):
    """Warehouses as GeoJSON points with their stock of one `kind` (or in total), for the map."""

    @extend_schema(responses=dict)
    def get(self, request):
        warehouses = list(Resource.objects.visible_to(request.user.jurisdiction).filter(kind=ResourceKind.WAREHOUSE))
        by_kind = stock.stock_by_kind(warehouses)
        kind = request.query_params.get("kind", "")
        features = []
        for w in warehouses:
            held = by_kind.get(w.pk, {})
            quantity = sum(held.get(kind, {}).values()) if kind else w.stock_total
            features.append(
                {
                    "type": "Feature",
                    "id": w.pk,
                    "geometry": {"type": "Point", "coordinates": [w.point.x, w.point.y]},
                    "properties": {"name": w.name, "code": w.location_code, "quantity": quantity, "stock": held},
                }
            )
        return Response({"type": "FeatureCollection", "kind": kind or None, "features": features})

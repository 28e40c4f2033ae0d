"""Assessment API: periods and rule tables (managers edit), compute and close, scores cut to the
reader's jurisdiction with the inputs behind each, Excel exports, spot checks, points ranking,
ledger and redemptions. Views parse, authorise, call a service, render."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment import points, services
from assessment.api.serializers import (
    LedgerSerializer,
    PeriodInputSerializer,
    PeriodSerializer,
    RankingQuerySerializer,
    RankingRowSerializer,
    RedemptionInputSerializer,
    RedemptionSerializer,
    RulesInputSerializer,
    ScoreQuerySerializer,
    ScoreSerializer,
    SpotCheckInputSerializer,
    SpotCheckSerializer,
)
from assessment.export import ranking_workbook, scores_workbook
from assessment.models import Period, Score
from geo.api.validation import validated
from geo.errors import BadInput, NotFound
from geo.jurisdiction import Jurisdiction

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(pk) -> Period:
    period = Period.objects.prefetch_related("rules").filter(pk=pk).first()
    if period is None:
        raise NotFound(f"考核周期 {pk} 不存在 (no such period)", field="id")
    return period


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _month(text: str | None) -> date:
    if not text:
        return timezone.localdate().replace(day=1)
    year, month = map(int, text.split("-"))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise BadInput("月份应为 YYYY-MM (month must be YYYY-MM)", field="month")
    return date(year, month, 1)


class PeriodListView(APIView):
    """考核周期: the list (newest first) with their rule tables; managers create one (its rules are
    copied from the previous period of that kind, or the defaults)."""

    @extend_schema(responses=PeriodSerializer(many=True))
    def get(self, request):
        return Response(PeriodSerializer(Period.objects.prefetch_related("rules"), many=True).data)

    @extend_schema(request=PeriodInputSerializer, responses={201: PeriodSerializer})
    def post(self, request):
        services.require_manager(request.user)
        data = validated(PeriodInputSerializer, request.data)
        period = services.create_period(data["kind"], data["day"])
        return Response(PeriodSerializer(_period(period.pk)).data, status=status.HTTP_201_CREATED)


class PeriodDetailView(APIView):
    @extend_schema(responses=PeriodSerializer)
    def get(self, request, pk):
        return Response(PeriodSerializer(_period(pk)).data)


class RulesView(APIView):
    """The rule table: `{rules: [{indicator, weight?, required?, formula?, active?}]}` changes those
    indicators. Formulas use numbers, + - * /, min(), max() and the names `rate`, `required` and the
    inputs. 409 once the period is closed."""

    @extend_schema(request=RulesInputSerializer, responses=PeriodSerializer)
    def put(self, request, pk):
        services.require_manager(request.user)
        data = validated(RulesInputSerializer, request.data)
        services.set_rules(pk, data["rules"])
        return Response(PeriodSerializer(_period(pk)).data)


class ComputeView(APIView):
    """Recompute the period's scores now (the hourly job does the same)."""

    @extend_schema(request=None, responses=PeriodSerializer)
    def post(self, request, pk):
        services.require_manager(request.user)
        services.compute_period(pk)
        return Response(PeriodSerializer(_period(pk)).data)


class CloseView(APIView):
    """Compute one last time and freeze the period."""

    @extend_schema(request=None, responses=PeriodSerializer)
    def post(self, request, pk):
        services.require_manager(request.user)
        services.close_period(pk)
        return Response(PeriodSerializer(_period(pk)).data)


class ScoreListView(APIView):
    """Scores of one level, ranked, inside the reader's jurisdiction, each with its inputs."""

    @extend_schema(parameters=[ScoreQuerySerializer], responses=ScoreSerializer(many=True))
    def get(self, request, pk):
        query = validated(ScoreQuerySerializer, request.query_params)
        period = _period(pk)
        rows = (
            Score.objects.visible_to(Jurisdiction.for_user(request.user))
            .filter(period=period, level=query["level"])
            .select_related("user")
            .order_by("rank", "code")[: query["limit"]]
        )
        return Response(ScoreSerializer(rows, many=True).data)


class ScoreDetailView(APIView):
    """One score and the numbers behind it (404 outside the jurisdiction)."""

    @extend_schema(responses=ScoreSerializer)
    def get(self, request, pk):
        row = Score.objects.visible_to(Jurisdiction.for_user(request.user)).select_related("user").filter(pk=pk).first()
        if row is None:
            raise NotFound(f"得分 {pk} 不存在或不在您的辖区内 (no such score)", field="id")
        return Response(ScoreSerializer(row).data)


class ScoreExportView(APIView):
    """Every level's scores inside the jurisdiction as an Excel workbook (one sheet per level)."""

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        period = _period(pk)
        rows = Score.objects.visible_to(Jurisdiction.for_user(request.user)).filter(period=period)
        return _xlsx(scores_workbook(period, rows), f"assessment-{period.start:%Y-%m}-{period.kind}.xlsx")


class SpotCheckView(APIView):
    """抽查知晓率: staff enter, per grid of their jurisdiction, how many residents were asked and aware."""

    @extend_schema(request=SpotCheckInputSerializer, responses=SpotCheckSerializer)
    def post(self, request, pk):
        services.require_manager(request.user)
        data = validated(SpotCheckInputSerializer, request.data)
        check = services.enter_spot_check(pk, data["grid"], data["asked"], data["aware"], request.user)
        return Response(SpotCheckSerializer(check).data)


class RankingView(APIView):
    """Points earned in a month by worker, inside the jurisdiction (redemptions do not lower it)."""

    @extend_schema(parameters=[RankingQuerySerializer], responses=RankingRowSerializer(many=True))
    def get(self, request):
        return Response(RankingRowSerializer(_ranking(request), many=True).data)


class RankingExportView(APIView):
    """The same ranking as an Excel workbook."""

    @extend_schema(parameters=[RankingQuerySerializer], responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        rows = _ranking(request)
        month = _month(request.query_params.get("month"))
        return _xlsx(ranking_workbook(f"{month:%Y-%m} 积分排行", rows), f"points-{month:%Y-%m}.xlsx")


def _ranking(request) -> list[dict]:
    query = validated(RankingQuerySerializer, request.query_params)
    return points.monthly_ranking(Jurisdiction.for_user(request.user), _month(query.get("month")), query["limit"])


class LedgerView(APIView):
    """A worker's points ledger (newest first) and balance."""

    @extend_schema(responses=LedgerSerializer)
    def get(self, request, username):
        return Response(LedgerSerializer(points.ledger(Jurisdiction.for_user(request.user), username)).data)


class RedemptionView(APIView):
    """Record a redemption: spends points from a worker's balance (409 when short)."""

    @extend_schema(request=RedemptionInputSerializer, responses={201: RedemptionSerializer})
    def post(self, request):
        services.require_manager(request.user)
        data = validated(RedemptionInputSerializer, request.data)
        row = points.redeem(
            Jurisdiction.for_user(request.user), data["user"], data["item"], data["points"], request.user
        )
        return Response(RedemptionSerializer(row).data, status=status.HTTP_201_CREATED)

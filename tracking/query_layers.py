"""The tracking app's query layers for analysts: check-ins, visits, patrols, the workers' latest
positions and raw fixes (a time window is required; raw fixes only up to one day, aggregates beyond)."""

from datetime import timedelta

from django.db.models import Q

from accounts.privacy import mask_name
from geo.jurisdiction import Jurisdiction
from geo.query_layers import Filter, QueryLayer, bool_filter, choice_filter, register
from tracking.heat import heat_cells
from tracking.models import CheckIn, CheckInKind, DutySession, LatestPosition, Patrol, Position, Visit

__all__ = ["LAYERS", "register_query_layers"]


def _on_duty(values) -> Q:
    on_duty = Q(user_id__in=DutySession.objects.filter(ended_at__isnull=True).values("user_id"))
    wanted = set(values)
    if wanted >= {"on_duty", "off_duty"}:
        return Q()
    return on_duty if "on_duty" in wanted else ~on_duty if "off_duty" in wanted else Q(pk__in=[])


def _heat_counts(prefix, start, end, res) -> dict[int, int]:
    """Good fixes per H3 cell from the hourly aggregates ingest keeps (whole hours)."""
    return heat_cells(Jurisdiction(prefix), start, end, res)


_WORKER_STATUS = Filter(_on_duty, {"on_duty": "在岗", "off_duty": "离岗"})
_USER = {"user": "user__username", "name": "user__first_name"}

LAYERS = [
    QueryLayer(
        name="checkins",
        title="签到签退 check-ins",
        queryset=lambda: CheckIn.objects.all(),
        geom_field="geom",
        code_field="location_code",
        time_field="time",
        fields={
            "id": "id",
            **_USER,
            "kind": "kind",
            "time": "time",
            "code": "location_code",
            "inside": "inside",
            "accepted": "accepted",
            "distance_m": "distance_m",
            "accuracy_m": "accuracy_m",
        },
        numeric=("distance_m", "accuracy_m"),
        personal={"name": mask_name},
        filters={"kind": choice_filter("kind", CheckInKind), "accepted": bool_filter("accepted")},
    ),
    QueryLayer(
        name="visits",
        title="寻访打卡 visits",
        queryset=lambda: Visit.objects.all(),
        geom_field="place__point",
        code_field="location_code",
        time_field="time",
        fields={
            "id": "id",
            **_USER,
            "place": "place__name",
            "place_kind": "place__kind",
            "time": "time",
            "code": "location_code",
            "accepted": "accepted",
            "proof_distance_m": "proof_distance_m",
        },
        numeric=("proof_distance_m",),
        personal={"name": mask_name},
        filters={"accepted": bool_filter("accepted")},
    ),
    QueryLayer(
        name="patrols",
        title="巡查轨迹 patrol tracks",
        queryset=lambda: Patrol.objects.filter(track__isnull=False),
        geom_field="track",
        code_field="session__grid__code",
        time_field="session__started_at",
        geometry_type="LineString",
        fields={
            "id": "session_id",
            "user": "session__user__username",
            "name": "session__user__first_name",
            "grid": "session__grid__code",
            "started_at": "session__started_at",
            "ended_at": "session__ended_at",
            "length_m": "length_m",
            "fixes": "fixes",
        },
        numeric=("length_m", "fixes"),
        personal={"name": mask_name},
        gpx="tracks",
    ),
    QueryLayer(
        name="workers",
        title="网格员最新位置 latest worker positions",
        queryset=lambda: LatestPosition.objects.filter(user__is_active=True),
        geom_field="geom",
        code_field="location_code",
        time_field="time",
        fields={
            "id": "user_id",
            **_USER,
            "role": "user__role",
            "time": "time",
            "code": "location_code",
            "battery": "battery",
            "accuracy_m": "accuracy_m",
        },
        numeric=("battery", "accuracy_m"),
        personal={"name": mask_name},
        filters={"status": _WORKER_STATUS},
    ),
    QueryLayer(
        name="fixes",
        title="定位点 fixes",
        queryset=lambda: Position.objects.filter(flags=0),
        geom_field="geom",
        code_field="location_code",
        time_field="time",
        fields={
            "user": "user_id",
            "time": "time",
            "code": "location_code",
            "accuracy_m": "accuracy_m",
            "speed_mps": "speed_mps",
            "battery": "battery",
        },
        numeric=("accuracy_m", "speed_mps", "battery"),
        raw_max_span=timedelta(days=1),
        h3_field="h3",
        h3_counts=_heat_counts,
        gpx="tracks",
        description=(
            "仅含有效定位点；原始点最多一天；按 H3 汇总整条街道以上时读取小时汇总 "
            "(good fixes only; raw rows for at most one day; H3 aggregates of a street or more "
            "read the hourly aggregates)"
        ),
    ),
]


def register_query_layers():
    for layer in LAYERS:
        register(layer)

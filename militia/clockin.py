"""Members clock in on a task with their location, through tracking's intake (the fix is stored
and moves their latest position like any other), and the task shows who is there. Distances are
metres in settings.METRIC_SRID to the task's area (0 inside) or, without an area, its muster point."""

from datetime import datetime, timedelta

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from geo import crs as crs_module
from geo.functions import MetricDistance
from militia import conf
from militia.errors import BadInput, Conflict, NotAllowed
from militia.models import MilitiaTask, TaskClockIn, TaskStatus
from tracking.devices import device_for_user
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import LatestPosition

__all__ = ["clock_in", "presence", "tasks_of_member"]


def _distance(task: MilitiaTask, point: Point) -> float:
    field = "area" if task.area else "point"
    return (
        MilitiaTask.objects.filter(pk=task.pk).annotate(d=MetricDistance(field, point)).values_list("d", flat=True)[0]
    )


def tasks_of_member(user):
    """Approved and active tasks the user's militia member is assigned to."""
    member = getattr(user, "militia_member", None)
    if member is None:
        return MilitiaTask.objects.none()
    return MilitiaTask.objects.filter(
        assignments__member=member, status__in=(TaskStatus.APPROVED, TaskStatus.ACTIVE)
    ).order_by("starts_at")


@transaction.atomic
def clock_in(
    user,
    task_id: int,
    *,
    lon: float,
    lat: float,
    crs: str = "wgs84",
    accuracy_m: float | None = None,
    time: datetime | None = None,
) -> TaskClockIn:
    member = getattr(user, "militia_member", None)
    if member is None:
        raise NotAllowed("只有民兵可以任务打卡 (only militia members clock in on tasks)")
    task = tasks_of_member(user).filter(pk=task_id).first()
    if task is None:
        raise Conflict(f"任务 {task_id} 未指派给您或已结束 (not your task, or it is over)", field="task")
    now = timezone.now()
    moment = time or now
    try:
        x, y = crs_module.to_wgs84(lon, lat, crs)
    except crs_module.UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None
    result = record_fixes(
        device_for_user(user, name="民兵手机"),
        [Fix(time=moment, lon=lon, lat=lat, crs=crs, accuracy_m=accuracy_m, attributes={"task": task.pk})],
        source="militia",
        now=now,
    )
    if result.rejected:
        bad = result.rejected[0]
        raise BadInput(bad.reason, field=bad.field or "lon")
    point = Point(float(x), float(y), srid=4326)
    distance = _distance(task, point)
    return TaskClockIn.objects.create(
        task=task,
        member=member,
        time=moment,
        point=point,
        distance_m=distance,
        on_site=distance <= conf.CLOCKIN_TOLERANCE_M,
    )


def presence(task: MilitiaTask, now: datetime | None = None) -> list[dict]:
    """Every assigned member with their last clock-in on the task and where they are now: `present`
    when their last clock-in was on site, or their fresh latest fix lies within the tolerance."""
    now = now or timezone.now()
    fresh = now - timedelta(minutes=conf.MEMBER_FIX_MAX_AGE_MINUTES)
    assigned = [a.member for a in task.assignments.select_related("member__org").order_by("member_id")]
    last = {c.member_id: c for c in task.clockins.order_by("member_id", "-time").distinct("member_id")}
    live = {
        user_id: (geom, distance)
        for user_id, geom, distance in LatestPosition.objects.filter(
            user_id__in=[m.user_id for m in assigned if m.user_id], time__gte=fresh
        )
        .annotate(d=MetricDistance("geom", task.area or task.point))
        .values_list("user_id", "geom", "d")
    }
    rows = []
    for m in assigned:
        clock, here = last.get(m.pk), live.get(m.user_id)
        where = here[0] if here else (clock.point if clock else None)
        rows.append(
            {
                "member": {"id": m.pk, "name": m.name, "speciality": m.speciality, "org": m.org.name},
                "clocked_in_at": clock.time if clock else None,
                "clock_in_distance_m": round(clock.distance_m, 1) if clock else None,
                "on_site": bool(clock and clock.on_site),
                "lon": where.x if where else None,
                "lat": where.y if where else None,
                "distance_m": round(here[1], 1) if here else None,
                "present": bool(clock and clock.on_site) or bool(here and here[1] <= conf.CLOCKIN_TOLERANCE_M),
            }
        )
    return rows

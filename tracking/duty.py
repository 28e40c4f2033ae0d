"""Check-in and check-out (签到签退) and the duty sessions they open and close.

Every check-in is stored, wherever it was made: one farther from the worker's grid than
conf.CHECKIN_TOLERANCE_M is kept with accepted=False (a supervisor can see it) and opens no
session. A check-out always closes the open session, so duty time never runs on; one made out of
range is stored with accepted=False. Distances are metres in settings.METRIC_SRID.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When

from geo import crs as crs_module
from geo.errors import BadInput, Conflict, Forbidden
from geo.functions import MetricDistance
from grids.locate import locate_point
from grids.models import Grid, GridMember, MemberRole
from tracking import conf
from tracking.live import publish_checkin
from tracking.models import CheckIn, CheckInKind, DutySession

__all__ = [
    "DUTY_ROLES",
    "NotGridMember",
    "AlreadyOnDuty",
    "NotOnDuty",
    "DutyResult",
    "duty_grid",
    "open_session",
    "check_in",
    "check_out",
    "duty_status",
    "check_time",
]

# Members who patrol and are reported on; liaisons and co-governance volunteers do not check in.
DUTY_ROLES = (MemberRole.WORKER, MemberRole.LEADER)


class NotGridMember(Forbidden):
    pass


class AlreadyOnDuty(Conflict):
    pass


class NotOnDuty(Conflict):
    pass


@dataclass
class DutyResult:
    checkin: CheckIn
    session: DutySession | None  # the session opened (check-in) or closed (check-out), if any
    message: str
    patrol: object = None  # tracking.models.Patrol after a check-out

    @property
    def on_duty(self) -> bool:
        return self.session is not None and self.session.ended_at is None


def duty_grid(user) -> Grid:
    """The grid a user is on duty in: their worker/leader membership first, then any, oldest first."""
    member = (
        GridMember.objects.filter(user=user)
        .select_related("grid")
        .order_by(Case(When(role__in=DUTY_ROLES, then=0), default=1), "id")
        .first()
    )
    if member is None:
        raise NotGridMember("只有网格成员可以签到签退 (only grid members can check in)")
    return member.grid


def open_session(user) -> DutySession | None:
    return DutySession.objects.filter(user=user, ended_at__isnull=True).select_related("grid", "checkin").first()


def check_time(moment: datetime | None, now: datetime) -> datetime:
    """The time of a check-in or visit: now when not given; aware; not ahead, not too old."""
    if moment is None:
        return now
    if moment.tzinfo is None:
        raise BadInput("时间缺少时区 (time needs a time zone)", field="time")
    if moment > now + timedelta(seconds=conf.MAX_FUTURE_SECONDS):
        raise BadInput(f"时间在未来 (time is more than {conf.MAX_FUTURE_SECONDS} s ahead)", field="time")
    if moment < now - timedelta(hours=conf.DUTY_MAX_AGE_HOURS):
        raise BadInput(f"时间过早 (time is more than {conf.DUTY_MAX_AGE_HOURS} h ago)", field="time")
    return moment


def _read_position(lon, lat, crs: str, accuracy_m) -> Point:
    """The WGS84 point of a check-in, its input checked field by field."""
    for name, value, bound in (("lon", lon, 180), ("lat", lat, 90)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise BadInput(f"{name} 必须是数字 ({name} must be a number)", field=name)
        if not -bound <= value <= bound:
            raise BadInput(f"{name} 超出范围 ({name} must be within -{bound}..{bound})", field=name)
    try:
        x, y = crs_module.to_wgs84(float(lon), float(lat), crs)
    except crs_module.UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None
    if accuracy_m is not None and (
        isinstance(accuracy_m, bool)
        or not isinstance(accuracy_m, (int, float))
        or not math.isfinite(accuracy_m)
        or accuracy_m < 0
    ):
        raise BadInput("accuracy_m 必须是非负数 (accuracy_m must be a number ≥ 0)", field="accuracy_m")
    return Point(float(x), float(y), srid=4326)


def _measure(grid: Grid, point: Point) -> tuple[bool, float]:
    """(inside, metres to the grid in METRIC_SRID; 0 inside)."""
    inside, distance = (
        Grid.objects.filter(pk=grid.pk)
        .annotate(
            inside=Case(When(geom__covers=point, then=True), default=False), distance=MetricDistance("geom", point)
        )
        .values_list("inside", "distance")
        .get()
    )
    return inside, 0.0 if inside else distance


def _record(user, kind, grid, point, *, accuracy_m, moment, note) -> CheckIn:
    inside, distance = _measure(grid, point)
    location = locate_point(point.x, point.y)
    checkin = CheckIn.objects.create(
        user=user,
        kind=kind,
        time=moment,
        geom=point,
        grid=grid,
        location_code=location.code if location else "",
        inside=inside,
        distance_m=distance,
        accuracy_m=accuracy_m,
        accepted=distance <= conf.CHECKIN_TOLERANCE_M,
        note=(note or "")[:200],
    )
    publish_checkin(checkin)
    return checkin


def _where(checkin: CheckIn) -> str:
    if checkin.inside:
        return "位置在网格内"
    return f"位置在网格外 {checkin.distance_m:.0f} 米"


@transaction.atomic
def check_in(user, *, lon, lat, crs="wgs84", accuracy_m=None, time=None, note="", now=None) -> DutyResult:
    """Check in at (lon, lat) in `crs`. 409 while a session is open; an out-of-range check-in is
    stored with accepted=False and opens nothing."""
    now = now or datetime.now(dt_timezone.utc)
    moment = check_time(time, now)
    point = _read_position(lon, lat, crs, accuracy_m)
    grid = duty_grid(user)
    current = open_session(user)
    if current is not None:
        raise AlreadyOnDuty(
            f"已在岗：会话 {current.pk} 自 {current.started_at.isoformat()} 起未签退 "
            f"(already on duty in session {current.pk}; check out first)"
        )
    last_end = (
        DutySession.objects.filter(user=user, ended_at__isnull=False)
        .order_by("-ended_at")
        .values_list("ended_at", flat=True)
        .first()
    )
    if last_end is not None and moment < last_end:
        raise BadInput(f"签到时间早于上次签退 {last_end.isoformat()} (time is before the last check-out)", field="time")
    checkin = _record(user, CheckInKind.IN, grid, point, accuracy_m=accuracy_m, moment=moment, note=note)
    if not checkin.accepted:
        return DutyResult(
            checkin,
            None,
            f"签到未生效：{_where(checkin)}，超出 {conf.CHECKIN_TOLERANCE_M:.0f} 米容差；"
            "已记录备查 (check-in refused: too far from your grid)",
        )
    try:
        with transaction.atomic():
            session = DutySession.objects.create(user=user, grid=grid, started_at=moment, checkin=checkin)
    except IntegrityError:  # a concurrent check-in opened one first
        raise AlreadyOnDuty("已在岗：另一签到刚刚生效 (already on duty)") from None
    return DutyResult(checkin, session, f"签到成功，{_where(checkin)} (checked in)")


@transaction.atomic
def check_out(user, *, lon, lat, crs="wgs84", accuracy_m=None, time=None, note="", now=None) -> DutyResult:
    """Check out and close the open session (409 without one), then compute its patrol."""
    from tracking.patrols import compute_patrol

    now = now or datetime.now(dt_timezone.utc)
    moment = check_time(time, now)
    point = _read_position(lon, lat, crs, accuracy_m)
    session = (
        DutySession.objects.select_for_update(of=("self",))
        .filter(user=user, ended_at__isnull=True)
        .select_related("grid")
        .first()
    )
    if session is None:
        raise NotOnDuty("未在岗：没有需要签退的签到 (not on duty: check in first)")
    if moment < session.started_at:
        raise BadInput(
            f"签退时间早于签到时间 {session.started_at.isoformat()} (time is before the check-in)", field="time"
        )
    grid = session.grid or duty_grid(user)  # the session's grid may have been removed by an adjustment
    checkout = _record(user, CheckInKind.OUT, grid, point, accuracy_m=accuracy_m, moment=moment, note=note)
    session.ended_at, session.checkout = moment, checkout
    session.save(update_fields=["ended_at", "checkout"])
    patrol = compute_patrol(session, now=now)
    if checkout.accepted:
        message = f"签退成功，{_where(checkout)} (checked out)"
    else:
        message = (
            f"已签退，但{_where(checkout)}，超出 {conf.CHECKIN_TOLERANCE_M:.0f} 米容差，标记为异常 "
            "(checked out; the check-out was too far from your grid and is flagged)"
        )
    return DutyResult(checkout, session, message, patrol)


def duty_status(user) -> dict:
    session = open_session(user)
    if session is None:
        return {"on_duty": False, "session": None, "since": None, "grid": None}
    return {
        "on_duty": True,
        "session": session.pk,
        "since": session.started_at,
        "grid": {"code": session.grid.code, "name": session.grid.name},
    }


def sessions_visible_to(user):
    """Duty sessions a user may read: their own, and those of grids inside their jurisdiction."""
    return DutySession.objects.filter(Q(user=user) | user.jurisdiction.q("grid__code"))

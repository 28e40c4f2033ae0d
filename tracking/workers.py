"""A worker as the command map shows them: the card and the day's track for replay."""

from datetime import date, datetime
from datetime import timezone as dt_timezone

from accounts.models import User
from accounts.privacy import mask_phone
from geo.errors import NotFound
from grids.models import GridMember
from tracking.days import local_day_bounds, local_tz
from tracking.duty import duty_status
from tracking.models import LatestPosition, Position
from tracking.reports import worker_report

__all__ = ["jurisdiction_workers", "visible_worker", "worker_card", "worker_track"]


def jurisdiction_workers(jurisdiction) -> list[dict]:
    """The people the live map may show, for its names and worker cards: every grid member of the
    jurisdiction as {id, user, name, grid} (a member of several grids once, by their first)."""
    members = (
        GridMember.objects.filter(jurisdiction.q("grid__code"))
        .order_by("user_id", "id")
        .values_list("user_id", "user__username", "user__first_name", "user__last_name", "grid__code")
    )
    workers = {}
    for user_id, username, first, last, grid in members:
        name = f"{first} {last}".strip() or username
        workers.setdefault(user_id, {"id": user_id, "user": username, "name": name, "grid": grid})
    return list(workers.values())


def visible_worker(jurisdiction, username: str) -> User:
    worker = User.objects.filter(username=username, grid_memberships__isnull=False).distinct().first()
    if worker is None or not jurisdiction.covers(worker.jurisdiction_code or None):
        raise NotFound("找不到该网格员 (no such worker in your jurisdiction)")
    return worker


def worker_card(jurisdiction, username: str, now: datetime | None = None) -> dict:
    """Grid, duty since, today's distance and coverage, last fix age and battery."""
    now = now or datetime.now(dt_timezone.utc)
    worker = visible_worker(jurisdiction, username)
    today = now.astimezone(local_tz()).date()
    row = next(
        (
            r
            for r in worker_report(jurisdiction, today, grid_code=worker.jurisdiction_code, now=now)
            if r["user"] == username
        ),
        {},
    )
    latest = LatestPosition.objects.filter(user=worker).first()
    duty = duty_status(worker)
    return {
        "id": worker.pk,
        "user": username,
        "name": worker.display_name,
        "role": worker.get_role_display(),
        "phone": mask_phone(worker.phone),  # masked on the map
        "grid": row.get("grid"),
        "grid_name": row.get("grid_name"),
        "on_duty": duty["on_duty"],
        "duty_since": duty["since"],
        "distance_m": row.get("distance_m", 0.0),
        "coverage": row.get("coverage"),
        "visits": row.get("visits", 0),
        "checkins": row.get("checkins", 0),
        "last_fix": latest.time if latest else None,
        "last_fix_age_s": round((now - latest.time).total_seconds()) if latest else None,
        "battery": latest.battery if latest else None,
        "position": [latest.geom.x, latest.geom.y] if latest else None,
    }


def worker_track(jurisdiction, username: str, day: date) -> dict:
    """The day's good fixes as a GeoJSON LineString Feature with a parallel list of ISO times."""
    worker = visible_worker(jurisdiction, username)
    start, end = local_day_bounds(day)
    fixes = (
        Position.objects.filter(user=worker, time__gte=start, time__lt=end, flags=0)
        .order_by("time")
        .values_list("time", "geom")
    )
    coords, times = [], []
    for moment, geom in fixes:
        coords.append([round(geom.x, 7), round(geom.y, 7)])
        times.append(moment.isoformat())
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {"user": username, "date": day.isoformat(), "times": times},
    }

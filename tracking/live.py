"""What the live map receives about workers: plain dicts for `realtime`, never models."""

import time

from accounts.privacy import visitor_view
from grids.models import GridMember, MemberRole
from realtime.broadcast import publish_now, publish_position
from tracking.models import DutySession, LatestPosition

__all__ = ["publish_latest", "publish_checkin", "workers_snapshot", "worker_item"]

_ON_DUTY_TTL = 5.0
_on_duty_cache: tuple[float, frozenset[int]] = (0.0, frozenset())

_OWN_GRID_TTL = 60.0
_own_grid_cache: dict[int, tuple[float, str]] = {}


def _own_grids(user_ids) -> dict[int, str]:
    """Each worker's own grid code, cached for a minute (memberships change rarely)."""
    now = time.monotonic()
    missing = [u for u in user_ids if u not in _own_grid_cache or _own_grid_cache[u][0] < now]
    if missing:
        found = dict(
            GridMember.objects.filter(user_id__in=missing, role__in=[MemberRole.WORKER, MemberRole.LEADER])
            .order_by("user_id", "-role")
            .values_list("user_id", "grid__code")
        )
        for user_id in missing:
            _own_grid_cache[user_id] = (now + _OWN_GRID_TTL, found.get(user_id, ""))
    return {u: _own_grid_cache[u][1] for u in user_ids}


def _on_duty() -> frozenset[int]:
    """Workers with an open duty session, re-read at most every few seconds (one small query)."""
    global _on_duty_cache
    now = time.monotonic()
    if _on_duty_cache[0] < now:
        users = frozenset(DutySession.objects.filter(ended_at__isnull=True).values_list("user_id", flat=True))
        _on_duty_cache = (now + _ON_DUTY_TTL, users)
    return _on_duty_cache[1]


def worker_item(user_id, time_, lon, lat, code, own_grid, battery=None, on_duty=False) -> dict:
    """A worker on the live map. `status`: on_duty, off_duty or outside (on duty, outside their
    grid); the map shows a fix older than 5 minutes as stale."""
    inside = bool(own_grid) and (code or "").startswith(own_grid)
    status = ("on_duty" if inside else "outside") if on_duty else "off_duty"
    return {
        "id": user_id,
        "lon": round(float(lon), 7),
        "lat": round(float(lat), 7),
        "time": time_.isoformat(),
        "code": code or "",
        "grid": (code or "")[:15],
        "own_grid": own_grid,
        "inside": inside,
        "status": status,
        "battery": battery,
    }


def publish_latest(latest: dict):
    """Queue a worker's new latest position (from ingest) for the next coalesced frame."""
    own = _own_grids([latest["user"]])[latest["user"]]
    publish_position(
        worker_item(
            latest["user"],
            latest["time"],
            latest["lon"],
            latest["lat"],
            latest["location_code"],
            own,
            latest.get("battery"),
            latest["user"] in _on_duty(),
        )
    )


def publish_checkin(checkin):
    """A check-in or check-out flashes on the map of whoever oversees the worker's grid."""
    global _on_duty_cache
    _on_duty_cache = (0.0, frozenset())  # duty just changed: re-read on the next position
    code = checkin.grid.code if checkin.grid_id else checkin.location_code
    publish_now(
        "checkin",
        code,
        {
            "id": checkin.pk,
            "user": checkin.user_id,
            "name": checkin.user.display_name,
            "kind": checkin.kind,
            "time": checkin.time.isoformat(),
            "lon": checkin.geom.x,
            "lat": checkin.geom.y,
            "inside": checkin.inside,
            "distance_m": round(checkin.distance_m, 1),
            "accepted": checkin.accepted,
            "code": code,
        },
    )


def workers_snapshot(prefix: str) -> dict:
    """The `positions` frame a map connection starts with: every worker's latest position inside
    the jurisdiction `prefix`."""
    rows = list(
        LatestPosition.objects.filter(location_code__startswith=prefix).values_list(
            "user_id", "time", "geom", "location_code", "battery"
        )
    )
    own, on_duty = _own_grids([r[0] for r in rows]), _on_duty()
    workers = [
        visitor_view(worker_item(u, t, g.x, g.y, code, own[u], battery, u in on_duty), prefix)
        for u, t, g, code, battery in rows
    ]
    return {"type": "positions", "snapshot": True, "workers": workers}

"""What the live map receives about workers: plain dicts for `realtime`, never models."""

import time

from grids.models import GridMember
from realtime.broadcast import publish_position
from tracking.models import LatestPosition

__all__ = ["publish_latest", "workers_snapshot", "worker_item"]

_OWN_GRID_TTL = 60.0
_own_grid_cache: dict[int, tuple[float, str]] = {}


def _own_grids(user_ids) -> dict[int, str]:
    """Each worker's own grid code, cached for a minute (memberships change rarely)."""
    now = time.monotonic()
    missing = [u for u in user_ids if u not in _own_grid_cache or _own_grid_cache[u][0] < now]
    if missing:
        found = dict(GridMember.objects.filter(user_id__in=missing, role__in=["worker", "leader"])
                     .order_by("user_id", "-role").values_list("user_id", "grid__code"))
        for user_id in missing:
            _own_grid_cache[user_id] = (now + _OWN_GRID_TTL, found.get(user_id, ""))
    return {u: _own_grid_cache[u][1] for u in user_ids}


def worker_item(user_id, time_, lon, lat, code, own_grid, battery=None) -> dict:
    inside = bool(own_grid) and (code or "").startswith(own_grid)
    return {
        "id": user_id, "lon": round(float(lon), 7), "lat": round(float(lat), 7), "time": time_.isoformat(),
        "code": code or "", "grid": (code or "")[:15], "own_grid": own_grid, "inside": inside,
        "battery": battery,
    }


def publish_latest(latest: dict):
    """Queue a worker's new latest position (from ingest) for the next coalesced frame."""
    own = _own_grids([latest["user"]])[latest["user"]]
    publish_position(worker_item(latest["user"], latest["time"], latest["lon"], latest["lat"],
                                 latest["location_code"], own, latest.get("battery")))


def workers_snapshot(prefix: str) -> dict:
    """The `positions` frame a map connection starts with: every worker's latest position inside
    the jurisdiction `prefix`."""
    rows = list(LatestPosition.objects.filter(location_code__startswith=prefix)
                .values_list("user_id", "time", "geom", "location_code", "battery"))
    own = _own_grids([r[0] for r in rows])
    workers = [worker_item(u, t, g.x, g.y, code, own[u], battery) for u, t, g, code, battery in rows]
    return {"type": "positions", "snapshot": True, "workers": workers}

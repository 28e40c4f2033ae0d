"""Per-worker statistics over the day-partitioned fixes table, in one parameterised SQL statement.

Raw SQL because it needs window functions over consecutive fixes (lag/lead) aggregated per worker,
which the ORM cannot nest; the time bounds are parameters so PostgreSQL prunes partitions.
Metres in settings.METRIC_SRID, seconds; only good fixes (flags = 0) count."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection

from tracking import conf

__all__ = ["FixStats", "fix_stats"]

_SQL = """
WITH own AS (
    SELECT * FROM unnest(%(users)s::int8[], %(grids)s::int8[]) AS own(user_id, grid_id)
), p AS (
    SELECT user_id, time, grid_id, h3, ST_Transform(geom, %(srid)s) AS g
    FROM tracking_position
    WHERE user_id = ANY(%(users)s::int8[]) AND time >= %(start)s AND time < %(end)s AND flags = 0
), f AS (
    SELECT p.*, lag(g) OVER w AS prev_g, lead(time) OVER w AS next_time
    FROM p WINDOW w AS (PARTITION BY user_id ORDER BY time)
)
SELECT f.user_id,
    count(*) AS fixes,
    coalesce(sum(ST_Distance(f.prev_g, f.g)), 0) AS length_m,
    coalesce(sum(least(extract(epoch FROM f.next_time - f.time), %(gap)s))
             FILTER (WHERE f.next_time IS NOT NULL AND f.grid_id = own.grid_id), 0) AS inside_s,
    coalesce(sum(least(extract(epoch FROM f.next_time - f.time), %(gap)s))
             FILTER (WHERE f.next_time IS NOT NULL), 0) AS tracked_s,
    coalesce(array_agg(DISTINCT f.h3) FILTER (WHERE f.h3 IS NOT NULL), '{}') AS cells
FROM f JOIN own ON own.user_id = f.user_id
GROUP BY f.user_id
"""


@dataclass
class FixStats:
    fixes: int = 0
    length_m: float = 0.0  # the polyline through the good fixes, metres in METRIC_SRID
    inside_s: float = 0.0  # time from each fix to the next (capped) when the fix was in the own grid
    tracked_s: float = 0.0  # the same, wherever the fix was
    cells: set[int] = field(default_factory=set)  # distinct H3 res-10 cells


def fix_stats(own_grids: dict[int, int], start: datetime, end: datetime) -> dict[int, FixStats]:
    """Statistics of each worker's good fixes in [start, end), for `own_grids` = {user_id: grid_id}.
    Gaps between fixes count at most conf.PATROL_MAX_GAP_SECONDS, as in patrols."""
    out = {uid: FixStats() for uid in own_grids}
    if not own_grids:
        return out
    params = {
        "users": list(own_grids),
        "grids": list(own_grids.values()),
        "start": start,
        "end": end,
        "srid": settings.METRIC_SRID,
        "gap": float(conf.PATROL_MAX_GAP_SECONDS),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        for uid, fixes, length, inside, tracked, cells in cursor.fetchall():
            out[uid] = FixStats(fixes, float(length), float(inside), float(tracked), set(cells))
    return out

"""The daily summary of micro-grid coverage (MicroGridDay) and the marks of late days (LateDay).

At 10M fixes a day, the micro-grids a worker touched in a month cannot be read from the month's
fixes every hour. Instead each local day's distinct (worker, micro-grid) pairs of good fixes are
kept per worker and day, rewritten by the summary refresh (screens.refresh_days, every 2 minutes for
today and yesterday); coverage over a period is a union of those rows. Fixes that arrive for an older
day mark it late (ingest), and the next refresh recomputes that day as well."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import connection

from tracking.days import local_day_bounds, local_tz
from tracking.models import LateDay, MicroGridDay

__all__ = ["refresh_micro_days", "visited_on", "visited", "mark_late", "late_days_of", "take_late_days"]


_SUMMARISE = """
INSERT INTO tracking_microgridday (user_id, day, micro_grids)
SELECT user_id, %(day)s, array_agg(DISTINCT micro_grid_id ORDER BY micro_grid_id)
FROM tracking_position
WHERE time >= %(start)s AND time < %(end)s AND flags = 0 AND micro_grid_id IS NOT NULL
GROUP BY user_id
"""


def refresh_micro_days(days) -> None:
    """Rewrite the MicroGridDay rows of `days` from their good fixes (flags 0): per day, one
    statement over one daily partition — no fix passes through Python."""
    for day in days:
        start, end = local_day_bounds(day)
        MicroGridDay.objects.filter(day=day).delete()
        with connection.cursor() as cursor:
            cursor.execute(_SUMMARISE, {"day": day, "start": start, "end": end})


def visited_on(day: date) -> set[int]:
    """The micro-grids any worker touched on `day`, from the summary."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT unnest(micro_grids) FROM tracking_microgridday WHERE day = %s", [day])
        return {row[0] for row in cursor.fetchall()}


def visited(start: date, end: date) -> dict[int, set[int]]:
    """Micro-grid ids each worker touched on the local days [start, end), from the summary."""
    out: dict[int, set[int]] = defaultdict(set)
    for uid, mids in MicroGridDay.objects.filter(day__gte=start, day__lt=end).values_list("user_id", "micro_grids"):
        out[uid].update(mids)
    return out


def late_days_of(times: list[datetime], now: datetime) -> set[date]:
    """The local days before yesterday among `times` (aware datetimes); the common case (nothing
    that old) costs one min()."""
    tz = local_tz()
    cut = local_day_bounds(now.astimezone(tz).date() - timedelta(days=1))[0]
    if not times or min(times) >= cut:
        return set()
    return {t.astimezone(tz).date() for t in times if t < cut}


def mark_late(days, now: datetime) -> None:
    if days:
        LateDay.objects.bulk_create([LateDay(day=d, marked_at=now) for d in days], ignore_conflicts=True)


def take_late_days() -> list[date]:
    """The marked days, unmarked (inside the refresh's transaction: a failed refresh keeps them)."""
    rows = list(LateDay.objects.select_for_update(skip_locked=True).order_by("day").values_list("day", flat=True))
    LateDay.objects.filter(day__in=rows).delete()
    return rows

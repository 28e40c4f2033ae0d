"""The daily summary of micro-grid coverage (MicroGridDay) and the marks of late days (LateDay).

At 10M fixes a day, the micro-grids a worker touched in a month cannot be read from the month's
fixes every hour. Instead each local day's distinct (worker, micro-grid) pairs of good fixes are
kept per worker and day, rewritten by the summary refresh (screens.refresh_days, every 2 minutes for
today and yesterday); coverage over a period is a union of those rows. Fixes that arrive for an older
day mark it late (ingest), and the next refresh recomputes that day as well."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from tracking.days import local_day_bounds, local_tz
from tracking.models import LateDay, MicroGridDay, Position

__all__ = ["scan_day", "store_day", "refresh_micro_days", "visited", "mark_late", "late_days_of", "take_late_days"]


def scan_day(day: date) -> list[tuple[int, int]]:
    """Distinct (user id, micro-grid id) of the day's good fixes (flags 0): one pass over one
    daily partition."""
    start, end = local_day_bounds(day)
    return list(
        Position.objects.filter(time__gte=start, time__lt=end, flags=0, micro_grid_id__isnull=False)
        .values_list("user_id", "micro_grid_id")
        .distinct()
    )


def store_day(day: date, pairs: list[tuple[int, int]]) -> int:
    """Replace the day's MicroGridDay rows with `pairs` (call inside the refresh's transaction)."""
    per_user: dict[int, list[int]] = defaultdict(list)
    for uid, mid in pairs:
        per_user[uid].append(mid)
    MicroGridDay.objects.filter(day=day).delete()
    MicroGridDay.objects.bulk_create(
        [MicroGridDay(user_id=uid, day=day, micro_grids=sorted(mids)) for uid, mids in per_user.items()],
        batch_size=5000,
    )
    return len(per_user)


def refresh_micro_days(days) -> None:
    """Scan and store `days` alone (the screens' refresh does both as part of its own pass)."""
    for day in days:
        store_day(day, scan_day(day))


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

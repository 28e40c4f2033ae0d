"""Event statistics for the big screen, cut to a jurisdiction. Days and years are local
(settings.TIME_ZONE); durations are hours."""

from datetime import datetime, time

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from events.models import Event
from events.workflow import FINISHED, OPEN
from geo.jurisdiction import Jurisdiction

__all__ = ["event_stats", "overdue_by_street"]


def event_stats(jurisdiction: Jurisdiction, now: datetime | None = None) -> dict:
    """Counts today / this year / in total, open and overdue; the average time from report to
    close of finished events (closed or self-handled), in hours; today's close rate = the share of
    events reported today that are finished now (None without events today); counts by category,
    street and department (largest first)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    day = timezone.localdate(now, tz)
    today = datetime.combine(day, time.min, tz)
    year = datetime.combine(day.replace(month=1, day=1), time.min, tz)
    events = Event.objects.visible_to(jurisdiction).filter(created_at__lte=now)
    finished = Q(status__in=FINISHED)
    totals = events.aggregate(
        n_total=Count("pk"),
        n_today=Count("pk", filter=Q(created_at__gte=today)),
        n_this_year=Count("pk", filter=Q(created_at__gte=year)),
        n_open=Count("pk", filter=Q(status__in=OPEN)),
        n_overdue=Count("pk", filter=Q(status__in=OPEN, overdue=True)),
        n_supervised=Count("pk", filter=Q(status__in=OPEN, supervised=True)),
        n_finished_today=Count("pk", filter=finished & Q(closed_at__gte=today)),
        n_today_finished=Count("pk", filter=finished & Q(created_at__gte=today)),
        avg_close=Avg(F("closed_at") - F("created_at"), filter=finished & Q(closed_at__isnull=False)),
    )
    avg = totals.pop("avg_close")
    # aggregate names may not shadow model fields (overdue, supervised), hence the n_ prefix
    totals = {key[2:]: value for key, value in totals.items()}
    reported_today_finished = totals.pop("today_finished")
    totals["avg_close_hours"] = round(avg.total_seconds() / 3600, 2) if avg is not None else None
    totals["close_rate_today"] = round(reported_today_finished / totals["today"], 4) if totals["today"] else None

    def by(code, name):
        rows = events.values(code, name).annotate(count=Count("pk")).order_by("-count", code)
        return [{"code": r[code], "name": r[name], "count": r["count"]} for r in rows]

    return {
        **totals,
        "by_category": by("category__code", "category__name"),
        "by_street": by("street__code", "street__name"),
        "by_department": by("department__code", "department__name"),
    }


def overdue_by_street() -> list[tuple[tuple[str], int]]:
    """For /metrics: ((street code,), open overdue events) — '' for events outside any street."""
    rows = (
        Event.objects.open()
        .filter(overdue=True)
        .values("street__code")
        .annotate(n=Count("pk"))
        .order_by("street__code")
    )
    return [((row["street__code"] or "",), row["n"]) for row in rows]

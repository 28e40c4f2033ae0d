"""The operators' overview of the day (态势总览), cut to a jurisdiction: today's events (new, closed,
overdue, supervised), the on-duty rate per street, on-duty workers outside their grid and a live
alert list (overdue events, urgent events, workers gone silent while on duty), each alert with the
place to fly to (WGS84 degrees).

Every figure is an SQL aggregate (a handful of grouped queries, no per-row work in Python). The
answer is cached per jurisdiction for conf.OVERVIEW_CACHE_SECONDS in Django's cache (Redis when
REDIS_URL is set); an event change (events/live.py) bumps a generation number that every key
carries, so the next read after a change is computed afresh in every process. Days are local
(settings.TIME_ZONE)."""

from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import Left
from django.utils import timezone

from accounts.models import person_name
from events import conf
from events.models import Event, Priority
from events.workflow import FINISHED, OPEN
from geo.jurisdiction import Jurisdiction
from geo.models import AdminArea
from grids.models import GridMember
from tracking.duty import DUTY_ROLES
from tracking.models import DutySession

__all__ = ["overview", "compute_overview", "overview_changed", "URGENT_PRIORITY"]

URGENT_PRIORITY = Priority.URGENT  # 紧急 and 特急 (and above)
_GENERATION_KEY = "overview:generation"


def _today_start(now: datetime) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(timezone.localdate(now, tz), time.min, tz)


def event_counts(jurisdiction: Jurisdiction, now: datetime) -> dict:
    """new: reported today; closed: finished (closed or self-handled) today; overdue, supervised:
    open ones flagged now."""
    today = _today_start(now)
    return Event.objects.visible_to(jurisdiction).aggregate(
        new=Count("pk", filter=Q(created_at__gte=today)),
        closed=Count("pk", filter=Q(status__in=FINISHED, closed_at__gte=today)),
        n_overdue=Count("pk", filter=Q(status__in=OPEN, overdue=True)),
        n_supervised=Count("pk", filter=Q(status__in=OPEN, supervised=True)),
        urgent=Count("pk", filter=Q(status__in=OPEN, priority__gte=URGENT_PRIORITY)),
        open=Count("pk", filter=Q(status__in=OPEN)),
    )


def on_duty_by_street(jurisdiction: Jurisdiction) -> list[dict]:
    """Per street: grid workers and leaders of its grids, how many of them are on duty now (an open
    duty session) and the rate (None without workers)."""
    members = GridMember.objects.visible_to(jurisdiction).filter(role__in=DUTY_ROLES)
    rows = (
        members.annotate(street=Left("grid__code", 9))
        .values("street")
        .annotate(
            workers=Count("user", distinct=True),
            on_duty=Count(
                "user",
                distinct=True,
                filter=Q(user__duty_sessions__started_at__isnull=False, user__duty_sessions__ended_at__isnull=True),
            ),
        )
        .order_by("street")
    )
    names = dict(AdminArea.objects.filter(level="street").values_list("code", "name"))
    return [
        {
            "code": r["street"] + "000",
            "name": names.get(r["street"] + "000", r["street"]),
            "workers": r["workers"],
            "on_duty": r["on_duty"],
            "rate": round(r["on_duty"] / r["workers"], 4) if r["workers"] else None,
        }
        for r in rows
    ]


def _open_sessions(jurisdiction: Jurisdiction):
    return DutySession.objects.filter(jurisdiction.q("grid__code"), ended_at__isnull=True, grid__isnull=False)


def _worker(row: dict) -> dict:
    geom = row["user__latest_position__geom"]
    return {
        "id": row["user_id"],
        "name": person_name(row["user__first_name"], row["user__last_name"]) or row["user__username"],
        "grid": row["grid__code"],
        "lon": geom.x if geom else None,
        "lat": geom.y if geom else None,
        "time": row["user__latest_position__time"],
    }


_WORKER_FIELDS = (
    "user_id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "grid__code",
    "user__latest_position__geom",
    "user__latest_position__time",
)


def outside_workers(jurisdiction: Jurisdiction, limit: int) -> tuple[int, list[dict]]:
    """On-duty workers whose latest position lies outside the grid they checked in to."""
    rows = (
        _open_sessions(jurisdiction)
        .filter(user__latest_position__isnull=False)
        .exclude(user__latest_position__location_code__startswith=F("grid__code"))
    )
    listed = rows.order_by("-user__latest_position__time", "user_id").values(*_WORKER_FIELDS)[:limit]
    return rows.count(), [_worker(r) for r in listed]


def silent_workers(jurisdiction: Jurisdiction, now: datetime, limit: int) -> tuple[int, list[dict]]:
    """On-duty workers with no position for conf.OVERVIEW_SILENT_MINUTES (or none since they went
    on duty that long ago), longest silent first."""
    cutoff = now - timedelta(minutes=conf.OVERVIEW_SILENT_MINUTES)
    rows = _open_sessions(jurisdiction).filter(
        Q(user__latest_position__time__lt=cutoff) | Q(user__latest_position__isnull=True, started_at__lt=cutoff)
    )
    listed = rows.order_by(F("user__latest_position__time").asc(nulls_first=True), "user_id").values(*_WORKER_FIELDS)[
        :limit
    ]
    return rows.count(), [_worker(r) for r in listed]


def _event_alert(kind: str, e: dict) -> dict:
    return {
        "kind": kind,
        "id": e["pk"],
        "code": e["code"],
        "title": e["title"],
        "status": e["status"],
        "priority": e["priority"],
        "supervised": e["supervised"],
        "due_at": e["due_at"],
        "lon": e["point"].x,
        "lat": e["point"].y,
    }


def alerts(jurisdiction: Jurisdiction, now: datetime, limit: int) -> list[dict]:
    """Overdue events (longest overdue first), urgent open events not already listed (most urgent,
    newest first), then silent workers: at most `limit` of each kind."""
    fields = ("pk", "code", "title", "status", "priority", "supervised", "due_at", "point")
    open_events = Event.objects.visible_to(jurisdiction).filter(status__in=OPEN)
    overdue = open_events.filter(overdue=True).order_by("due_at", "pk").values(*fields)[:limit]
    urgent = (
        open_events.filter(priority__gte=URGENT_PRIORITY, overdue=False)
        .order_by("-priority", "-created_at", "-pk")
        .values(*fields)[:limit]
    )
    items = [_event_alert("overdue", e) for e in overdue] + [_event_alert("urgent", e) for e in urgent]
    _, silent = silent_workers(jurisdiction, now, limit)
    return items + [{"kind": "silent", **w} for w in silent]


def compute_overview(jurisdiction: Jurisdiction, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    limit = conf.OVERVIEW_ALERT_LIMIT
    counts = event_counts(jurisdiction, now)
    streets = on_duty_by_street(jurisdiction)
    outside, outside_list = outside_workers(jurisdiction, limit)
    silent, _ = silent_workers(jurisdiction, now, 0)
    workers = sum(s["workers"] for s in streets)
    on_duty = sum(s["on_duty"] for s in streets)
    return {
        "time": now,
        "events": {
            "new": counts["new"],
            "closed": counts["closed"],
            "overdue": counts["n_overdue"],
            "supervised": counts["n_supervised"],
            "urgent": counts["urgent"],
            "open": counts["open"],
        },
        "duty": {
            "workers": workers,
            "on_duty": on_duty,
            "rate": round(on_duty / workers, 4) if workers else None,
            "outside": outside,
            "silent": silent,
        },
        "streets": streets,
        "outside": outside_list,
        "alerts": alerts(jurisdiction, now, limit),
    }


def _key(jurisdiction: Jurisdiction) -> str:
    generation = cache.get_or_set(_GENERATION_KEY, 0, timeout=None)
    return f"overview:{generation}:{jurisdiction.prefix}"


def overview(jurisdiction: Jurisdiction) -> dict:
    """compute_overview, cached briefly per jurisdiction (dropped on any event change)."""
    key = _key(jurisdiction)
    found = cache.get(key)
    if found is None:
        found = compute_overview(jurisdiction)
        cache.set(key, found, timeout=conf.OVERVIEW_CACHE_SECONDS)
    return found


def overview_changed():
    """Every cached overview is stale (an event changed): the next read computes afresh."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not there yet (evicted, or a fresh cache)
        cache.set(_GENERATION_KEY, 1, timeout=None)

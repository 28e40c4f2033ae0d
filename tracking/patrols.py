"""Patrols: the track of a duty session, from the worker's good fixes (flags = 0) within it.

The geometry is tracking.tracks (pure); this module reads the fixes and stores the result, one
Patrol per session, recomputed idempotently: at check-out, and on demand while the session is
open or when fixes for it arrived after the last computation (a phone that synced late)."""

from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.contrib.gis.geos import LineString
from django.db.models import FloatField, Func

from tracking import conf
from tracking.models import DutySession, Patrol, Position
from tracking.tracks import summarise

__all__ = ["session_fixes", "compute_patrol", "patrol_for"]


def _end(session: DutySession, now: datetime) -> datetime:
    return session.ended_at or now


def _good_fixes(session: DutySession, end: datetime):
    return Position.objects.filter(user_id=session.user_id, flags=0, time__gte=session.started_at, time__lte=end)


def session_fixes(session: DutySession, now: datetime):
    """(times, lon, lat, grid_ids) of the worker's good fixes in the session, sorted by time."""
    rows = list(
        _good_fixes(session, _end(session, now))
        .order_by("time")
        .annotate(
            x=Func("geom", function="ST_X", output_field=FloatField()),
            y=Func("geom", function="ST_Y", output_field=FloatField()),
        )
        .values_list("time", "x", "y", "grid_id")
    )
    if not rows:
        return [], [], [], []
    times, lon, lat, grids = (list(c) for c in zip(*rows, strict=True))
    return times, lon, lat, grids


def compute_patrol(session: DutySession, now: datetime | None = None) -> Patrol:
    """(Re)compute and store the session's patrol."""
    now = now or datetime.now(dt_timezone.utc)
    times, lon, lat, grids = session_fixes(session, now)
    summary = summarise(
        times,
        lon,
        lat,
        [g == session.grid_id for g in grids],
        srid=settings.METRIC_SRID,
        max_gap_s=conf.PATROL_MAX_GAP_SECONDS,
        stop_seconds=conf.PATROL_STOP_MINUTES * 60,
        stop_radius_m=conf.PATROL_STOP_RADIUS_M,
    )
    track = LineString(list(zip(lon, lat, strict=True)), srid=4326) if len(lon) >= 2 else None
    patrol, _ = Patrol.objects.update_or_create(
        session=session,
        defaults={
            "track": track,
            "fixes": summary.fixes,
            "length_m": summary.length_m,
            "inside_s": summary.inside_s,
            "outside_s": summary.outside_s,
            "stops": [s.as_dict() for s in summary.stops],
            "computed_at": now,
        },
    )
    return patrol


def _stale(session: DutySession, patrol: Patrol) -> bool:
    """Whether good fixes arrived for the session since the patrol was computed (a phone that synced
    late). Fixes are only added, until retention drops them, when the stored patrol must stay: so
    more fixes than the patrol counted means recompute; fewer means keep."""
    return _good_fixes(session, session.ended_at).count() > patrol.fixes


def patrol_for(session: DutySession, now: datetime | None = None) -> Patrol:
    """The session's patrol: stored when the session is closed and nothing new arrived, else computed."""
    patrol = Patrol.objects.filter(session=session).first()
    if patrol is None or session.ended_at is None or _stale(session, patrol):
        patrol = compute_patrol(session, now)
    return patrol

"""Daily duty reports per worker, per grid and per street, cut to the requester's jurisdiction.

A worker is a grid member who patrols (DUTY_ROLES), reported in their first such grid. A fixed
number of queries whatever the number of workers: the members, one SQL pass over the fixes
(tracking.fix_stats), one aggregate each for duty sessions, visits and check-ins, the grid layer
version and the geometries of grids whose H3 cells are not cached yet. Metres in settings.METRIC_SRID; seconds;
shares as fractions 0–1; the day is a local day (TIME_ZONE).
"""

from collections import defaultdict
from datetime import date, datetime
from datetime import timezone as dt_timezone

from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from geo.errors import NotFound
from geo.models import AdminArea
from grids.models import Grid, GridMember, MemberRole
from tracking.coverage import cells_for_grids, share
from tracking.days import local_day_bounds
from tracking.duty import DUTY_ROLES
from tracking.fix_stats import fix_stats
from tracking.models import CheckIn, CheckInKind, DutySession, Visit

__all__ = ["worker_report", "grid_report", "street_report", "duty_seconds"]


def _members(jurisdiction, grid_code: str | None, street_code: str | None):
    members = GridMember.objects.visible_to(jurisdiction).filter(role__in=DUTY_ROLES)
    if grid_code:
        if not Grid.objects.visible_to(jurisdiction).filter(code=grid_code).exists():
            raise NotFound(f"网格 {grid_code} 不存在或不在您的辖区内 (no such grid in your jurisdiction)", field="grid")
        members = members.filter(grid__code=grid_code)
    if street_code:
        if not (
            jurisdiction.covers(street_code) and AdminArea.objects.filter(code=street_code, level="street").exists()
        ):
            raise NotFound(
                f"街道 {street_code} 不存在或不在您的辖区内 (no such street in your jurisdiction)", field="street"
            )
        members = members.filter(grid__street__code=street_code)
    return list(
        members.order_by("user_id", "id")
        .distinct("user_id")
        .select_related("user", "grid", "grid__street")
        .defer("grid__geom", "grid__street__geom")
    )


def duty_seconds(user_ids, start: datetime, cut: datetime) -> dict[int, float]:
    """Seconds each user spent in duty sessions within [start, cut); `user_ids=None`: every user."""
    if cut <= start:
        return {}
    clipped = ExpressionWrapper(
        Least(Coalesce("ended_at", Value(cut, output_field=DateTimeField())), Value(cut, output_field=DateTimeField()))
        - Greatest("started_at", Value(start, output_field=DateTimeField())),
        output_field=DurationField(),
    )
    rows = (
        DutySession.objects.filter(started_at__lt=cut)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .filter(Q() if user_ids is None else Q(user_id__in=user_ids))
        .values("user_id")
        .annotate(total=Sum(clipped))
        .values_list("user_id", "total")
    )
    return {uid: total.total_seconds() for uid, total in rows}


def _counts(model, user_ids, start, end, **filters) -> dict[int, int]:
    rows = (
        model.objects.filter(user_id__in=user_ids, time__gte=start, time__lt=end, **filters)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    return dict(rows)


def worker_report(jurisdiction, day: date, *, grid_code=None, street_code=None, now=None) -> list[dict]:
    """One row per worker for `day`, ordered by grid code, role and username."""
    now = now or datetime.now(dt_timezone.utc)
    start, end = local_day_bounds(day)
    members = _members(jurisdiction, grid_code, street_code)
    uids = [m.user_id for m in members]
    stats = fix_stats({m.user_id: m.grid_id for m in members}, start, end)
    duty = duty_seconds(uids, start, min(end, now))
    visits = _counts(Visit, uids, start, end, accepted=True)
    checkins = _counts(CheckIn, uids, start, end, kind=CheckInKind.IN)
    cells = cells_for_grids({m.grid_id for m in members})
    rows = []
    for m in sorted(members, key=lambda m: (m.grid.code, m.role != MemberRole.WORKER, m.user.username)):
        s, grid_cells = stats[m.user_id], cells.get(m.grid_id, frozenset())
        rows.append(
            {
                "user": m.user.username,
                "name": m.user.display_name,
                "role": m.role,
                "grid": m.grid.code,
                "grid_name": m.grid.name,
                "street": m.grid.street.code,
                "street_name": m.grid.street.name,
                "distance_m": round(s.length_m, 1),
                "duty_s": round(duty.get(m.user_id, 0.0)),
                "tracked_s": round(s.tracked_s),
                "inside_share": s.inside_s / s.tracked_s if s.tracked_s else None,
                "cells": len(grid_cells),
                "cells_visited": len(grid_cells & s.cells),
                "coverage": share(grid_cells, s.cells),
                "visits": visits.get(m.user_id, 0),
                "checkins": checkins.get(m.user_id, 0),
            }
        )
    return rows


def _summarise(rows: list[dict]) -> dict:
    n = len(rows)
    return {
        "workers": n,
        "on_duty": sum(1 for r in rows if r["duty_s"] > 0),
        "distance_m": round(sum(r["distance_m"] for r in rows), 1),
        "mean_coverage": sum(r["coverage"] for r in rows) / n if n else 0.0,
        "visits": sum(r["visits"] for r in rows),
        "checkins": sum(r["checkins"] for r in rows),
    }


def grid_report(jurisdiction, day: date, *, street_code=None, now=None) -> list[dict]:
    """One row per grid with workers: workers, on-duty workers, distance, mean coverage, visits, check-ins."""
    by_grid = defaultdict(list)
    for row in worker_report(jurisdiction, day, street_code=street_code, now=now):
        by_grid[(row["grid"], row["grid_name"], row["street"])].append(row)
    return [
        {"grid": code, "name": name, "street": street, **_summarise(rows)}
        for (code, name, street), rows in sorted(by_grid.items())
    ]


def street_report(jurisdiction, day: date, *, now=None) -> list[dict]:
    """One row per street: grids with workers, and the grid summary's totals."""
    by_street = defaultdict(list)
    for row in worker_report(jurisdiction, day, now=now):
        by_street[(row["street"], row["street_name"])].append(row)
    return [
        {"street": code, "name": name, "grids": len({r["grid"] for r in rows}), **_summarise(rows)}
        for (code, name), rows in sorted(by_street.items())
    ]

"""Fixtures for the assessment tests: a demo grid of street 001 with its worker and leader, today's
partitions, a period for the current month, and helpers that lay down duty sessions, visits, fixes
and events for it. Times are fixed hours of today (local), and `now` is 20:00 today, so the data
falls in the period whatever the hour the tests run."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.models import User
from assessment.models import Period
from assessment.services import create_period, period_dates
from events.models import Event
from events.services import report_event
from grids.models import Grid, GridMember
from tracking.days import local_day_bounds, local_today
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.micro_days import refresh_micro_days
from tracking.models import CheckIn, Device, DutySession, Visit
from tracking.partitions import ensure_partitions


@pytest.fixture
def today():
    start = local_day_bounds(local_today())[0]
    return SimpleNamespace(at=lambda hours: start + timedelta(hours=hours), now=start + timedelta(hours=20))


@pytest.fixture
def site(db):
    ensure_partitions()
    grid = Grid.objects.filter(code__startswith="320411001").order_by("code").first()
    people = {m.role: m.user for m in GridMember.objects.filter(grid=grid).select_related("user")}
    return SimpleNamespace(grid=grid, worker=people["worker"], leader=people["leader"])


@pytest.fixture
def period(db):
    """This month's period (the demo step made it already; made here when the demo lacks it)."""
    start, _, _ = period_dates("month", local_today())
    return Period.objects.filter(kind="month", start=start).first() or create_period("month", local_today())


@pytest.fixture
def district_op(db):
    return User.objects.get(username="district")


def on_duty(user, grid, start, hours):
    """A finished duty session of `hours` from `start` (its check-in and check-out rows)."""
    point = grid.geom.point_on_surface
    common = dict(user=user, geom=point, grid=grid, location_code=grid.code, inside=True, distance_m=0, accepted=True)
    checkin = CheckIn.objects.create(kind="in", time=start, **common)
    checkout = CheckIn.objects.create(kind="out", time=start + timedelta(hours=hours), **common)
    return DutySession.objects.create(
        user=user,
        grid=grid,
        started_at=start,
        ended_at=start + timedelta(hours=hours),
        checkin=checkin,
        checkout=checkout,
    )


def visit(user, grid, time, accepted=True):
    place_code = grid.code + "001"
    return Visit.objects.create(
        user=user, target_kind="place", target_id=1, time=time, location_code=place_code, accepted=accepted
    )


def walk(user, micro_grids, start, now):
    """One good fix inside each of `micro_grids`, a minute apart, through the real intake; then the
    day's micro-grid summary refreshed (as the periodic summary refresh would)."""
    device = Device.objects.filter(user=user).first() or Device.objects.create(user=user)
    fixes = []
    for i, mg in enumerate(micro_grids):
        p = mg.geom.point_on_surface
        fixes.append(Fix(time=start + timedelta(minutes=i), lon=p.x, lat=p.y, accuracy_m=5))
    result = record_fixes(device, fixes, "test", now=now)
    assert result.accepted == len(fixes)
    refresh_micro_days({timezone.localdate(f.time) for f in fixes})


def event(grid, reporter, created, *, status=None, due=None, closed=None):
    """An event reported in `grid` through the intake, then put in a given state."""
    p = grid.micro_grids.order_by("code").first().geom.point_on_surface
    e = report_event(
        title="邻里纠纷", description="", category="dispute.neighbour", lon=p.x, lat=p.y, reporter=reporter, now=created
    )
    Event.objects.filter(pk=e.pk).update(status=status or e.status, due_at=due, closed_at=closed, created_at=created)
    return Event.objects.get(pk=e.pk)


@pytest.fixture
def helpers():
    return SimpleNamespace(on_duty=on_duty, visit=visit, walk=walk, event=event, point=Point)

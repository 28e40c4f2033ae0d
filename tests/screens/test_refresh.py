"""The summary tables equal the source tables: the refresh counts each row in its grid, community,
street and the district, for the day it happened; the state now and the hot spots likewise."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.workflow import OPEN
from grids.models import Grid, MicroGrid
from screens.models import AreaDay, AreaNow, HotCell
from screens.services import refresh


def _day(code, day):
    return AreaDay.objects.filter(code=code, day=day).first()


@pytest.fixture
def activity(site, other_site, today, new_event):
    """Street 001: 3 events today (one closed after 2 h, one overdue 12345 case, one open); street
    002: one event yesterday."""
    grid = site.grid
    new_event(grid, site.worker, today.at(1), status="closed", closed_at=today.at(3))
    new_event(grid, None, today.at(2), source="hotline_12345", category="livelihood.assistance", overdue=True)
    new_event(grid, site.worker, today.at(3), category="public_order.security")
    new_event(other_site.grid, other_site.worker, today.at(-20))
    return site


def test_events_are_counted_in_every_area_above_them(activity, today):
    now = today.at(6)
    refresh(now)
    grid = activity.grid.code
    for code in (grid, grid[:12], grid[:9] + "000"):
        row = _day(code, today.day)
        assert row.events_reported == 3
        assert row.reported_finished == 1 and row.events_finished == 1
        assert row.close_hours == pytest.approx(2)
        assert row.events_by_kind == {"dispute": 1, "other": 1, "public_order": 1}  # 社会救助 is not a risk
        assert row.events_by_source == {"worker": 2, "hotline_12345": 1}
    start = today.at(0)
    district = _day("320411000000", today.day)
    assert district.events_reported == Event.objects.filter(created_at__gte=start, created_at__lt=now).count()
    assert (
        _day("320411002000", today.day - timedelta(days=1)).events_reported
        == Event.objects.filter(
            location_code__startswith="320411002", created_at__gte=start - timedelta(days=1), created_at__lt=start
        ).count()
    )


def test_the_state_now_equals_the_source_tables(activity, today):
    refresh(today.at(6))
    street = AreaNow.objects.get(code="320411001000")
    events = Event.objects.filter(location_code__startswith="320411001")
    assert street.open_events == events.filter(status__in=OPEN).count()
    assert street.overdue == events.filter(status__in=OPEN, overdue=True).count()
    assert street.overdue_city == 1
    assert street.grids == Grid.objects.filter(code__startswith="320411001").count()
    assert street.microgrids == MicroGrid.objects.filter(code__startswith="320411001").count()
    district = AreaNow.objects.get(code="320411000000")
    assert district.grids == Grid.objects.count()
    assert district.communities == AreaNow.objects.filter(level="community").count()
    assert district.open_events == Event.objects.filter(status__in=OPEN, location_code__startswith="320411").count()
    hot = HotCell.objects.filter(code=activity.grid.code)
    assert (
        sum(h.events for h in hot)
        == Event.objects.filter(
            location_code__startswith=activity.grid.code, created_at__gte=timezone.now() - timedelta(days=90)
        ).count()
    )
    assert sum(h.city for h in hot) == 1


def test_patrols_visits_and_check_ins_of_the_day(site, today):
    """A worker checks in at 08:00 (a duty session of 4 h), visits twice (one refused) and walks
    through 3 micro-grids: counted in the grid and every area above it."""
    from datetime import timedelta

    from tracking.fixes import Fix
    from tracking.ingest import record_fixes
    from tracking.models import CheckIn, Device, DutySession, Visit

    grid, worker = site.grid, site.worker
    point = grid.geom.point_on_surface
    common = dict(user=worker, geom=point, grid=grid, location_code=grid.code, inside=True, distance_m=0)
    checkin = CheckIn.objects.create(kind="in", time=today.at(8), accepted=True, **common)
    CheckIn.objects.create(kind="in", time=today.at(7), accepted=False, **common)
    DutySession.objects.create(user=worker, grid=grid, started_at=today.at(8), ended_at=today.at(12), checkin=checkin)
    for h, ok in ((9, True), (10, True), (11, False)):
        Visit.objects.create(
            user=worker,
            target_kind="house",
            target_id=h,
            time=today.at(h),
            location_code=grid.code + "001",
            accepted=ok,
        )
    device = Device.objects.filter(user=worker).first()
    micro = list(grid.micro_grids.order_by("code")[:3])
    fixes = [
        Fix(
            time=today.at(9) + timedelta(minutes=i),
            lon=m.geom.point_on_surface.x,
            lat=m.geom.point_on_surface.y,
            accuracy_m=5,
        )
        for i, m in enumerate(micro)
    ]
    record_fixes(device, fixes, "test", now=today.at(13))
    refresh(today.at(13))
    for code in (grid.code, grid.code[:12], grid.code[:9] + "000"):
        row = _day(code, today.day)
        assert (row.patrols, row.duty_hours) == (1, 4)
        assert (row.visits, row.visits_by_kind) == (2, {"house": 2})
        assert (row.checkins, row.checkins_accepted) == (2, 1)
        assert row.microgrids_visited == 3

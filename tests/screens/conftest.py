"""Fixtures for the screens tests: a demo grid of street 001 with its worker and leader, a helper
reporting events through the real intake at a given time, and today's hours (local)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from events.models import Event
from events.services import report_event
from grids.models import Grid, GridMember
from tracking.days import local_day_bounds, local_today
from tracking.partitions import ensure_partitions


@pytest.fixture
def today():
    start = local_day_bounds(local_today())[0]
    return SimpleNamespace(day=local_today(), at=lambda hours: start + timedelta(hours=hours))


def _site(prefix):
    grid = Grid.objects.filter(code__startswith=prefix).order_by("code").first()
    people = {m.role: m.user for m in GridMember.objects.filter(grid=grid).select_related("user")}
    return SimpleNamespace(grid=grid, worker=people["worker"], leader=people["leader"])


@pytest.fixture
def site(db):
    ensure_partitions()
    return _site("320411001")


@pytest.fixture
def other_site(db):
    return _site("320411002")


@pytest.fixture
def new_event():
    def make(grid, reporter, created, *, category="dispute.neighbour", source="worker", **state):
        p = grid.micro_grids.order_by("code").first().geom.point_on_surface
        e = report_event(
            title="测试事项",
            description="",
            category=category,
            lon=p.x,
            lat=p.y,
            reporter=reporter,
            source=source,
            now=created,
        )
        if state:
            Event.objects.filter(pk=e.pk).update(**state)
        return Event.objects.get(pk=e.pk)

    return make

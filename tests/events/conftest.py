"""Fixtures for the events tests: a demo grid with its worker and leader, the street operators,
extra users for roles the demo lacks (leader, department staff), and a helper that reports events
through the real intake service. Photos go to a temporary MEDIA_ROOT."""

from types import SimpleNamespace

import pytest

from accounts.models import Role, User
from events.models import Department, DepartmentMember
from events.services import report_event
from grids.models import Grid, GridMember


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_user(db):
    def make(username, role, jurisdiction_code="", department=None):
        user = User.objects.create(
            username=username, role=role, jurisdiction_code=jurisdiction_code, first_name=username
        )
        if department:
            DepartmentMember.objects.create(user=user, department=Department.objects.get(code=department))
        return user

    return make


def _site_for(grid):
    people = {m.role: m.user for m in GridMember.objects.filter(grid=grid).select_related("user")}
    point = grid.micro_grids.order_by("code").first().geom.point_on_surface
    street_code = grid.code[:9] + "000"
    return SimpleNamespace(
        grid=grid,
        worker=people["worker"],
        leader=people["leader"],
        point=point,
        lon=point.x,
        lat=point.y,
        street_code=street_code,
        street_op=User.objects.get(role=Role.STREET_OPERATOR, jurisdiction_code=street_code),
    )


@pytest.fixture
def site(db):
    """The first demo grid of street 001 (its worker, leader, a point inside it, its street operator)."""
    return _site_for(Grid.objects.filter(code__startswith="320411001").order_by("code").first())


@pytest.fixture
def other_site(db):
    """A grid in another street (002)."""
    return _site_for(Grid.objects.filter(code__startswith="320411002").order_by("code").first())


@pytest.fixture
def district_op(db):
    return User.objects.get(username="district")


@pytest.fixture
def new_event(site):
    """`new_event(**overrides)` → an event reported through the intake service (default: a neighbour
    dispute at the site's point, reported by its worker; no photo needed)."""

    def make(**overrides):
        args = dict(
            title="邻里噪音纠纷",
            description="楼上夜间噪音",
            category="dispute.neighbour",
            lon=site.lon,
            lat=site.lat,
            crs="wgs84",
            source="worker",
            reporter=site.worker,
        )
        args.update(overrides)
        return report_event(**args)

    return make

"""Visits (寻访打卡) proven by the worker's fixes near the place, on real PostGIS."""

from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.gis.geos import Point
from duty_support import lay_fixes, offset

from grids.models import Place
from grids.services import create_place
from tracking.models import Visit

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)
VISITS = "/api/v1/visits"


@pytest.fixture
def place(point_in_own_grid):
    _, p = point_in_own_grid
    return create_place(kind="key_place", name="测试重点场所", geom=Point(p.x, p.y, srid=4326))


@pytest.fixture
def api(worker_device, api_as):
    return api_as(worker_device.user.username)


def test_a_visit_with_a_fix_50_m_away_is_accepted(worker_device, place, api):
    at = NOW - timedelta(minutes=20)
    lay_fixes(worker_device, [offset(place.point.x, place.point.y, dx=50)], at - timedelta(minutes=3))

    r = api.post(VISITS, {"place": place.pk, "note": "走访", "time": at.isoformat()}, format="json")

    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["accepted"] is True and body["reason"] == ""
    assert body["proof_distance_m"] == pytest.approx(50, abs=0.5)
    visit = Visit.objects.get(pk=body["id"])
    assert visit.user == worker_device.user and visit.location_code == place.location_code


def test_a_visit_whose_nearest_fix_is_300_m_away_is_stored_refused(worker_device, place, api):
    at = NOW - timedelta(minutes=20)
    lay_fixes(
        worker_device,
        [offset(place.point.x, place.point.y, dy=300), offset(place.point.x, place.point.y, dy=450)],
        at - timedelta(minutes=5),
        step_s=300,
    )

    body = api.post(VISITS, {"place": place.pk, "time": at.isoformat()}, format="json").json()

    assert body["accepted"] is False and "300" in body["reason"]
    assert body["proof_distance_m"] == pytest.approx(300, abs=0.5)
    assert Visit.objects.filter(user=worker_device.user, accepted=False).count() == 1


def test_fixes_outside_the_window_or_flagged_prove_nothing(worker_device, place, api):
    at = NOW - timedelta(minutes=30)
    lay_fixes(worker_device, [(place.point.x, place.point.y)], at - timedelta(minutes=15))
    lay_fixes(worker_device, [(place.point.x, place.point.y, 500.0)], at)

    body = api.post(VISITS, {"place": place.pk, "time": at.isoformat()}, format="json").json()

    assert body["accepted"] is False and body["proof_distance_m"] is None and body["reason"]


def test_a_visit_defaults_to_now(worker_device, place, api):
    lay_fixes(worker_device, [(place.point.x, place.point.y)], datetime.now(timezone.utc) - timedelta(minutes=2))
    body = api.post(VISITS, {"place": place.pk}, format="json").json()
    assert body["accepted"] is True and body["proof_distance_m"] == pytest.approx(0, abs=0.01)


def test_a_place_outside_the_workers_jurisdiction_is_not_found(worker_device, point_in_own_grid, api):
    grid, _ = point_in_own_grid
    elsewhere = Place.objects.exclude(location_code__startswith=grid.code).exclude(location_code="").first()

    r = api.post(VISITS, {"place": elsewhere.pk}, format="json")

    assert r.status_code == 404 and r.json()["field"] == "place"
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"place": "abc"}, "place"),
        ({}, "place"),
        ({"time": timedelta(minutes=10)}, "time"),  # from now, when the test runs
    ],
)
def test_bad_visit_input_is_a_400_naming_the_field(place, api, data, field):
    data = {k: (datetime.now(timezone.utc) + v).isoformat() if isinstance(v, timedelta) else v for k, v in data.items()}
    payload = {"place": place.pk, **data} if data and "place" not in data else data

    r = api.post(VISITS, payload, format="json")

    assert r.status_code == 400 and r.json()["field"] == field

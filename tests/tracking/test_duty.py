"""Check-in / check-out (签到签退) through the API on real PostGIS: inside and outside the grid with
the distance checked independently (shapely + pyproj), the tolerance, conflicts and bad input."""

from datetime import datetime, timedelta, timezone

import pytest
from duty_support import distance_to_grid_m, east_of

from geo.crs import wgs84_to_gcj02
from tracking import conf
from tracking.models import CheckIn, DutySession, Patrol

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)
CHECKIN = "/api/v1/duty/checkin"
CHECKOUT = "/api/v1/duty/checkout"
STATUS = "/api/v1/duty/status"


@pytest.fixture
def worker(worker_device, api_as):
    return worker_device.user, api_as(worker_device.user.username)


def test_a_check_in_inside_the_grid_opens_a_session(worker, point_in_own_grid):
    user, api = worker
    grid, p = point_in_own_grid

    r = api.post(CHECKIN, {"lon": p.x, "lat": p.y, "accuracy_m": 6}, format="json")

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["accepted"] is True and body["on_duty"] is True
    assert body["checkin"]["inside"] is True and body["checkin"]["distance_m"] == 0
    assert body["checkin"]["grid"] == grid.code and body["checkin"]["location_code"].startswith(grid.code)
    session = DutySession.objects.get(user=user)
    assert session.ended_at is None and session.grid == grid and body["session"]["id"] == session.pk
    status = api.get(STATUS).json()
    assert status["on_duty"] is True and status["session"] == session.pk
    assert status["grid"]["code"] == grid.code and status["since"]


def test_a_check_in_outside_within_the_tolerance_is_accepted_with_its_distance(worker, point_in_own_grid):
    user, api = worker
    grid, _ = point_in_own_grid
    lon, lat = east_of(grid, 150)

    body = api.post(CHECKIN, {"lon": lon, "lat": lat}, format="json").json()

    assert body["accepted"] is True and body["on_duty"] is True
    assert body["checkin"]["inside"] is False
    assert body["checkin"]["distance_m"] == pytest.approx(distance_to_grid_m(grid, lon, lat), abs=0.5)
    assert body["checkin"]["distance_m"] == pytest.approx(150, abs=0.5)
    assert "150" in body["message"]


def test_a_check_in_beyond_the_tolerance_is_stored_refused_and_opens_nothing(worker, point_in_own_grid):
    user, api = worker
    grid, _ = point_in_own_grid
    lon, lat = east_of(grid, 320)

    r = api.post(CHECKIN, {"lon": lon, "lat": lat}, format="json")

    assert r.status_code == 200
    body = r.json()
    assert body["accepted"] is False and body["on_duty"] is False and body["session"] is None
    assert "未生效" in body["message"]
    stored = CheckIn.objects.get(user=user)
    assert (stored.kind, stored.inside, stored.accepted) == ("in", False, False)
    assert stored.distance_m == pytest.approx(distance_to_grid_m(grid, lon, lat), abs=0.5)
    assert not DutySession.objects.filter(user=user).exists()
    assert api.get(STATUS).json()["on_duty"] is False


def test_the_tolerance_is_a_setting(worker, point_in_own_grid, monkeypatch):
    _, api = worker
    grid, _ = point_in_own_grid
    monkeypatch.setattr(conf, "CHECKIN_TOLERANCE_M", 100.0)
    lon, lat = east_of(grid, 150)

    assert api.post(CHECKIN, {"lon": lon, "lat": lat}, format="json").json()["accepted"] is False


def test_gcj02_coordinates_are_converted_before_measuring(worker, point_in_own_grid):
    _, api = worker
    grid, p = point_in_own_grid
    lon, lat = wgs84_to_gcj02(p.x, p.y)  # ≈ 500 m off in WGS84 terms

    body = api.post(CHECKIN, {"lon": lon, "lat": lat, "crs": "gcj02"}, format="json").json()

    assert body["checkin"]["inside"] is True
    assert body["checkin"]["lon"] == pytest.approx(p.x, abs=1e-7)


def test_checking_in_twice_is_a_conflict_naming_the_open_session(worker, point_in_own_grid):
    user, api = worker
    _, p = point_in_own_grid
    session_id = api.post(CHECKIN, {"lon": p.x, "lat": p.y}, format="json").json()["session"]["id"]

    r = api.post(CHECKIN, {"lon": p.x, "lat": p.y}, format="json")

    assert r.status_code == 409
    assert str(session_id) in r.json()["detail"]
    assert CheckIn.objects.filter(user=user).count() == 1


def test_checking_out_without_a_session_is_a_conflict(worker, point_in_own_grid):
    user, api = worker
    _, p = point_in_own_grid

    r = api.post(CHECKOUT, {"lon": p.x, "lat": p.y}, format="json")

    assert r.status_code == 409 and r.json()["detail"]
    assert not CheckIn.objects.filter(user=user).exists()


def test_checking_out_closes_the_session_and_computes_its_patrol(worker, point_in_own_grid):
    user, api = worker
    _, p = point_in_own_grid
    api.post(CHECKIN, {"lon": p.x, "lat": p.y, "time": (NOW - timedelta(hours=1)).isoformat()}, format="json")

    r = api.post(CHECKOUT, {"lon": p.x, "lat": p.y}, format="json")

    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["accepted"] is True and body["on_duty"] is False and body["checkin"]["kind"] == "out"
    session = DutySession.objects.get(user=user)
    assert session.ended_at is not None and session.checkout_id == body["checkin"]["id"]
    assert Patrol.objects.filter(session=session).exists() and body["patrol"]["fixes"] == 0
    assert api.get(STATUS).json() == {"on_duty": False, "session": None, "since": None, "grid": None}


def test_a_check_out_far_away_still_ends_duty_but_is_flagged(worker, point_in_own_grid):
    user, api = worker
    grid, p = point_in_own_grid
    api.post(CHECKIN, {"lon": p.x, "lat": p.y}, format="json")
    lon, lat = east_of(grid, 1000)

    body = api.post(CHECKOUT, {"lon": lon, "lat": lat}, format="json").json()

    assert body["accepted"] is False and body["on_duty"] is False
    assert DutySession.objects.get(user=user).ended_at is not None
    assert CheckIn.objects.get(user=user, kind="out").accepted is False


def test_a_check_out_before_the_check_in_is_refused(worker, point_in_own_grid):
    _, api = worker
    _, p = point_in_own_grid
    api.post(CHECKIN, {"lon": p.x, "lat": p.y}, format="json")

    r = api.post(CHECKOUT, {"lon": p.x, "lat": p.y, "time": (NOW - timedelta(hours=2)).isoformat()}, format="json")

    assert r.status_code == 400 and r.json()["field"] == "time"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"lon": "abc"}, "lon"),
        ({"lon": None}, "lon"),
        ({"lat": 95}, "lat"),
        ({"lon": -181}, "lon"),
        ({"crs": "epsg:3857"}, "crs"),
        ({"accuracy_m": -3}, "accuracy_m"),
        ({"time": "yesterday"}, "time"),
        ({"time": timedelta(minutes=10)}, "time"),  # from now, when the test runs
        ({"time": -timedelta(days=3)}, "time"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(worker, point_in_own_grid, change, field):
    user, api = worker
    _, p = point_in_own_grid
    now = datetime.now(timezone.utc)
    change = {k: (now + v).isoformat() if isinstance(v, timedelta) else v for k, v in change.items()}

    r = api.post(CHECKIN, {"lon": p.x, "lat": p.y, **change}, format="json")

    assert r.status_code == 400, r.json()
    assert r.json()["field"] == field and r.json()["detail"]
    assert not CheckIn.objects.filter(user=user).exists()


def test_a_missing_coordinate_is_a_400_naming_it(worker):
    _, api = worker
    r = api.post(CHECKIN, {"lat": 31.9}, format="json")
    assert r.status_code == 400 and r.json()["field"] == "lon"


def test_only_grid_members_check_in(api_as, point_in_own_grid):
    _, p = point_in_own_grid
    r = api_as("street001").post(CHECKIN, {"lon": p.x, "lat": p.y}, format="json")
    assert r.status_code == 403 and r.json()["detail"]


def test_anonymous_requests_are_refused(client):
    assert client.post(CHECKIN, {"lon": 119.95, "lat": 31.9}).status_code == 401
    assert client.get(STATUS).status_code == 401


def test_session_auth_works_too(worker_device, point_in_own_grid, client):
    _, p = point_in_own_grid
    client.force_login(worker_device.user)
    r = client.post(CHECKIN, {"lon": p.x, "lat": p.y}, content_type="application/json")
    assert r.status_code == 200 and r.json()["on_duty"] is True


def test_a_check_in_dated_before_the_last_check_out_is_refused(worker, point_in_own_grid):
    _, api = worker
    _, p = point_in_own_grid
    api.post(CHECKIN, {"lon": p.x, "lat": p.y, "time": (NOW - timedelta(hours=3)).isoformat()}, format="json")
    api.post(CHECKOUT, {"lon": p.x, "lat": p.y, "time": (NOW - timedelta(hours=1)).isoformat()}, format="json")

    r = api.post(CHECKIN, {"lon": p.x, "lat": p.y, "time": (NOW - timedelta(hours=2)).isoformat()}, format="json")

    assert r.status_code == 400 and r.json()["field"] == "time"

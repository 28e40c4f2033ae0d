"""Patrols: the pure track functions on canned data, then sessions on real PostGIS through the API."""

from datetime import datetime, timedelta, timezone

import pytest
from duty_support import METRIC, direction_inside, east_of, lay_fixes, offset
from pyproj import Geod

from tracking.duty import check_in, check_out
from tracking.models import Patrol
from tracking.tracks import find_stops, project, summarise, time_inside_outside, track_length_m

NOW = datetime.now(timezone.utc).replace(microsecond=0)
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone(timedelta(hours=8)))
LON, LAT = 119.95, 31.90
GEOD = Geod(ellps="WGS84")


def times(*seconds):
    return [T0 + timedelta(seconds=s) for s in seconds]


# --- pure functions, canned data ---------------------------------------------------------------


def test_a_straight_walk_of_ten_fixes_100_m_apart_is_900_m():
    points = [offset(LON, LAT, dx=100 * i) for i in range(10)]
    x, y = project([p[0] for p in points], [p[1] for p in points], METRIC)
    assert track_length_m(x, y) == pytest.approx(900, rel=1e-6)


def test_metric_length_agrees_with_the_ellipsoid_to_within_a_tenth_of_a_percent():
    lons = [LON + 0.001 * i for i in range(10)]  # ≈ 95 m steps east
    x, y = project(lons, [LAT] * 10, METRIC)
    geodesic = GEOD.line_length(lons, [LAT] * 10)
    assert track_length_m(x, y) == pytest.approx(geodesic, rel=1e-3)


def test_fewer_than_two_fixes_have_no_length():
    assert track_length_m([], []) == 0 and track_length_m([1.0], [2.0]) == 0


def test_time_goes_to_the_earlier_fixs_state_and_long_gaps_are_capped():
    t = times(0, 60, 120, 1320, 1380)
    inside = [True, True, False, False, True]
    # 0→60 in, 60→120 in, 120→1320 out but capped at 300, 1320→1380 out; the last fix adds nothing
    assert time_inside_outside(t, inside, max_gap_s=300) == (120, 360)


def test_a_stop_is_found_where_fixes_stay_within_the_radius_long_enough():
    # 3 moving fixes, 7 fixes within ~20 m for 6 min, 2 moving fixes
    pts = [offset(LON, LAT, dx=200 * i) for i in range(3)]
    here = offset(LON, LAT, dx=600)
    pts += [offset(*here, dx=(i % 3) * 10, dy=(i % 2) * 10) for i in range(7)]
    pts += [offset(*here, dx=300 * (i + 1)) for i in range(2)]
    t = times(*(60 * i for i in range(len(pts))))
    x, y = project([p[0] for p in pts], [p[1] for p in pts], METRIC)

    assert find_stops(t, x, y, min_seconds=300, radius_m=50) == [(3, 9)]
    assert find_stops(t, x, y, min_seconds=420, radius_m=50) == []
    assert find_stops(t, x, y, min_seconds=300, radius_m=5) == []


def test_summarise_reports_the_stop_with_its_mean_position_and_duration():
    here = offset(LON, LAT, dx=500)
    pts = [(LON, LAT)] + [here] * 6 + [offset(*here, dx=400)]
    t = times(*(60 * i for i in range(len(pts))))

    s = summarise(
        t,
        [p[0] for p in pts],
        [p[1] for p in pts],
        [True] * len(pts),
        srid=METRIC,
        max_gap_s=300,
        stop_seconds=300,
        stop_radius_m=50,
    )

    assert s.fixes == 8 and s.length_m == pytest.approx(900, rel=1e-6)
    assert s.inside_s == 420 and s.outside_s == 0
    [stop] = s.stops
    assert (stop.start, stop.end, stop.seconds) == (t[1], t[6], 300)
    assert (stop.lon, stop.lat) == pytest.approx(here)
    assert set(stop.as_dict()) == {"start", "end", "lon", "lat", "seconds"}


# --- sessions on PostGIS -------------------------------------------------------------------------


@pytest.fixture
def on_duty(worker_device, point_in_own_grid):
    """The worker checked in 50 minutes ago at a point of their grid."""
    grid, p = point_in_own_grid
    start = NOW - timedelta(minutes=50)
    result = check_in(worker_device.user, lon=p.x, lat=p.y, time=start)
    return result.session, grid, p, start


@pytest.mark.django_db
def test_the_patrol_of_a_straight_walk_is_900_m_and_flagged_fixes_are_left_out(worker_device, on_duty, api_as):
    session, grid, p, start = on_duty
    walk = [offset(p.x, p.y, dx=100 * i) for i in range(10)]
    walk.insert(4, (*offset(p.x, p.y, 3000, 3000), 500.0))  # poor accuracy: kept but flagged
    lay_fixes(worker_device, walk, start + timedelta(minutes=1), step_s=30)
    check_out(worker_device.user, lon=p.x, lat=p.y)

    r = api_as(worker_device.user.username).get(f"/api/v1/duty/sessions/{session.pk}/patrol")

    assert r.status_code == 200, r.json()
    feature = r.json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) == 10
    props = feature["properties"]
    assert props["length_m"] == pytest.approx(900, rel=0.01)
    assert props["fixes"] == 10
    assert props["inside_s"] + props["outside_s"] == 300  # 0 … 300 s; the flagged fix's slot is bridged
    assert props["stops"] == []


@pytest.mark.django_db
def test_time_outside_the_grid_and_a_stop_are_reported(worker_device, on_duty, api_as):
    session, grid, p, start = on_duty
    outside = east_of(grid, 300)
    # 7 fixes standing still inside (6 min: a stop), then 3 outside, a 20-minute gap, one more outside
    points = [(p.x, p.y)] * 7 + [outside] * 3
    lay_fixes(worker_device, points, start, step_s=60)
    lay_fixes(worker_device, [offset(*outside, dx=200)], start + timedelta(seconds=9 * 60 + 1200))
    api = api_as(worker_device.user.username)

    props = api.get(f"/api/v1/duty/sessions/{session.pk}/patrol").json()["properties"]

    assert props["fixes"] == 11
    assert props["inside_s"] == 7 * 60  # six steps standing, and the step leaving counts as inside
    assert props["outside_s"] == 2 * 60 + 300  # the 20-minute gap counts as 5
    [stop] = props["stops"]
    assert stop["seconds"] == 360
    assert (stop["lon"], stop["lat"]) == pytest.approx((p.x, p.y), abs=1e-6)
    assert props["ended_at"] is None  # computed on demand for an open session


@pytest.mark.django_db
def test_recomputing_is_idempotent_and_picks_up_late_fixes(worker_device, on_duty):
    from tracking.patrols import compute_patrol, patrol_for

    session, grid, p, start = on_duty
    dx, dy = direction_inside(grid, p.x, p.y, 200)
    lay_fixes(worker_device, [(p.x, p.y), offset(p.x, p.y, dx * 100, dy * 100)], start + timedelta(minutes=1))
    check_out(worker_device.user, lon=p.x, lat=p.y)
    session.refresh_from_db()
    first = compute_patrol(session)
    assert compute_patrol(session).length_m == first.length_m and Patrol.objects.count() == 1

    lay_fixes(worker_device, [offset(p.x, p.y, dx * 200, dy * 200)], start + timedelta(minutes=3))  # synced late

    assert patrol_for(session).length_m == pytest.approx(200, rel=0.01)
    assert Patrol.objects.count() == 1


@pytest.mark.django_db
def test_another_streets_operator_cannot_read_a_patrol(worker_device, on_duty, api_as):
    session, grid, _, _ = on_duty
    other = "street002" if grid.code[6:9] != "002" else "street001"

    assert api_as(other).get(f"/api/v1/duty/sessions/{session.pk}/patrol").status_code == 404
    assert api_as(f"street{grid.code[6:9]}").get(f"/api/v1/duty/sessions/{session.pk}/patrol").status_code == 200

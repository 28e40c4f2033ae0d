"""The ingest pipeline on real PostGIS: rules, duplicates, flags, location, heat, latest position."""

from datetime import datetime, timedelta, timezone

import h3
import pytest
from django.db import connection

from geo.crs import wgs84_to_gcj02
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import HeatCell, LatestPosition, Position, PositionFlag

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def walk(p, n=10, start=None, step_s=10, step_deg=2e-5):
    start = start or NOW - timedelta(minutes=30)
    return [
        Fix(time=start + timedelta(seconds=i * step_s), lon=p.x + i * step_deg, lat=p.y, accuracy_m=8) for i in range(n)
    ]


def test_fixes_are_stored_located_and_counted(worker_device, point_in_own_grid):
    grid, p = point_in_own_grid

    result = record_fixes(worker_device, walk(p), "test")

    assert (result.accepted, result.duplicate, result.rejected) == (10, 0, [])
    rows = Position.objects.filter(device=worker_device).order_by("time")
    assert rows.count() == 10
    first = rows.first()
    assert first.grid_id == grid.id and first.location_code.startswith(grid.code)
    assert first.h3 == h3.str_to_int(h3.latlng_to_cell(p.y, p.x, 10))
    assert first.user_id == worker_device.user_id and first.flags == 0


def test_a_retried_batch_changes_nothing(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    fixes = walk(p)
    record_fixes(worker_device, fixes, "test")
    heat_before = sum(HeatCell.objects.values_list("fixes", flat=True))

    again = record_fixes(worker_device, walk(p), "test")

    assert (again.accepted, again.duplicate) == (0, 10)
    assert Position.objects.filter(device=worker_device).count() == 10
    assert sum(HeatCell.objects.values_list("fixes", flat=True)) == heat_before


def test_duplicates_inside_one_batch_are_stored_once(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    fixes = walk(p, 3)
    result = record_fixes(worker_device, fixes + [fixes[1]], "test")
    assert (result.accepted, result.duplicate) == (3, 1)


@pytest.mark.parametrize(
    "change,field",
    [
        (dict(time=timedelta(minutes=10)), "time"),  # from now, when the test runs
        (dict(time=-timedelta(days=400)), "time"),
        (dict(time=datetime(2026, 11, 25, 8, 0)), "time"),
        (dict(lon=200.0), "lon"),
        (dict(lat=-95.0), "lat"),
        (dict(lon=float("nan")), "lon"),
    ],
)
def test_rule_breaking_fixes_are_rejected_by_index(worker_device, point_in_own_grid, change, field):
    _, p = point_in_own_grid
    fixes = walk(p, 3)
    for key, value in change.items():
        setattr(fixes[1], key, datetime.now(timezone.utc) + value if isinstance(value, timedelta) else value)

    result = record_fixes(worker_device, fixes, "test")

    assert result.accepted == 2
    assert [(r.index, r.field) for r in result.rejected] == [(1, field)]
    assert result.rejected[0].reason


def test_a_fix_four_minutes_ahead_is_accepted(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    result = record_fixes(worker_device, [Fix(time=NOW + timedelta(minutes=4), lon=p.x, lat=p.y)], "test")
    assert result.accepted == 1


def test_poor_accuracy_and_impossible_jumps_are_kept_but_flagged_and_left_out_of_heat(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    fixes = walk(p, 4)
    fixes[1].accuracy_m = 500
    fixes[2].lon += 0.05  # ≈ 4.7 km in 10 s

    record_fixes(worker_device, fixes, "test")

    flags = list(Position.objects.filter(device=worker_device).order_by("time").values_list("flags", flat=True))
    assert flags == [0, PositionFlag.POOR_ACCURACY, PositionFlag.IMPOSSIBLE_JUMP, 0]
    assert sum(HeatCell.objects.filter(res=10).values_list("fixes", flat=True)) == 2


def test_gcj02_fixes_are_stored_in_wgs84(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    lon, lat = wgs84_to_gcj02(p.x, p.y)

    record_fixes(worker_device, [Fix(time=NOW - timedelta(minutes=1), lon=lon, lat=lat, crs="gcj02")], "test")

    stored = Position.objects.get(device=worker_device).geom
    assert stored.x == pytest.approx(p.x, abs=1e-7) and stored.y == pytest.approx(p.y, abs=1e-7)


def test_heat_counts_each_good_fix_at_every_resolution_in_its_hour_and_street(worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    record_fixes(worker_device, walk(p, 6, step_deg=0), "test")

    rows = list(HeatCell.objects.all())
    cell10 = h3.latlng_to_cell(p.y, p.x, 10)
    for res in (7, 8, 9, 10):
        parent = h3.str_to_int(h3.cell_to_parent(cell10, res))
        mine = [c for c in rows if (c.res, c.cell) == (res, parent)]
        assert sum(c.fixes for c in mine) == 6  # the walk may straddle an hour: one row per hour
        assert {c.street_code for c in mine} == {grid.code[:9]}
        assert all(c.hour.minute == 0 and c.hour.second == 0 for c in mine)


def test_latest_position_follows_the_newest_good_fix(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    record_fixes(worker_device, walk(p, 5), "test")
    latest = LatestPosition.objects.get(user=worker_device.user)
    assert latest.time == NOW - timedelta(minutes=30) + timedelta(seconds=40)

    older = walk(p, 2, start=NOW - timedelta(hours=2))
    record_fixes(worker_device, older, "test")
    assert LatestPosition.objects.get(user=worker_device.user).time == latest.time


def test_fixes_outside_the_district_are_stored_unlocated_and_not_in_heat(worker_device):
    result = record_fixes(worker_device, [Fix(time=NOW - timedelta(minutes=5), lon=121.47, lat=31.23)], "test")

    assert result.accepted == 1
    assert Position.objects.get(device=worker_device).location_code == ""
    assert not HeatCell.objects.exists()


def test_a_fix_lands_in_the_partition_of_its_local_day(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    record_fixes(worker_device, walk(p, 1), "test")
    local_day = (NOW - timedelta(minutes=30)).astimezone(timezone(timedelta(hours=8))).strftime("%Y%m%d")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM tracking_position WHERE device_id = %s", [worker_device.pk]
        )
        assert cursor.fetchone()[0] == f"tracking_position_{local_day}"

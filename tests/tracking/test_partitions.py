from datetime import date, datetime, timedelta, timezone

import pytest
from django.db import connection

from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.partitions import drop_expired_partitions, ensure_partitions, existing_partitions, partition_name

pytestmark = pytest.mark.django_db


def test_partitions_are_created_ahead_and_only_once():
    today = date(2026, 12, 20)
    created = ensure_partitions(today, ahead=3)
    assert partition_name(today + timedelta(days=3)) in created
    assert ensure_partitions(today, ahead=3) == []


def test_a_new_partition_takes_over_rows_from_the_default_partition(worker_device):
    day = (datetime.now(timezone.utc) - timedelta(days=10)).date()
    assert day not in existing_partitions()
    when = datetime(day.year, day.month, day.day, 6, tzinfo=timezone.utc)  # 14:00 in Shanghai
    p = worker_device.user.grid_memberships.first().grid.geom.point_on_surface
    record_fixes(worker_device, [Fix(time=when, lon=p.x, lat=p.y)], "test")

    ensure_partitions(day, ahead=0)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM tracking_position WHERE device_id = %s AND time = %s",
            [worker_device.pk, when],
        )
        assert cursor.fetchone()[0] == partition_name(day)


def test_expired_partitions_are_dropped():
    old = date(2025, 1, 1)
    ensure_partitions(old, ahead=0)
    dropped = drop_expired_partitions(date(2026, 11, 25), keep_days=180)
    assert partition_name(old) in dropped
    assert old not in existing_partitions()


def test_the_hourly_job_keeps_partitions_ahead():
    from tracking.tasks import maintain_partitions

    result = maintain_partitions(0)

    tomorrow = datetime.now(timezone(timedelta(hours=8))).date() + timedelta(days=1)
    assert tomorrow in existing_partitions()
    assert set(result) == {"created", "dropped"}

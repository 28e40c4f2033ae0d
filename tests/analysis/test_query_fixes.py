"""Fixes and check-ins as analysts see them: recorded through the real ingest path, then aggregated
per grid and per H3 cell (from the hourly aggregates) and compared with SQL over the raw fixes."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest

from tests.analysis.analysis_support import STREET_1, point_in_street, sql
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import Device

pytestmark = pytest.mark.django_db


@pytest.fixture
def walked(db):
    """30 good fixes of one street-001 worker, a minute apart, ten minutes ago and earlier."""
    device = Device.objects.filter(user__jurisdiction_code__startswith=STREET_1).order_by("id").first()
    start = datetime.now(dt_timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=40)
    fixes = []
    for i in range(30):
        p = point_in_street(STREET_1, i % 6)
        fixes.append(Fix(time=start + timedelta(minutes=i), lon=p.x, lat=p.y, accuracy_m=5))
    result = record_fixes(device, fixes, "test")
    assert result.accepted == 30
    return start, start + timedelta(hours=1)


def test_fixes_per_grid_and_per_h3_cell(api_as, walked):
    start, end = walked
    window = {"from": start.isoformat(), "to": end.isoformat()}
    client = api_as("analyst")
    by_grid = client.get(
        "/api/v1/query/aggregate", {"layer": "fixes", "by": "grid", "area": STREET_1 + "000", **window}
    )
    expected = dict(
        sql(
            "SELECT left(location_code, 15), count(*) FROM tracking_position"
            " WHERE flags = 0 AND time >= %s AND time < %s AND location_code LIKE %s GROUP BY 1",
            [start, end, STREET_1 + "%"],
        )
    )
    counts = {f["properties"]["code"]: f["properties"]["count"] for f in by_grid.json()["features"]}
    assert {k: v for k, v in counts.items() if v} == expected and sum(expected.values()) == 30
    by_cell = client.get("/api/v1/query/aggregate", {"layer": "fixes", "by": "h3:9", **window}).json()
    raw = dict(
        sql(
            "SELECT to_hex(h3_parent(h3, 9)), count(*) FROM tracking_position WHERE flags = 0 AND time >= %s"
            " AND time < %s GROUP BY 1",
            [start, end],
        )
    )
    assert {f["id"]: f["properties"]["count"] for f in by_cell["features"]} == raw
    raw_rows = client.get("/api/v1/query/within", {"layer": "fixes", "area": STREET_1 + "000", **window}).json()
    assert raw_rows["numberMatched"] == 30

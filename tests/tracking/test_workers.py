from datetime import datetime, timedelta, timezone

import pytest

from tracking.fixes import Fix
from tracking.ingest import record_fixes

pytestmark = pytest.mark.django_db


def test_worker_card_and_track_for_the_live_map(api_as, worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    now = datetime.now(timezone.utc).replace(microsecond=0)
    fixes = [
        Fix(time=now - timedelta(minutes=10 - i), lon=p.x + i * 1e-4, lat=p.y, accuracy_m=5, battery=0.6)
        for i in range(5)
    ]
    fixes[2].accuracy_m = 900  # flagged: not in the replay
    record_fixes(worker_device, fixes, "test")
    street_op = api_as("street" + grid.code[6:9])
    username = worker_device.user.username

    card = street_op.get(f"/api/v1/workers/{username}/card").json()
    assert card["grid"] == grid.code and card["battery"] == pytest.approx(0.6)
    assert 350 < card["last_fix_age_s"] < 400 and card["distance_m"] > 30
    assert "****" in card["phone"]

    track = street_op.get(f"/api/v1/workers/{username}/track").json()
    assert len(track["geometry"]["coordinates"]) == len(track["properties"]["times"]) == 4
    assert track["properties"]["times"] == sorted(track["properties"]["times"])

    other = api_as("street001" if grid.code[6:9] != "001" else "street002")
    assert other.get(f"/api/v1/workers/{username}/card").status_code == 404
    assert other.get(f"/api/v1/workers/{username}/track").status_code == 404
    assert street_op.get(f"/api/v1/workers/{username}/track", {"date": "yesterday"}).status_code == 400


def test_live_workers_are_the_grid_members_of_the_jurisdiction(api_as, django_assert_max_num_queries):
    from accounts.models import User
    from grids.models import GridMember

    street = User.objects.get(username="street001").jurisdiction.prefix  # the street code's digits
    street_op = api_as("street001")
    with django_assert_max_num_queries(3):
        body = street_op.get("/api/v1/live/workers").json()
    workers = body["workers"]
    expected = set(GridMember.objects.filter(grid__code__startswith=street).values_list("user_id", flat=True))
    assert expected and {w["id"] for w in workers} == expected
    assert all(w["grid"].startswith(street) and w["name"] and w["user"] for w in workers)
    assert len({w["id"] for w in workers}) == len(workers), "a member of several grids is listed once"

    others = {w["id"] for w in api_as("street002").get("/api/v1/live/workers").json()["workers"]}
    assert others and not others & expected, "another street sees none of street001's workers"


def test_live_workers_need_a_login():
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/live/workers").status_code == 401

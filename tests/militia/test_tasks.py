"""Tasks and their two-level approval: a town requests, only the district decides (a town cannot
approve its own request, nobody decides their own), refusals need a comment, stale versions 409,
jurisdiction cuts; assignment and clock-in through tracking's intake; who is on site."""

from datetime import timedelta

import pytest
from django.utils import timezone
from militia_support import offset

from militia.models import MilitiaTask, TaskApproval
from tracking.models import LatestPosition, Position

pytestmark = pytest.mark.django_db


def request_body(unit, **extra):
    return {
        "title": "汛期巡堤",
        "kind": "patrol_support",
        "lon": unit.lon,
        "lat": unit.lat,
        "starts_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        "headcount": 10,
        "comment": "街道申请：汛期加强巡堤",
        **extra,
    }


@pytest.fixture
def requested(unit, api_as):
    r = api_as(unit.street_op.username).post("/api/v1/militia/tasks", request_body(unit), format="json")
    assert r.status_code == 201, r.json()
    return r.json()


def step(api, task, name, comment="", version=None):
    version = version or MilitiaTask.objects.get(pk=task["id"]).version
    return api.post(
        f"/api/v1/militia/tasks/{task['id']}/steps",
        {"step": name, "version": version, "comment": comment},
        format="json",
    )


def test_a_town_request_waits_for_the_district(requested):
    props = requested["properties"]
    assert props["status"] == "requested" and props["street_code"] == "320411001000"
    assert [(e["step"], e["level"], e["comment"]) for e in props["log"]] == [
        ("request", "town", "街道申请：汛期加强巡堤")
    ]


def test_a_town_cannot_approve_its_own_request(unit, requested, api_as):
    r = step(api_as(unit.street_op.username), requested, "approve", "同意")

    assert r.status_code == 403
    assert MilitiaTask.objects.get(pk=requested["id"]).status == "requested"


def test_another_town_does_not_even_see_it(other_unit, requested, api_as):
    api = api_as(other_unit.street_op.username)

    assert step(api, requested, "approve").status_code == 404
    assert api.get(f"/api/v1/militia/tasks/{requested['id']}").status_code == 404
    assert requested["id"] not in [f["id"] for f in api.get("/api/v1/militia/tasks").json()["features"]]


def test_the_district_approves_with_a_comment_and_both_levels_are_logged(requested, api_as):
    r = step(api_as("district"), requested, "approve", "同意，注意安全")

    assert r.status_code == 200, r.json()
    props = r.json()["properties"]
    assert props["status"] == "approved" and props["version"] == 2
    assert [(e["step"], e["level"], e["comment"]) for e in props["log"]] == [
        ("request", "town", "街道申请：汛期加强巡堤"),
        ("approve", "district", "同意，注意安全"),
    ]


def test_a_refusal_needs_a_comment_and_a_stale_version_is_409(requested, api_as):
    api = api_as("district")

    assert step(api, requested, "refuse").json()["field"] == "comment"
    assert step(api, requested, "refuse", "人手不足", version=7).status_code == 409
    refused = step(api, requested, "refuse", "人手不足")
    assert refused.status_code == 200 and refused.json()["properties"]["status"] == "refused"
    assert step(api, requested, "approve", "改为同意").status_code == 409  # decided already


def test_the_district_issues_tasks_approved_at_once_and_cannot_decide_its_own(unit, api_as):
    api = api_as("district")

    r = api.post("/api/v1/militia/tasks", request_body(unit, kind="training", comment=""), format="json")

    assert r.status_code == 201 and r.json()["properties"]["status"] == "approved"
    assert r.json()["properties"]["street_code"] == "320411001000"


def test_the_approval_log_is_append_only(requested):
    from django.db import InternalError, ProgrammingError, transaction

    entry = TaskApproval.objects.filter(task_id=requested["id"]).first()
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        TaskApproval.objects.filter(pk=entry.pk).update(comment="改写")


def test_a_request_outside_the_town_is_refused(unit, other_unit, api_as):
    r = api_as(unit.street_op.username).post(
        "/api/v1/militia/tasks", request_body(unit, lon=other_unit.lon, lat=other_unit.lat), format="json"
    )

    assert r.status_code in (400, 403) and MilitiaTask.objects.count() == 0


def test_members_clock_in_through_tracking_and_the_task_shows_who_is_there(unit, other_unit, requested, api_as):
    district = api_as("district")
    step(district, requested, "approve", "同意")
    others = [m.pk for m in unit.members if m.pk != unit.account.pk][:2]
    # a member of another street cannot be assigned by this street
    bad = api_as(unit.street_op.username).post(
        f"/api/v1/militia/tasks/{requested['id']}/assign", {"members": [other_unit.members[0].pk]}, format="json"
    )
    assert bad.status_code == 404
    r = api_as(unit.street_op.username).post(
        f"/api/v1/militia/tasks/{requested['id']}/assign", {"members": [unit.account.pk, *others]}, format="json"
    )
    assert r.status_code == 200 and r.json()["properties"]["members"] == 3
    phone = api_as(unit.account.user.username)
    assert [t["id"] for t in phone.get("/api/v1/militia/my-tasks").json()["tasks"]] == [requested["id"]]
    lon, lat = offset(unit.lon, unit.lat, dx=60)

    r = phone.post(f"/api/v1/militia/tasks/{requested['id']}/clockin", {"lon": lon, "lat": lat}, format="json")

    assert r.status_code == 201, r.json()
    assert r.json()["on_site"] is True and r.json()["distance_m"] == pytest.approx(60, abs=0.5)
    # the fix went through the intake: stored and the member's latest position
    assert Position.objects.filter(user=unit.account.user, source="militia").count() == 1
    latest = LatestPosition.objects.get(user=unit.account.user).geom
    assert (latest.x, latest.y) == pytest.approx((lon, lat), abs=1e-7)
    detail = district.get(f"/api/v1/militia/tasks/{requested['id']}").json()["properties"]
    presence = {p["member"]["id"]: p for p in detail["presence"]}
    assert presence[unit.account.pk]["present"] is True
    assert presence[unit.account.pk]["distance_m"] == pytest.approx(60, abs=0.5)
    assert presence[others[0]]["present"] is False and presence[others[0]]["clocked_in_at"] is None


def test_clock_in_needs_an_assignment_and_a_good_position(unit, requested, api_as):
    phone = api_as(unit.account.user.username)

    assert (
        phone.post(
            f"/api/v1/militia/tasks/{requested['id']}/clockin", {"lon": unit.lon, "lat": unit.lat}, format="json"
        ).status_code
        == 409
    )
    assert (
        api_as("district")
        .post(f"/api/v1/militia/tasks/{requested['id']}/clockin", {"lon": unit.lon, "lat": unit.lat}, format="json")
        .status_code
        == 403
    )

"""GET /api/v1/overview: the operators' overview of the day. Its figures are checked against
hand-written SQL over the same tables (after events, duty sessions and positions made here: an
overdue, a supervised, an urgent and a finished event; workers on duty inside, outside their grid
and gone silent); a street operator's overview counts only their street; the cache (real Redis)
answers repeated reads and is dropped when an event changes."""

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from events.services import perform
from grids.models import GridMember
from tests.events.overview_support import expected_duty, expected_events, expected_streets
from tests.events.test_nearby import place_worker
from tracking.models import DutySession, LatestPosition

pytestmark = pytest.mark.django_db


def _workers(street_code: str, n: int):
    return [
        m.user
        for m in GridMember.objects.filter(grid__code__startswith=street_code[:9], role="worker")
        .select_related("grid", "user")
        .order_by("grid__code")[:n]
    ]


@pytest.fixture
def day(site, other_site, new_event, district_op):
    """Events of both streets in several states, and three on-duty workers of the site's street:
    one inside their grid, one in another grid, one silent for an hour."""
    new_event()
    overdue = new_event(title="楼道堆物")
    Event.objects.filter(pk=overdue.pk).update(overdue=True, due_at=timezone.now() - timedelta(hours=3))
    supervised = new_event(title="路灯不亮")
    perform(supervised, district_op, "supervise", version=None, note="请尽快")
    new_event(title="燃气泄漏", priority=3)
    finished = new_event(title="噪音", category="ecology.noise")
    perform(finished, site.worker, "self_handle", version=None)
    new_event(lon=other_site.lon, lat=other_site.lat, title="另一街道的事项", priority=4)

    inside, outside, silent = _workers(site.street_code, 3)
    for user in (inside, outside, silent):
        grid = GridMember.objects.filter(user=user, role="worker").select_related("grid").first().grid
        at = grid.geom.point_on_surface
        place_worker(user, at.x, at.y)
        DutySession.objects.filter(user=user, ended_at__isnull=True).update(grid=grid)
    LatestPosition.objects.filter(user=outside).update(
        location_code=other_site.grid.code + "001", geom=other_site.point
    )
    an_hour_ago = timezone.now() - timedelta(hours=1)
    LatestPosition.objects.filter(user=silent).update(time=an_hour_ago)
    DutySession.objects.filter(user=silent).update(started_at=an_hour_ago - timedelta(hours=1))
    return {"outside": outside, "silent": silent, "overdue": overdue, "other_street": other_site.street_code}


def test_the_district_figures_equal_hand_written_sql(api_as, day):
    response = api_as("district").get("/api/v1/overview")

    assert response.status_code == 200
    body = response.json()
    assert body["events"] == expected_events("320411")
    assert body["events"]["overdue"] >= 1 and body["events"]["supervised"] >= 1 and body["events"]["closed"] >= 1
    streets = expected_streets("320411")
    assert [{k: s[k] for k in ("code", "workers", "on_duty")} for s in body["streets"]] == streets
    for s in body["streets"]:
        assert s["rate"] == (round(s["on_duty"] / s["workers"], 4) if s["workers"] else None)
        assert s["name"] and s["name"] != s["code"][:9]
    assert body["duty"]["workers"] == sum(s["workers"] for s in streets)
    assert body["duty"]["on_duty"] == sum(s["on_duty"] for s in streets)
    assert {k: body["duty"][k] for k in ("outside", "silent")} == expected_duty("320411")
    assert day["outside"].pk in [w["id"] for w in body["outside"]]
    alerts = {(a["kind"], a["id"]) for a in body["alerts"]}
    assert ("overdue", day["overdue"].pk) in alerts
    assert ("silent", day["silent"].pk) in alerts
    assert all(a["lon"] is not None for a in body["alerts"] if a["kind"] != "silent")


def test_a_street_operator_counts_only_their_street(api_as, site, day):
    body = api_as("street001").get("/api/v1/overview").json()

    prefix = site.street_code[:9]
    assert body["events"] == expected_events(prefix)
    assert body["events"] != expected_events("320411")  # the other street's urgent event is not counted
    assert [s["code"] for s in body["streets"]] == [site.street_code]
    assert {k: body["duty"][k] for k in ("outside", "silent")} == expected_duty(prefix)
    event_ids = [a["id"] for a in body["alerts"] if a["kind"] != "silent"]
    assert event_ids
    assert set(Event.objects.filter(pk__in=event_ids).values_list("location_code", flat=True)) <= set(
        Event.objects.filter(location_code__startswith=prefix).values_list("location_code", flat=True)
    )
    other = api_as("street002").get("/api/v1/overview").json()
    assert [s["code"] for s in other["streets"]] == [day["other_street"]]
    assert other["events"] == expected_events(day["other_street"][:9])


def test_without_a_login_nothing_is_shown(client):
    assert client.get("/api/v1/overview").status_code in (401, 403)


@pytest.fixture
def redis_cache(settings):
    """The overview cache on the machine's Redis (as with REDIS_URL set), under a key prefix of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-overview-{connection.settings_dict['NAME']}",
        }
    }
    from django.core.cache import cache

    # A generation of its own, so nothing cached by an earlier run is read (the Redis is shared:
    # never cleared here).
    cache.set("overview:generation", secrets.randbelow(2**40), timeout=600)
    return cache


def test_reads_are_cached_and_an_event_change_drops_the_cache(
    api_as, new_event, redis_cache, django_capture_on_commit_callbacks
):
    api = api_as("street001")
    before = api.get("/api/v1/overview").json()["events"]

    # A change behind the service's back is not seen while the figures are cached…
    Event.objects.filter(pk=new_event().pk).update(priority=1)  # made under capture: no callbacks ran
    assert api.get("/api/v1/overview").json()["events"] == before

    # …a change through the service drops every cached overview after commit.
    with django_capture_on_commit_callbacks(execute=True):
        new_event(title="新上报")
    after = api.get("/api/v1/overview").json()["events"]
    assert after["new"] == before["new"] + 2
    assert after["open"] == before["open"] + 2


def test_the_overview_is_in_the_openapi_schema(api_as):
    schema = api_as("district").get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/overview"]["get"]
    assert "Overview" in str(operation["responses"]["200"])

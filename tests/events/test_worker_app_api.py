"""What the worker's phone app relies on (issue 12): an event posted with photos and a client id is
stored once however often the queue retries it; a to-do list with the steps the worker may take;
a workflow step with photos (resolving with proof), stored once when retried."""

import pytest
from events_support import image_bytes, upload

from events.models import Event, EventAction, EventPhoto

pytestmark = pytest.mark.django_db


def _report(api, site, client_id, **extra):
    body = {
        "title": "井盖破损",
        "category": "city.manhole",
        "lon": site.lon,
        "lat": site.lat,
        "client_id": client_id,
        "photos": [upload("a.jpg", image_bytes()), upload("b.jpg", image_bytes(color="blue"))],
        **extra,
    }
    return api.post("/api/v1/events", body, format="multipart")


def test_a_multipart_report_retried_with_its_client_id_is_stored_once(site, api_as):
    api = api_as(site.worker.username)
    first = _report(api, site, "phone-7f3a")
    again = _report(api, site, "phone-7f3a")
    assert first.status_code == 201, first.json()
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Event.objects.filter(title="井盖破损").count() == 1
    assert EventPhoto.objects.filter(event_id=first.json()["id"]).count() == 2
    other = _report(api, site, "phone-other")
    assert other.status_code == 201 and Event.objects.filter(title="井盖破损").count() == 2


def test_a_report_refused_for_a_missing_photo_stores_nothing_and_frees_its_id(site, api_as):
    api = api_as(site.worker.username)
    refused = _report(api, site, "phone-1", photos=[])
    assert refused.status_code == 400 and refused.json()["field"] == "photos"
    assert not Event.objects.filter(title="井盖破损").exists()
    assert _report(api, site, "phone-1").status_code == 201


def test_the_todo_list_offers_the_steps_the_worker_may_take(new_event, site, api_as):
    event = new_event()
    assert event.handler_id == site.worker.pk
    api = api_as(site.worker.username)
    body = api.get("/api/v1/todo/events").json()
    mine = next(e for e in body if e["id"] == event.pk)
    assert mine["steps"] == ["accept", "self_handle", "escalate"]
    assert mine["version"] == event.version and mine["lon"] == pytest.approx(site.lon)
    assert api_as(site.street_op.username).get("/api/v1/todo/events").json() == []  # held by the worker

    api.post(f"/api/v1/events/{event.pk}/actions", {"action": "accept", "version": event.version}, format="json")
    mine = next(e for e in api.get("/api/v1/todo/events").json() if e["id"] == event.pk)
    assert mine["status"] == "accepted" and mine["steps"] == ["start", "resolve", "self_handle", "escalate", "return"]


def test_resolving_with_photos_attaches_them_and_a_retry_replays(new_event, site, api_as):
    event = new_event()
    api = api_as(site.worker.username)
    step = {"action": "accept", "version": event.version, "client_id": "step-1"}
    assert api.post(f"/api/v1/events/{event.pk}/actions", step, format="json").status_code == 200
    again = api.post(f"/api/v1/events/{event.pk}/actions", step, format="json")  # the queue's retry
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"

    resolve = {
        "action": "resolve",
        "version": event.version + 1,
        "note": "已修复",
        "client_id": "step-2",
        "photos": [upload("done.jpg", image_bytes(color="green"))],
    }
    r = api.post(f"/api/v1/events/{event.pk}/actions", resolve, format="multipart")
    assert r.status_code == 200, r.json()
    props = r.json()["properties"]
    assert props["status"] == "resolved" and len(props["photos"]) == 1
    entry = EventAction.objects.get(event=event, action="resolve")
    assert entry.note == "已修复" and entry.attachments == [{"photo": props["photos"][0]["id"]}]
    assert api.post(f"/api/v1/events/{event.pk}/actions", resolve, format="multipart").status_code == 200
    assert EventAction.objects.filter(event=event, action="resolve").count() == 1
    assert EventPhoto.objects.filter(event=event).count() == 1


def test_a_step_with_a_bad_photo_changes_nothing(new_event, site, api_as):
    event = new_event()
    api = api_as(site.worker.username)
    bad = {"action": "self_handle", "version": event.version, "photos": [upload("x.jpg", b"not an image")]}
    r = api.post(f"/api/v1/events/{event.pk}/actions", bad, format="multipart")
    assert r.status_code == 400 and r.json()["field"] == "photos"
    event.refresh_from_db()
    assert event.status == "reported" and not EventPhoto.objects.filter(event=event).exists()
    assert not EventAction.objects.filter(event=event, action="self_handle").exists()

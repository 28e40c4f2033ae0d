"""Leaks and retries (issue 13, items 7, 10, 11, 9): `locate` cut to the jurisdiction, reporter
contacts masked per role, a create retried with the same key stores one row, and a workflow step's
attachments validated and capped."""

import json

import pytest
from django.test import Client

from events.models import Event, EventAction, Open311Client

pytestmark = pytest.mark.django_db


def test_locate_shows_no_level_of_another_street(other_site, api_as):
    body = api_as("street001").get("/api/v1/locate", {"lon": other_site.lon, "lat": other_site.lat}).json()
    assert body["district"]["code"] == "320411000000"
    assert body["street"] is None and body["community"] is None and body["grid"] is None
    assert body["micro_grid"] is None
    own = api_as("street002").get("/api/v1/locate", {"lon": other_site.lon, "lat": other_site.lat}).json()
    assert own["grid"]["code"] == other_site.grid.code


def test_reporter_contacts_are_masked_for_an_analyst(new_event, api_as, site):
    event = new_event()
    Event.objects.filter(pk=event.pk).update(contact_name="李明", contact_phone="13800001111", contact_email="li@a.cn")
    analyst = api_as("analyst").get(f"/api/v1/events/{event.pk}").json()["properties"]
    assert analyst["contact"] == {"name": "李*", "phone": "138****1111", "email": "l***@a.cn"}
    operator = api_as(site.street_op.username).get(f"/api/v1/events/{event.pk}").json()["properties"]
    assert operator["contact"] == {"name": "李明", "phone": "13800001111", "email": "li@a.cn"}


def _event_body(site, **extra):
    return {"title": "井盖缺失", "category": "dispute.neighbour", "lon": site.lon, "lat": site.lat, **extra}


def test_an_event_posted_twice_with_one_key_is_stored_once(site, api_as):
    api = api_as(site.worker.username)
    first = api.post("/api/v1/events", _event_body(site), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    again = api.post("/api/v1/events", _event_body(site), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    by_body = api.post("/api/v1/events", _event_body(site, client_id="c-9"), format="json")
    by_body_again = api.post("/api/v1/events", _event_body(site, client_id="c-9"), format="json")
    assert by_body.json()["id"] == by_body_again.json()["id"]
    assert Event.objects.filter(title="井盖缺失").count() == 2


def test_a_refused_create_releases_its_key(site, api_as):
    api = api_as(site.worker.username)
    bad = api.post("/api/v1/events", _event_body(site, category="no.such"), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert bad.status_code == 400
    good = api.post("/api/v1/events", _event_body(site), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert good.status_code == 201


def test_the_same_open311_post_twice_is_one_request(site):
    _, key = Open311Client.issue("随手拍")
    form = {"api_key": key, "service_code": "ecology.noise", "lat": site.lat, "long": site.lon, "device_id": "d1"}
    first = Client().post("/open311/v2/requests.json", {**form, "description": "噪音"})
    again = Client().post("/open311/v2/requests.json", {**form, "description": "噪音"})
    assert first.status_code == 200 and json.loads(again.content) == json.loads(first.content)
    assert Event.objects.filter(source="public").count() == 1


def test_visits_and_check_ins_take_a_key(site, api_as):
    api = api_as(site.worker.username)
    body = {"lon": site.lon, "lat": site.lat}
    first = api.post("/api/v1/duty/checkin", body, format="json", HTTP_IDEMPOTENCY_KEY="in-1")
    again = api.post("/api/v1/duty/checkin", body, format="json", HTTP_IDEMPOTENCY_KEY="in-1")
    assert first.status_code == 200 and again.json() == first.json()
    from tracking.models import CheckIn

    assert CheckIn.objects.filter(user=site.worker).count() == 1


def test_supervise_attachments_are_validated_and_capped(new_event, district_op, api_as):
    event = new_event()
    api = api_as("district")
    huge = [{"note": "x" * 400, "extra": "y" * 100_000}] * 11
    action = {"action": "supervise", "version": event.version, "note": "督办", "attachments": huge}
    too_many = api.post(f"/api/v1/events/{event.pk}/actions", action, format="json")
    assert too_many.status_code == 400 and too_many.json()["field"] == "attachments"
    one = api.post(f"/api/v1/events/{event.pk}/actions", {**action, "attachments": huge[:1]}, format="json")
    assert one.status_code == 200, one.content
    stored = EventAction.objects.filter(event=event, action="supervise").get().attachments
    assert stored == [{"note": "x" * 400}]  # unknown members are not kept
    long_note = api.post(
        f"/api/v1/events/{event.pk}/actions",
        {**action, "version": one.json()["properties"]["version"], "attachments": [{"note": "x" * 501}]},
        format="json",
    )
    assert long_note.status_code == 400 and long_note.json()["field"].startswith("attachments[0]")

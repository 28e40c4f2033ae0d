"""Integrations (12345 hotline, digital city management): the authenticated, idempotent webhook,
and the outbox that tells the source of every status change, delivered by the periodic job to a
real HTTP server on 127.0.0.1 with exponential backoff after failures."""

import hashlib
import hmac
import http.server
import json
import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.integrations import conf
from events.integrations.delivery import backoff, deliver_due
from events.models import Event, IntegrationSource, OutboxMessage
from events.services import perform
from events.tasks import deliver_integration_outbox

pytestmark = pytest.mark.django_db
WEBHOOK = "/api/v1/integrations/{}/events"
NOW = timezone.now().replace(microsecond=0)


class Receiver:
    """The source's end of the outbox: answers with the scripted statuses in turn (then 200) and
    records what it was sent."""

    def __init__(self):
        self.script: list[int] = []
        self.received: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "raw": body, "json": json.loads(body)})
                self.send_response(receiver.script.pop(0) if receiver.script else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wangge/status"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def statuses(self) -> list[str]:
        return [r["json"]["status"] for r in self.received]


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def hotline(receiver):
    return IntegrationSource.objects.create(code="hotline_12345", name="12345热线", outbox_url=receiver.url)


@pytest.fixture
def item(site):
    return {
        "external_id": "GD20261125-0001",
        "title": "小区门口噪音扰民",
        "description": "来电反映夜间施工",
        "category": "ecology.noise",
        "lon": site.lon,
        "lat": site.lat,
        "reported_at": "2026-11-25T08:30:00+08:00",
        "contact": {"name": "张先生", "phone": "13900001111"},
    }


def post(source, body, secret=None, raw=None):
    api = APIClient()
    headers = (
        {"HTTP_AUTHORIZATION": f"Bearer {secret if secret is not None else source.secret}"} if secret != "" else {}
    )
    return api.post(
        WEBHOOK.format(source.code),
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        **headers,
    )


# --- the webhook --------------------------------------------------------------------------------


def test_an_item_becomes_a_routed_event_and_resending_it_stores_it_once(hotline, item, site):
    first = post(hotline, item)
    again = post(hotline, {**item, "title": "重发：改了标题"})

    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert first.json()["created"] is True and again.json()["created"] is False
    assert first.json()["department"] == {"code": "environment", "name": "区生态环境局"}
    event = Event.objects.get(source="hotline_12345", external_id="GD20261125-0001")
    assert Event.objects.count() == 1 and event.title == "小区门口噪音扰民"
    assert (event.handler, event.grid_id, event.reporter) == (site.worker, site.grid.pk, None)
    assert (event.contact_name, event.contact_phone) == ("张先生", "13900001111")
    assert event.attributes == {"reported_at": "2026-11-25T08:30:00+08:00"}


@pytest.mark.parametrize("secret, status", [("wrong-secret", 401), ("", 401)], ids=["wrong secret", "no header"])
def test_a_wrong_or_missing_secret_is_401_and_stores_nothing(hotline, item, secret, status):
    r = post(hotline, item, secret=secret)

    assert r.status_code == status and r["WWW-Authenticate"].startswith("Bearer")
    assert not Event.objects.exists()


def test_another_sources_secret_does_not_open_this_source(hotline, item):
    city = IntegrationSource.objects.create(code="city_management", name="数字城管")

    assert post(hotline, item, secret=city.secret).status_code == 401


def test_a_deactivated_source_is_403_and_an_unknown_one_401_like_a_wrong_secret(hotline, item):
    IntegrationSource.objects.filter(pk=hotline.pk).update(active=False)

    assert post(hotline, item).status_code == 403
    r = APIClient().post(
        WEBHOOK.format("weibo"), data=json.dumps(item), content_type="application/json", HTTP_AUTHORIZATION="Bearer x"
    )
    assert r.status_code == 401 and r.json() == post(hotline, item, secret="wrong").json()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda i: "{not json", "body"),
        (lambda i: [i], "body"),
        (lambda i: {k: v for k, v in i.items() if k != "external_id"}, "external_id"),
        (lambda i: {k: v for k, v in i.items() if k != "lat"}, "lat"),
        (lambda i: {**i, "lon": "east"}, "lon"),
        (lambda i: {**i, "contact": {"email": "nobody"}}, "contact.email"),
        (lambda i: {**i, "reported_at": "yesterday"}, "reported_at"),
        (lambda i: {**i, "reported_at": "2099-01-01T00:00:00+08:00"}, "reported_at"),
        (lambda i: {**i, "category": "no.such"}, "category"),
        (lambda i: {**i, "crs": "epsg:3857"}, "crs"),
        (lambda i: {**i, "lon": 116.397, "lat": 39.909}, "lon"),  # outside the district
    ],
    ids=[
        "malformed",
        "not an object",
        "no external_id",
        "no lat",
        "bad lon",
        "bad email",
        "bad time",
        "future time",
        "unknown category",
        "unknown crs",
        "outside",
    ],
)
def test_bad_input_is_400_naming_the_field(hotline, item, change, field):
    body = change(item)
    r = post(hotline, None, raw=body) if isinstance(body, str) else post(hotline, body)

    assert r.status_code == 400, r.json()
    assert r.json()["field"] == field and r.json()["detail"]
    assert not Event.objects.exists()


def test_a_body_over_the_limit_is_413_in_the_common_body(hotline, item):
    from events.integrations import conf

    r = post(hotline, None, raw=json.dumps({**item, "description": "x" * conf.WEBHOOK_MAX_BYTES}))

    assert r.status_code == 413
    assert r.json()["field"] == "body" and str(conf.WEBHOOK_MAX_BYTES) in r.json()["detail"]
    assert not Event.objects.exists()


def test_every_problem_of_the_body_is_listed(hotline, item):
    body = {**item, "lon": "east", "contact": {"email": "nobody", "phone": "1" * 40}}
    del body["title"]

    r = post(hotline, body)

    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"title", "lon", "contact.email", "contact.phone"}
    assert r.json()["field"] == r.json()["errors"][0]["field"]


# --- the outbox ---------------------------------------------------------------------------------


@pytest.fixture
def from_hotline(hotline, item):
    return Event.objects.get(pk=post(hotline, item).json()["id"])


def test_a_status_change_is_queued_in_the_same_step_but_the_report_and_flags_are_not(from_hotline, site):
    assert not OutboxMessage.objects.exists()  # the webhook's reply told the source already

    perform(from_hotline, site.worker, "accept", version=1, note="马上去看", now=NOW)
    perform(from_hotline, site.street_op, "supervise", version=2, now=NOW)  # no status change

    (message,) = OutboxMessage.objects.all()
    assert (message.status, message.attempts, message.next_attempt_at) == ("pending", 0, NOW)
    assert message.payload == {
        "external_id": "GD20261125-0001",
        "event_id": from_hotline.pk,
        "code": from_hotline.code,
        "action": "accept",
        "from_status": "reported",
        "status": "accepted",
        "status_label": "已受理",
        "note": "马上去看",
        "actor": site.worker.first_name,
        "level": "grid",
        "department": "区生态环境局",
        "rating": None,
        "time": NOW.isoformat(),
    }


def test_events_of_other_sources_and_sources_without_an_outbox_queue_nothing(hotline, new_event, site):
    IntegrationSource.objects.create(code="city_management", name="数字城管")  # no outbox_url
    events = [
        new_event(),
        new_event(source="public", reporter=None),
        new_event(source="city_management", reporter=None, external_id="CM-1"),
    ]

    for event in events:
        perform(event, site.worker, "accept", version=1)

    assert not OutboxMessage.objects.exists()


def test_delivery_retries_after_a_500_with_backoff_then_succeeds(from_hotline, site, receiver, hotline):
    perform(from_hotline, site.worker, "accept", version=1, now=NOW)
    receiver.script = [500]

    assert deliver_due(NOW) == {"sent": 0, "retry": 1, "failed": 0}
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "HTTP 500 Internal Server Error")
    assert message.next_attempt_at == NOW + timedelta(seconds=conf.OUTBOX_BACKOFF_SECONDS)

    assert deliver_due(NOW + timedelta(seconds=conf.OUTBOX_BACKOFF_SECONDS - 1))["retry"] == 0  # not yet due
    assert deliver_due(NOW + timedelta(seconds=conf.OUTBOX_BACKOFF_SECONDS)) == {"sent": 1, "retry": 0, "failed": 0}

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(receiver.received) == 2
    sent = receiver.received[-1]
    assert sent["json"]["id"] == message.pk and sent["json"]["source"] == "hotline_12345"
    assert sent["json"]["external_id"] == "GD20261125-0001" and sent["json"]["status"] == "accepted"
    assert sent["headers"]["Authorization"] == f"Bearer {hotline.secret}"
    expected = "sha256=" + hmac.new(hotline.secret.encode(), sent["raw"], hashlib.sha256).hexdigest()
    assert sent["headers"]["X-Wangge-Signature"] == expected
    assert deliver_due(NOW + timedelta(hours=1)) == {"sent": 0, "retry": 0, "failed": 0}  # sent once


def test_backoff_doubles_up_to_a_cap():
    base = conf.OUTBOX_BACKOFF_SECONDS
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [base, 2 * base, 4 * base, 8 * base]
    assert backoff(60).total_seconds() == conf.OUTBOX_BACKOFF_MAX_SECONDS


def test_a_message_fails_after_the_maximum_attempts(from_hotline, site, receiver, monkeypatch):
    monkeypatch.setattr(conf, "OUTBOX_MAX_ATTEMPTS", 3)
    perform(from_hotline, site.worker, "accept", version=1, now=NOW)
    receiver.script = [503] * 10

    moment, results = NOW, []
    for _ in range(4):
        results.append(deliver_due(moment))
        moment += timedelta(days=1)

    assert results == [{"sent": 0, "retry": 1, "failed": 0}] * 2 + [
        {"sent": 0, "retry": 0, "failed": 1},
        {"sent": 0, "retry": 0, "failed": 0},
    ]
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.last_error) == ("failed", 3, "HTTP 503 Service Unavailable")


def test_an_unreachable_source_is_retried_with_the_reason(from_hotline, site, hotline, receiver):
    receiver.server.shutdown()
    receiver.server.server_close()  # nothing listens on the port any more
    perform(from_hotline, site.worker, "accept", version=1, now=NOW)

    assert deliver_due(NOW)["retry"] == 1
    assert "refused" in OutboxMessage.objects.get().last_error.lower()


def test_an_events_messages_go_out_in_order(from_hotline, site, receiver):
    perform(from_hotline, site.worker, "accept", version=1, now=NOW)
    perform(from_hotline, site.worker, "start", version=2, now=NOW)
    receiver.script = [500]

    assert deliver_due(NOW) == {"sent": 0, "retry": 1, "failed": 0}  # the second waits behind the first
    assert deliver_due(NOW + timedelta(minutes=5)) == {"sent": 2, "retry": 0, "failed": 0}

    assert receiver.statuses() == ["accepted", "accepted", "in_progress"]


def test_the_periodic_job_delivers_what_is_due(from_hotline, site, receiver):
    perform(from_hotline, site.worker, "accept", version=1)

    assert deliver_integration_outbox(int(timezone.now().timestamp())) == {"sent": 1, "retry": 0, "failed": 0}
    assert receiver.statuses() == ["accepted"]

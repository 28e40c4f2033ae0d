"""/metrics: who may scrape it, and that the counters and gauges move with real traffic."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.models import User
from accounts.tokens import issue
from events.deadlines import scan_deadlines
from events.services import report_event
from grids.models import Grid, GridMember
from ops import conf
from tests.ops.conftest import sample
from tracking.models import Device
from tracking.partitions import ensure_partitions

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def test_metrics_need_an_allowed_network_or_the_token(monkeypatch):
    outsider = Client(REMOTE_ADDR="10.20.30.40")
    assert outsider.get("/metrics").status_code == 403
    monkeypatch.setattr(conf, "METRICS_TOKEN", "s3cret-scrape-token")
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    ok = outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/plain")
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200


def test_requests_fixes_and_write_batches_are_counted(scrape, api_as):
    ensure_partitions()
    device = Device.objects.select_related("user").filter(user__role="grid_worker").order_by("id").first()
    p = GridMember.objects.get(user=device.user).grid.micro_grids.order_by("code").first().geom.point_on_surface
    batch = [
        {"id": str(uuid.uuid4()), "time": (NOW - timedelta(minutes=9 - i)).isoformat(), "lon": p.x, "lat": p.y}
        for i in range(4)
    ]
    batch[3]["lat"] = 123  # out of range: rejected, field lat
    before = scrape()

    client = api_as(device.user.username)
    assert client.post("/api/v1/positions", batch, format="json").json()["accepted"] == 3
    assert client.post("/api/v1/positions", batch[:2], format="json").json()["duplicate"] == 2
    after = scrape()

    def delta(name, **labels):
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("wangge_fixes_ingested_total", source="api") == 3
    assert delta("wangge_fixes_duplicate_total", source="api") == 2
    assert delta("wangge_fixes_rejected_total", source="api", field="lat") == 1
    assert delta("wangge_ingest_write_batch_fixes_count") == 2
    assert delta("wangge_ingest_write_batch_fixes_sum") == 5
    route = {"route": "api/v1/positions"}
    assert delta("wangge_http_requests_total", method="POST", status="200", **route) == 2
    assert delta("wangge_http_request_duration_seconds_count", **route) == 2
    assert delta("wangge_http_requests_total", route="metrics", method="GET", status="200") == 1
    assert sample(after, "wangge_db_pool_connections", alias="default", state="size") >= 1


def test_overdue_events_are_gauged_by_street(scrape):
    grid = Grid.objects.filter(code__startswith="320411003").order_by("code").first()
    point = grid.micro_grids.order_by("code").first().geom.point_on_surface
    worker = GridMember.objects.filter(grid=grid, role="worker").first().user
    street = grid.code[:9] + "000"
    assert sample(scrape(), "wangge_events_overdue", street=street) == 0
    event = report_event(
        title="井盖缺失", description="", category="dispute.neighbour", lon=point.x, lat=point.y, reporter=worker
    )
    scan_deadlines(event.due_at + timedelta(minutes=1))
    assert sample(scrape(), "wangge_events_overdue", street=street) == 1


def test_job_queue_depth_and_lag(scrape):
    from events.tasks import scan_event_deadlines

    before = sample(scrape(), "wangge_job_queue_depth", queue="events")
    scan_event_deadlines.configure(queueing_lock=None).defer(timestamp=int(NOW.timestamp()))
    text = scrape()
    assert sample(text, "wangge_job_queue_depth", queue="events") == before + 1
    assert sample(text, "wangge_job_queue_lag_seconds", queue="events") >= 0


@pytest.fixture
def keep_test_transaction_connection(monkeypatch):
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda **kwargs: None)


def test_websocket_connections_and_frames(scrape, keep_test_transaction_connection):
    from config.asgi import application

    token = issue(user=User.objects.get(username="street001"))
    ws = WebsocketCommunicator(
        application, f"/ws/map/?token={token.key}", headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    )
    texts = []

    async def scenario():
        texts.append(await sync_to_async(scrape)())
        connected, _ = await ws.connect()
        assert connected
        await ws.receive_json_from(timeout=10)  # the positions snapshot
        texts.append(await sync_to_async(scrape)())
        await ws.disconnect()
        texts.append(await sync_to_async(scrape)())

    async_to_sync(scenario)()
    before, during, after = texts

    sockets = "wangge_websocket_connections"
    assert sample(during, sockets) == sample(before, sockets) + 1
    assert sample(after, sockets) == sample(before, sockets)
    frames = "wangge_websocket_frames_sent_total"
    assert sample(during, frames, type="positions") >= sample(before, frames, type="positions") + 1

"""The live-map socket with the real ASGI application and the in-memory channel layer: auth,
snapshot, coalesced frames, jurisdiction and viewport filtering."""

from datetime import datetime, timedelta, timezone

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from accounts.models import User
from accounts.tokens import issue
from config.asgi import application
from realtime.broadcast import flush_positions
from realtime.consumers import CLOSE_UNAUTHENTICATED
from realtime.routing import MAP_PATH
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import Device

pytestmark = pytest.mark.django_db(transaction=False)
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def token_for(username):
    token = issue(user=User.objects.get(username=username))
    return token.key


def socket(username=None):
    path = f"/{MAP_PATH}" + (f"?token={token_for(username)}" if username else "")
    return WebsocketCommunicator(application, path, headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")])


def device_in_street(street):
    device = (
        Device.objects.select_related("user")
        .filter(user__role="grid_worker", user__jurisdiction_code__startswith=f"320411{street}")
        .order_by("id")
        .first()
    )
    device.point = device.user.grid_memberships.first().grid.geom.point_on_surface  # read now, not in the event loop
    return device


def walk(device, n=3, start=None):
    p = device.point
    start = start or NOW - timedelta(minutes=10)
    return [Fix(time=start + timedelta(seconds=10 * i), lon=p.x + i * 1e-5, lat=p.y, accuracy_m=5) for i in range(n)]


def ingest(device, fixes, capture):
    with capture(execute=True):
        record_fixes(device, fixes, "test")


def test_anonymous_sockets_are_closed_with_4401():
    ws = socket()

    async def scenario():
        connected, code = await ws.connect()
        assert not connected and code == CLOSE_UNAUTHENTICATED

    async_to_sync(scenario)()


def test_snapshot_then_one_coalesced_frame_per_street(django_capture_on_commit_callbacks):
    device = device_in_street("003")
    ingest(device, walk(device, start=NOW - timedelta(hours=1)), django_capture_on_commit_callbacks)
    async_to_sync(flush_positions)()  # the ticker's first flush: not what this test watches

    ws = socket("street003")

    async def scenario():
        assert (await ws.connect())[0]
        snapshot = (await receive_snapshot(ws))["positions"]
        assert device.user_id in {w["id"] for w in snapshot["workers"]}
        assert all(w["code"].startswith("320411003") for w in snapshot["workers"])

        for batch in range(3):  # three batches before one tick → one frame, newest fix only
            await _ingest_async(
                device, walk(device, 2, NOW - timedelta(minutes=5 - batch)), django_capture_on_commit_callbacks
            )
        assert await flush_positions() == 1
        frame = await ws.receive_json_from()
        assert frame["type"] == "positions"
        assert [w["id"] for w in frame["workers"]] == [device.user_id]
        assert frame["workers"][0]["time"] == (NOW - timedelta(minutes=3) + timedelta(seconds=10)).isoformat()
        assert frame["workers"][0]["inside"] is True
        assert await ws.receive_nothing(0.2)
        await ws.disconnect()

    async_to_sync(scenario)()


def test_a_street_operator_never_receives_another_streets_workers(django_capture_on_commit_callbacks):
    mine, theirs = device_in_street("004"), device_in_street("005")

    ws = socket("street004")

    async def scenario():
        assert (await ws.connect())[0]
        await receive_snapshot(ws)
        await ws.send_json_to({"type": "viewport", "bbox": [119.0, 31.0, 121.0, 33.0], "zoom": 10})
        await _ingest_async(theirs, walk(theirs), django_capture_on_commit_callbacks)
        await flush_positions()
        assert await ws.receive_nothing(0.3)
        await _ingest_async(mine, walk(mine), django_capture_on_commit_callbacks)
        await flush_positions()
        frame = await ws.receive_json_from()
        assert {w["id"] for w in frame["workers"]} == {mine.user_id}
        await ws.disconnect()

    async_to_sync(scenario)()


def test_viewport_and_layers_filter_frames(django_capture_on_commit_callbacks):
    device = device_in_street("006")

    ws = socket("district")

    async def scenario():
        assert (await ws.connect())[0]
        await receive_snapshot(ws)
        await ws.send_json_to({"type": "viewport", "bbox": [121.0, 31.0, 121.5, 31.5], "zoom": 12})  # Shanghai
        await _ingest_async(device, walk(device), django_capture_on_commit_callbacks)
        await flush_positions()
        assert await ws.receive_nothing(0.3)
        await ws.send_json_to({"type": "viewport", "bbox": "nonsense"})
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.send_json_to({"type": "layers", "layers": ["events"]})
        await ws.send_json_to({"type": "viewport", "bbox": [119.0, 31.0, 121.0, 33.0], "zoom": 12})
        await _ingest_async(device, walk(device, 2, NOW - timedelta(minutes=2)), django_capture_on_commit_callbacks)
        await flush_positions()
        assert await ws.receive_nothing(0.3), "workers layer is off"
        await ws.disconnect()

    async_to_sync(scenario)()


async def receive_snapshot(ws) -> dict:
    """The snapshot frames a socket starts with (workers, open events), by type."""
    frames = [await ws.receive_json_from()]
    while not await ws.receive_nothing(0.2):
        frames.append(await ws.receive_json_from())
    assert all(f.get("snapshot") for f in frames)
    return {f["type"]: f for f in frames}


async def _ingest_async(device, fixes, capture):
    from channels.db import database_sync_to_async

    await database_sync_to_async(ingest)(device, fixes, capture)


def test_a_check_in_flashes_at_once_on_the_streets_map(django_capture_on_commit_callbacks):
    from tracking.duty import check_in

    device = device_in_street("007")
    ws = socket("street007")
    other = socket("street008")

    def do_check_in():
        with django_capture_on_commit_callbacks(execute=True):
            check_in(device.user, lon=device.point.x, lat=device.point.y)

    async def scenario():
        from channels.db import database_sync_to_async

        for w in (ws, other):
            assert (await w.connect())[0]
            await receive_snapshot(w)
        await database_sync_to_async(do_check_in)()
        frame = await ws.receive_json_from()
        assert frame["type"] == "checkin" and frame["user"] == device.user_id
        assert frame["kind"] == "in" and frame["inside"] is True and frame["accepted"] is True
        assert await other.receive_nothing(0.3)
        await _ingest_async(device, walk(device, 2, NOW - timedelta(minutes=1)), django_capture_on_commit_callbacks)
        await flush_positions()
        assert (await ws.receive_json_from())["workers"][0]["status"] == "on_duty"
        for w in (ws, other):
            await w.disconnect()

    async_to_sync(scenario)()


def test_open_events_come_in_the_snapshot_and_changes_at_once(django_capture_on_commit_callbacks):
    from events.models import Category
    from events.services import report_event

    device = device_in_street("009")
    category = Category.objects.filter(photo_required=False).order_by("id").first()
    ws, other, again = socket("street009"), socket("street010"), socket("street009")

    def report():
        with django_capture_on_commit_callbacks(execute=True):
            return report_event(
                title="井盖破损",
                description="测试",
                category=category,
                lon=device.point.x,
                lat=device.point.y,
                source="worker",
                reporter=device.user,
            ).code

    async def scenario():
        from channels.db import database_sync_to_async

        for w in (ws, other):
            assert (await w.connect())[0]
            await receive_snapshot(w)
        code = await database_sync_to_async(report)()
        frame = await ws.receive_json_from()
        assert frame["type"] == "event" and frame["event"] == code and frame["code"].startswith("320411009")
        assert await other.receive_nothing(0.3)
        assert (await again.connect())[0]
        assert code in {e["event"] for e in (await receive_snapshot(again))["events"]["events"]}
        for w in (ws, other, again):
            await w.disconnect()

    async_to_sync(scenario)()

"""The map socket under hostile or non-browser clients (issue 13, items 5, 13): `?token=` without
Origin connects, a foreign Origin does not, a token with a NUL byte is no token, and a malformed
message gets the documented error frame instead of closing the socket with 1011."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from accounts.models import User
from accounts.tokens import issue
from config.asgi import application
from realtime.consumers import CLOSE_UNAUTHENTICATED
from realtime.routing import MAP_PATH

pytestmark = pytest.mark.django_db(transaction=False)


def _token(username="street001"):
    return issue(User.objects.get(username=username)).key


def _connect(query="", headers=()):
    ws = WebsocketCommunicator(application, f"/{MAP_PATH}{query}", headers=[(b"host", b"127.0.0.1"), *headers])

    async def scenario():
        connected, code = await ws.connect()
        if connected:
            await ws.disconnect()
        return connected, code

    return async_to_sync(scenario)()


def test_a_token_client_without_origin_connects():
    assert _connect(f"?token={_token()}")[0]


def test_a_foreign_origin_is_refused_even_with_a_token():
    assert not _connect(f"?token={_token()}", [(b"origin", b"https://evil.example")])[0]


def test_no_origin_and_no_token_is_refused():
    assert not _connect()[0]


def test_a_nul_byte_token_is_no_token():
    connected, code = _connect("?token=%00", [(b"origin", b"http://127.0.0.1")])
    assert not connected and code == CLOSE_UNAUTHENTICATED


def test_a_malformed_message_gets_the_error_frame_and_the_socket_stays_open():
    ws = WebsocketCommunicator(application, f"/{MAP_PATH}?token={_token()}", headers=[(b"host", b"127.0.0.1")])

    async def scenario():
        assert (await ws.connect())[0]
        while not await ws.receive_nothing(0.3):  # the snapshot frames
            await ws.receive_json_from()
        for bad in ("{not json", "[" * 50_000 + "]" * 50_000, '{"type": "viewport", "bbox": [1e999, 0, 1, 1]}'):
            await ws.send_to(text_data=bad)
            frame = await ws.receive_json_from(timeout=2)
            assert frame["type"] == "error" and frame["detail"]
        await ws.send_json_to({"type": "layers", "layers": ["workers"]})
        assert await ws.receive_nothing(0.2)  # still open, still answering normally
        await ws.disconnect()

    async_to_sync(scenario)()


def test_a_worker_visiting_from_another_street_shows_without_their_grid(django_capture_on_commit_callbacks):
    """Issue 13, item 9: accounts.privacy.visitor_view on the snapshot (and, registered, on frames)."""
    from datetime import datetime, timedelta, timezone

    from grids.models import Grid
    from tracking.fixes import Fix
    from tracking.ingest import record_fixes
    from tracking.models import Device

    visitor = Device.objects.filter(user__role="grid_worker", user__jurisdiction_code__startswith="320411002").first()
    spot = Grid.objects.filter(code__startswith="320411001").order_by("code").first().geom.point_on_surface
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=5)
    fixes = [Fix(time=start + timedelta(seconds=10 * i), lon=spot.x, lat=spot.y, accuracy_m=5) for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        record_fixes(visitor, fixes, "test")
    ws = WebsocketCommunicator(application, f"/{MAP_PATH}?token={_token('street001')}", headers=[(b"host", b"x")])

    async def scenario():
        assert (await ws.connect())[0]
        frames = []
        while not await ws.receive_nothing(0.3):
            frames.append(await ws.receive_json_from())
        await ws.disconnect()
        return frames

    frames = async_to_sync(scenario)()
    workers = next(f for f in frames if f["type"] == "positions")["workers"]
    seen = next(w for w in workers if w["id"] == visitor.user_id)
    assert seen["own_grid"] == "" and seen["visitor"] is True

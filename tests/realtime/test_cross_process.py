"""Two daphne processes share one Redis: a fix posted to one reaches a map client on the other.
With Redis down, ingest still stores and answers; once Redis is back, a reconnected map resumes."""

import asyncio
import json
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import websockets

from realtime.routing import MAP_PATH
from tests.servers import RedisServer, daphne, terminate_sessions

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """A grid worker's device and a street operator's token, committed so the servers see them;
    the fixes the servers store are removed afterwards."""
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import issue
    from tracking.models import Device

    with django_db_blocker.unblock():
        device = Device.objects.select_related("user").filter(user__role="grid_worker").order_by("-id").first()
        point = device.user.grid_memberships.first().grid.geom.point_on_surface
        operator = User.objects.get(username="street" + device.user.jurisdiction_code[6:9])
        token = issue(user=operator)
        settings_dict = dict(connection.settings_dict)
    yield {"device": device, "point": point, "token": token.key, "settings": settings_dict}
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM tracking_position WHERE device_id = %s", [device.pk])
            cursor.execute("DELETE FROM tracking_latestposition WHERE user_id = %s", [device.user_id])
            cursor.execute("DELETE FROM tracking_heat")
        terminate_sessions(settings_dict["NAME"])


@pytest.fixture
def redis():
    server = RedisServer().start()
    yield server
    server.close()


def post_fix(base_url, committed, minutes_ago):
    p, device = committed["point"], committed["device"]
    stamp = int((datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)).timestamp())
    url = f"{base_url}/osmand/?id={device.identifier}&timestamp={stamp}&lat={p.y}&lon={p.x}&accuracy=5"
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as response:
        return response.status


async def next_positions(ws, timeout=5.0):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == "positions" and not frame.get("snapshot"):
            return frame


def ws_url(base, token):
    return base.replace("http://", "ws://") + f"/{MAP_PATH}?token={token}"


def test_a_fix_posted_to_one_process_reaches_a_map_on_the_other(committed, redis):
    ARTIFACTS.mkdir(exist_ok=True)
    settings_dict = committed["settings"]
    with (
        daphne(settings_dict, ARTIFACTS / "daphne-a.log", REDIS_URL=redis.url) as a,
        daphne(settings_dict, ARTIFACTS / "daphne-b.log", REDIS_URL=redis.url) as b,
    ):

        async def scenario():
            async with websockets.connect(ws_url(b, committed["token"]), origin="http://127.0.0.1") as ws:
                snapshot = json.loads(await ws.recv())
                assert snapshot["type"] == "positions" and snapshot["snapshot"]
                assert await asyncio.to_thread(post_fix, a, committed, 3) == 200
                frame = await next_positions(ws)
                assert committed["device"].user_id in [w["id"] for w in frame["workers"]]

        asyncio.run(scenario())


def test_with_redis_down_ingest_still_stores_and_the_map_resumes_when_it_is_back(committed, redis, django_db_blocker):
    from tracking.models import Position

    settings_dict = committed["settings"]
    with daphne(settings_dict, ARTIFACTS / "daphne-c.log", REDIS_URL=redis.url) as a:
        redis.stop()
        assert post_fix(a, committed, 2) == 200  # Redis down: stored and answered all the same
        redis.start()

        async def scenario():
            for _ in range(20):  # the map reconnects until its socket is accepted again
                try:
                    ws = await websockets.connect(ws_url(a, committed["token"]), origin="http://127.0.0.1")
                    break
                except (OSError, websockets.exceptions.InvalidStatus):
                    await asyncio.sleep(0.5)
            async with ws:
                json.loads(await ws.recv())  # snapshot
                assert await asyncio.to_thread(post_fix, a, committed, 1) == 200
                frame = await next_positions(ws)
                assert committed["device"].user_id in [w["id"] for w in frame["workers"]]

        asyncio.run(scenario())
    with django_db_blocker.unblock():
        times = list(Position.objects.filter(device=committed["device"]).values_list("time", flat=True))
    assert len(times) >= 2, "the fix posted while Redis was down was stored"

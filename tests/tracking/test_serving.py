"""`make run`'s server end to end: scripts/serve.sh with two uvicorn processes on one port, the
lean OsmAnd/OwnTracks path with group commit, a live map on each process, overload shedding."""

import asyncio
import base64
import http.client
import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import websockets

from realtime.routing import MAP_PATH
from tests.servers import RedisServer, serve_script, server_pids, terminate_sessions

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """Two grid workers' devices and their street operator's token, committed so the servers see
    them; whatever the servers store is removed afterwards."""
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import issue
    from tracking.models import Device

    with django_db_blocker.unblock():
        devices = list(
            Device.objects.select_related("user").filter(user__role="grid_worker", is_active=True).order_by("id")[:40]
        )
        first = devices[0]
        street = first.user.jurisdiction_code[:9]
        devices = [d for d in devices if d.user.jurisdiction_code.startswith(street)] or [first]
        points = {d.pk: d.user.grid_memberships.first().grid.geom.point_on_surface for d in devices}
        operator = User.objects.get(username="street" + street[6:9])
        token = issue(user=operator)
        settings_dict = dict(connection.settings_dict)
    yield {"devices": devices, "points": points, "token": token.key, "settings": settings_dict}
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            ids = [d.pk for d in devices]
            cursor.execute("DELETE FROM tracking_position WHERE device_id = ANY(%s)", [ids])
            cursor.execute("DELETE FROM tracking_latestposition WHERE device_id = ANY(%s)", [ids])
            cursor.execute("DELETE FROM tracking_heat")
        terminate_sessions(settings_dict["NAME"])


@pytest.fixture(scope="module")
def server(committed):
    ARTIFACTS.mkdir(exist_ok=True)
    redis = RedisServer().start()
    try:
        with serve_script(committed["settings"], ARTIFACTS / "serve.log", workers=2, REDIS_URL=redis.url) as running:
            yield running
    finally:
        redis.close()


def fetch(url, method="GET", body=None, headers=None):
    """(status, headers, body bytes) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def osmand_url(base, device, point, minutes_ago, **extra):
    stamp = int((datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)).timestamp())
    query = f"id={device.identifier}&timestamp={stamp}&lat={point.y}&lon={point.x}&accuracy=5"
    return f"{base}/osmand/?{query}" + "".join(f"&{k}={v}" for k, v in extra.items())


def stored(django_db_blocker, devices, since_minutes):
    from tracking.models import Position

    since = datetime.now(timezone.utc) - timedelta(minutes=since_minutes)
    with django_db_blocker.unblock():
        return Position.objects.filter(device__in=devices, time__gte=since).count()


def test_two_processes_serve_a_page_and_health(server):
    base, pid = server
    assert len(server_pids(pid)) == 2
    status, _, body = fetch(f"{base}/healthz")
    assert (status, body) == (200, b"ok")
    status, _, page = fetch(f"{base}/login/")
    assert status == 200 and b"<form" in page


def test_concurrent_fixes_are_each_stored_once_and_answered_after_commit(server, committed, django_db_blocker):
    from tracking.models import Position

    base, _ = server
    devices, points = committed["devices"], committed["points"]
    urls = [osmand_url(base, d, points[d.pk], 300 + i) for i in range(3) for d in devices]
    with ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(lambda u: fetch(u, "POST")[0], urls))
    assert statuses == [200] * len(urls)
    # Answered means committed: every fix is there the moment the last answer arrived.
    with django_db_blocker.unblock():
        rows = Position.objects.filter(device__in=devices, source="osmand").count()
    assert rows == len(urls)
    with ThreadPoolExecutor(32) as pool:  # Traccar Client retries: nothing is stored twice
        again = list(pool.map(lambda u: fetch(u, "POST")[0], urls))
    assert again == [200] * len(urls)
    with django_db_blocker.unblock():
        assert Position.objects.filter(device__in=devices, source="osmand").count() == rows


def test_errors_stay_per_request_in_a_group(server, committed):
    base, _ = server
    device = committed["devices"][0]
    p = committed["points"][device.pk]
    good = [osmand_url(base, device, p, 200 + i) for i in range(10)]
    bad_lat = osmand_url(base, device, p, 199).replace(f"lat={p.y}", "lat=123")
    unknown = osmand_url(base, device, p, 198).replace(device.identifier, "no-such-device")
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda u: fetch(u), good + [bad_lat, unknown]))
    assert [a[0] for a in answers[:10]] == [200] * 10
    status, headers, body = answers[10]
    assert status == 400 and json.loads(body)["field"] == "lat" and headers["X-Request-ID"]
    status, _, body = answers[11]
    assert status == 400 and json.loads(body) == {
        "detail": "未知设备 (unknown device id)",
        "field": "id",
        "errors": [{"field": "id", "message": "未知设备 (unknown device id)"}],
    }
    json_unknown = fetch(
        f"{base}/osmand/",
        "POST",
        json.dumps(
            {
                "device_id": "nobody",
                "location": {
                    "timestamp": datetime.now(timezone.utc).isoformat(),
                    "coords": {"latitude": p.y, "longitude": p.x},
                },
            }
        ).encode(),
        {"Content-Type": "application/json"},
    )
    assert json_unknown[0] == 404
    # A body declared too large is refused before it is read. Only the headers are sent: a client
    # still writing the rest would race the server closing the connection after its answer.
    connection = http.client.HTTPConnection(base.split("//")[1], timeout=30)
    connection.putrequest("POST", "/osmand/")
    connection.putheader("Content-Type", "text/plain")
    connection.putheader("Content-Length", str(4 * 1024 * 1024 + 1))
    connection.endheaders()
    huge = connection.getresponse()
    assert huge.status == 413 and json.loads(huge.read())["field"] == "body"
    connection.close()


def test_owntracks_on_the_lean_path(server, committed, django_db_blocker):
    from tracking.models import Position

    base, _ = server
    device = committed["devices"][-1]
    p = committed["points"][device.pk]
    stamp = int((datetime.now(timezone.utc) - timedelta(minutes=100)).timestamp())
    message = json.dumps({"_type": "location", "lat": p.y, "lon": p.x, "tst": stamp, "vel": 36}).encode()

    def auth(password):
        token = base64.b64encode(f"{device.user.username}:{password}".encode()).decode()
        return {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    status, _, body = fetch(f"{base}/owntracks/", "POST", message, auth(device.identifier))
    assert (status, json.loads(body)) == (200, [])
    with django_db_blocker.unblock():
        row = Position.objects.get(device=device, source="owntracks")
    assert row.speed_mps == pytest.approx(10.0)
    status, headers, _ = fetch(f"{base}/owntracks/", "POST", message, auth("guess"))
    assert status == 401 and headers["WWW-Authenticate"] == 'Basic realm="wangge"'


def test_control_characters_are_refused_on_the_lean_path(server, committed):
    """NUL and other control characters never reach the database from the lean handlers: a 400
    naming the field, as the Django path's input guard answers (no 500, no traceback)."""
    base, _ = server
    device = committed["devices"][0]
    p = committed["points"][device.pk]
    status, _, body = fetch(f"{base}/osmand/?id=%00&lat={p.y}&lon={p.x}")
    assert status == 400 and json.loads(body)["field"] == "id"
    form = f"id={device.identifier}%01&lat={p.y}&lon={p.x}".encode()
    status, _, body = fetch(f"{base}/osmand/", "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and json.loads(body)["field"] == "id"
    token = base64.b64encode(f"{device.user.username}:{device.identifier}".encode()).decode()
    message = b'{"_type": "location", "lat": 31.8, "lon": 119.9, "tst": 1700000000, "tid": "a\\u0000"}'
    headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
    status, _, body = fetch(f"{base}/owntracks/", "POST", message, headers)
    assert status == 400 and json.loads(body)["field"] == "tid"
    tile = {"Authorization": f"Token {committed['token']}"}
    status, _, body = fetch(f"{base}/tiles/grids/12/3417/1666.pbf?shift=%00", headers=tile)
    assert status == 400 and json.loads(body)["field"] == "shift"


def _socket_owner(port: int, client_port: int, pids: list[int]) -> int | None:
    """Which server process holds the server side of the connection from `client_port`."""
    want = f"0100007F:{port:04X}", f"0100007F:{client_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if (fields[1], fields[2]) == want:
            inode = fields[9]
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue
    return None


def test_a_fix_reaches_maps_on_both_processes(server, committed):
    base, root = server
    pids = server_pids(root)
    port = int(base.rsplit(":", 1)[1])
    device = committed["devices"][0]
    url = base.replace("http://", "ws://") + f"/{MAP_PATH}?token={committed['token']}"

    async def scenario():
        sockets, owners = [], {}
        try:
            for _ in range(30):  # the kernel hands connections to either process: open until both hold one
                ws = await websockets.connect(url, origin="http://127.0.0.1")
                sockets.append(ws)
                owner = _socket_owner(port, ws.local_address[1], pids)
                owners.setdefault(owner, ws)
                if len([o for o in owners if o]) == 2:
                    break
            maps = [ws for owner, ws in owners.items() if owner]
            assert len(maps) == 2, f"connections did not spread over both processes: {owners.keys()}"
            for ws in maps:
                assert json.loads(await ws.recv())["snapshot"]
            status = await asyncio.to_thread(
                lambda: fetch(osmand_url(base, device, committed["points"][device.pk], 1))[0]
            )
            assert status == 200
            for ws in maps:
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if frame["type"] == "positions" and not frame.get("snapshot"):
                        if device.user_id in [w["id"] for w in frame["workers"]]:
                            break
        finally:
            for ws in sockets:
                await ws.close()

    asyncio.run(scenario())


def test_a_half_sent_body_does_not_stall_other_requests(server, committed):
    import socket

    base, _ = server
    host, port = base.removeprefix("http://").split(":")
    device = committed["devices"][1]
    stalled = []
    for _ in range(4):  # more half-sent requests than there are processes
        s = socket.create_connection((host, int(port)))
        s.sendall(b"POST /osmand/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n")
        s.sendall(b"Content-Length: 1000\r\n\r\nid=" + device.identifier.encode())
        stalled.append(s)
    try:  # a stalled server would leave this request unanswered (fetch gives up after 30 s)
        assert fetch(osmand_url(base, device, committed["points"][device.pk], 50))[0] == 200
    finally:
        for s in stalled:
            s.close()

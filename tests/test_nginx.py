"""deploy/nginx.conf with Debian's nginx in front of a real server: a page, a static file, a tile
(a cache hit on the second fetch), the live-map socket, and a 413 for an oversized body."""

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import websockets

from realtime.routing import MAP_PATH
from tests.servers import daphne, free_port, terminate_sessions

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import issue
    from grids.models import Grid

    with django_db_blocker.unblock():
        operator = User.objects.get(username="street001")
        token = issue(user=operator)
        grid = Grid.objects.filter(code__startswith=operator.jurisdiction_code[:9]).order_by("code").first()
        settings_dict = dict(connection.settings_dict)
    yield {"token": token.key, "point": grid.geom.point_on_surface, "settings": settings_dict}
    with django_db_blocker.unblock():
        terminate_sessions(settings_dict["NAME"])


def nginx_config(tmp: Path, port: int, backend: int, static: Path) -> Path:
    """deploy/nginx.conf with only its port numbers and paths changed, inside a minimal main file."""
    site = (ROOT / "deploy/nginx.conf").read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{backend};"),
        ("/srv/wangge/staticfiles/", f"{static}/"),
        ("/var/cache/nginx/wangge", str(tmp / "cache")),
        ("/var/log/nginx/wangge.access.log", str(tmp / "access.log")),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp / "wangge.conf").write_text(site)
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/wangge.conf;
}}
"""
    )
    return main


@pytest.fixture(scope="module")
def proxied(committed):
    ARTIFACTS.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="wangge-nginx-"))
    static = tmp / "static"
    static.mkdir()
    (static / "probe.txt").write_text("served by nginx")
    port = free_port()
    with daphne(committed["settings"], ARTIFACTS / "nginx-backend.log") as backend:
        main = nginx_config(tmp, port, int(backend.rsplit(":", 1)[1]), static)
        check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(main)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(main)], stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            yield {"url": f"http://127.0.0.1:{port}", "tmp": tmp}
        finally:
            process.terminate()
            process.wait(timeout=10)
            shutil.copy(tmp / "access.log", ARTIFACTS / "nginx-access.log")
            shutil.rmtree(tmp, ignore_errors=True)


def get(url, headers=None, method="GET", body=None):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=body)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_page_through_nginx_carries_its_request_id(proxied):
    status, headers, body = get(f"{proxied['url']}/login/")
    assert status == 200 and b"<form" in body
    assert len(headers["X-Request-ID"]) == 32  # nginx's $request_id, handed to the app and echoed


def test_static_files_come_from_nginx(proxied):
    status, headers, body = get(f"{proxied['url']}/static/probe.txt")
    assert (status, body) == (200, b"served by nginx") and "X-Request-ID" not in headers


def test_a_tile_is_a_cache_hit_on_the_second_fetch_and_per_caller(proxied, committed):
    from geo.tiles.coords import tile_of

    p = committed["point"]
    x, y = tile_of(p.x, p.y, 14)
    url = f"{proxied['url']}/tiles/grids/14/{x}/{y}.pbf"
    auth = {"Authorization": f"Token {committed['token']}"}
    first = get(url, auth)
    second = get(url, auth)
    assert first[0] == 200 and first[1]["X-Cache"] == "MISS" and first[2]
    assert second[0] == 200 and second[1]["X-Cache"] == "HIT" and second[2] == first[2]
    anonymous = get(url)  # the cache never answers another caller
    assert anonymous[0] == 401
    assert "cache=HIT" in (proxied["tmp"] / "access.log").read_text()


def test_the_live_map_socket_through_nginx(proxied, committed):
    url = proxied["url"].replace("http://", "ws://") + f"/{MAP_PATH}?token={committed['token']}"

    async def scenario():
        async with websockets.connect(url, origin=proxied["url"]) as ws:
            return json.loads(await asyncio.wait_for(ws.recv(), 10))

    frame = asyncio.run(scenario())
    assert frame["type"] == "positions" and frame["snapshot"]


def test_an_oversized_body_is_refused_by_nginx_with_413(proxied):
    status, _, _ = get(f"{proxied['url']}/osmand/", method="POST", body=b"x" * (17 * 1024 * 1024))
    assert status == 413


def test_json_is_gzipped(proxied):
    status, headers, _ = get(f"{proxied['url']}/api/schema/?format=json", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"

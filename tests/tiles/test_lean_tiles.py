"""The lean tile path (token-authenticated GETs answered ahead of Django) against the Django view:
for every kind of answer — a tile, empty, out of range, unknown layer, bad token, bad shift, 304 —
the same status, body and caching headers, over HTTP from a real server."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.servers import daphne, terminate_sessions

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import issue
    from grids.models import Grid

    ARTIFACTS.mkdir(exist_ok=True)
    with django_db_blocker.unblock():
        operator = User.objects.get(username="street001")
        token = issue(user=operator)
        point = Grid.objects.filter(code__startswith="320411001").order_by("code").first().geom.point_on_surface
        settings_dict = dict(connection.settings_dict)
    with daphne(settings_dict, ARTIFACTS / "lean-tiles.log") as url:
        yield {"url": url, "token": token.key, "point": point}
    with django_db_blocker.unblock():
        terminate_sessions(settings_dict["NAME"])


def over_http(url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def vary(value):
    return {part.strip().lower() for part in (value or "").split(",")}


def cases(point):
    from geo.tiles.coords import tile_of

    x, y = tile_of(point.x, point.y, 14)
    return [
        f"/tiles/grids/14/{x}/{y}.pbf",
        f"/tiles/grids/14/{x}/{y}.pbf?shift=gcj02",
        f"/tiles/grids/14/{x}/{y}.pbf?shift=mars",
        f"/tiles/microgrids/3/{x % 8}/{y % 8}.pbf",
        f"/tiles/grids/14/{2**14}/{y}.pbf",
        f"/tiles/nosuchlayer/14/{x}/{y}.pbf",
        "/tiles/grids/14/0/0.pbf",
    ]


def test_lean_tiles_answer_as_the_django_view(server):
    lean_headers = {"Authorization": f"Token {server['token']}"}
    for path in cases(server["point"]):
        status, headers, body = over_http(server["url"] + path, lean_headers)
        django = Client().get(path, HTTP_AUTHORIZATION=lean_headers["Authorization"])
        assert status == django.status_code, path
        assert body == django.content, path
        assert "X-Request-ID" in headers  # answered by the lean path (the Django view adds it too)
        for name in ("ETag", "Cache-Control"):
            assert headers.get(name) == django.headers.get(name), (path, name)
        assert vary(headers.get("Vary")) == vary(django.headers.get("Vary")), path
        if status == 200:
            assert headers["Content-Type"] == django["Content-Type"]
            again = over_http(server["url"] + path, {**lean_headers, "If-None-Match": headers["ETag"]})
            assert again[0] == 304 and again[2] == b""


def test_a_wrong_token_is_401_and_a_session_falls_through_to_django(server):
    path = cases(server["point"])[0]
    status, _, body = over_http(server["url"] + path, {"Authorization": "Token not-a-token"})
    assert status == 401 and b"detail" in body
    anonymous = over_http(server["url"] + path, {})
    assert anonymous[0] == 401

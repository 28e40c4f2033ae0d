"""Vector tiles on the lean path (config/lean.py): `GET /tiles/{layer}/{z}/{x}/{y}.pbf` with
`Authorization: Token …` skips Django's request cycle and answers with the view's own function
(`geo.tiles.views.tile_response`: the same jurisdiction cut, statuses, ETag, cache and error
bodies). Tokens are remembered for TOKEN_CACHE_SECONDS (a revoked token still reads tiles that
long). Any other tile request (the map page's session cookie, other methods) goes to Django."""

import asyncio
import contextvars
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils.cache import patch_vary_headers
from starlette.requests import Request
from starlette.responses import Response

from geo.api.lean import error_json, refuse_control
from geo.errors import DomainError, Unavailable
from geo.tiles.views import tile_response, user_for_token
from ops.lean import observed

__all__ = ["LeanTiles", "ROUTE"]

ROUTE = "/tiles/{layer}/{z:int}/{x:int}/{y:int}.pbf"
TOKEN_CACHE_SECONDS = getattr(settings, "TOKEN_CACHE_SECONDS", 5.0)
# Rendering reads the database: a few threads, each keeping its pooled connection.
_render = ThreadPoolExecutor(4, thread_name_prefix="tiles")
_tokens: dict[str, tuple[float, object]] = {}
_tokens_lock = threading.Lock()


def _user(key: str):
    now = time.monotonic()
    with _tokens_lock:
        cached = _tokens.get(key)
    if cached and cached[0] > now:
        return cached[1]
    user = user_for_token(key)
    with _tokens_lock:
        if len(_tokens) > 10_000:
            _tokens.clear()
        _tokens[key] = (now + TOKEN_CACHE_SECONDS, user)
    return user


def _answer(key, layer, z, x, y, shift, if_none_match) -> Response:
    try:
        django_response = tile_response(_user(key), layer, z, x, y, shift, if_none_match)
    except (OperationalError, InterfaceError):
        connection.close()  # a broken connection leaves the pool; the next tile reconnects
        return error_json(Unavailable("数据库暂不可用，请稍后重试 (the database is unavailable, retry later)"))
    # What Django's session and locale middleware add to every tile answer.
    patch_vary_headers(django_response, ("Cookie", "Accept-Language"))
    headers = {k: v for k, v in django_response.items() if k.lower() not in ("content-length", "content-type")}
    return Response(
        django_response.content,
        status_code=django_response.status_code,
        headers=headers,
        media_type=django_response.get("Content-Type") if django_response.content else None,
    )


@observed("tiles/<str:layer>/<int:z>/<int:x>/<int:y>.pbf")
async def _tile(request: Request) -> Response:
    p = request.path_params
    key = request.headers["authorization"].partition(" ")[2].strip()
    shift = request.query_params.get("shift") or ""
    if_none_match = request.headers.get("if-none-match", "")
    run = contextvars.copy_context().run  # the request id and replica scope follow into the thread
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        _render, run, _answer, key, p["layer"], p["z"], p["x"], p["y"], shift, if_none_match
    )


class LeanTiles:
    """An ASGI endpoint: token-authenticated GETs here, everything else to `django_app`."""

    def __init__(self, django_app):
        self.django_app = django_app

    async def __call__(self, scope, receive, send):
        request = Request(scope, receive)
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if request.method != "GET" or scheme.lower() != "token" or not key.strip():
            return await self.django_app(scope, receive, send)
        try:
            refuse_control(request)
        except DomainError as exc:
            return await error_json(exc)(scope, receive, send)
        response = await _tile(request)
        await response(scope, receive, send)

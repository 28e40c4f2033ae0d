"""Websocket authentication: the session cookie (map page) or `?token=` (API clients; browsers
cannot set headers on a websocket)."""

import re
from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from channels.security.websocket import AllowedHostsOriginValidator

from realtime import registry

__all__ = ["TokenOrSessionAuth", "BrowserOriginValidator"]

_TOKEN = re.compile(r"[0-9a-f]{40}")


@database_sync_to_async
def _user_for_token(key):
    return registry.user_for_token(key)  # accounts.tokens, registered by accounts


class _TokenAuth(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        key = _query_token(scope)  # anything but a token's shape (a NUL byte, a megabyte) is no token
        if key:
            user = await _user_for_token(key)
            if user is not None:
                scope = dict(scope, user=user)
        return await super().__call__(scope, receive, send)


def TokenOrSessionAuth(inner):
    return AuthMiddlewareStack(_TokenAuth(inner))


def BrowserOriginValidator(inner):
    """Browsers always send Origin on a websocket handshake: theirs must be one of ALLOWED_HOSTS
    (a foreign page cannot ride the session cookie). A client without Origin is not a browser; it
    may connect with `?token=` (the README's API clients), not with a cookie."""
    checked = AllowedHostsOriginValidator(inner)

    async def app(scope, receive, send):
        has_origin = any(name == b"origin" for name, _ in scope.get("headers", []))
        if not has_origin and _query_token(scope):
            return await inner(scope, receive, send)
        return await checked(scope, receive, send)

    return app


def _query_token(scope) -> str | None:
    key = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0]
    return key if key and _TOKEN.fullmatch(key) else None

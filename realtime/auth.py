"""Websocket authentication: the session cookie (map page) or `?token=` (API clients; browsers
cannot set headers on a websocket)."""

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware

__all__ = ["TokenOrSessionAuth"]


@database_sync_to_async
def _user_for_token(key):
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token and token.user.is_active else None


class _TokenAuth(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        key = parse_qs(scope.get("query_string", b"").decode()).get("token", [None])[0]
        if key:
            user = await _user_for_token(key)
            if user is not None:
                scope = dict(scope, user=user)
        return await super().__call__(scope, receive, send)


def TokenOrSessionAuth(inner):
    return AuthMiddlewareStack(_TokenAuth(inner))

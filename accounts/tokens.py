"""API tokens with an expiry and revocation (accounts.models.ApiToken). `issue` makes one and
returns the key once; `user_for_key` is the one lookup (DRF's authentication class below, the map
socket through realtime.auth, lean ASGI handlers); only the key's SHA-256 is stored."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, TokenAuthentication

from accounts.models import ApiToken

__all__ = [
    "issue",
    "user_for_key",
    "token_for_key",
    "revoke",
    "revoke_all",
    "ApiTokenAuthentication",
    "BearerTokenAuthentication",
    "ThrottledBasicAuthentication",
]

_KEY = re.compile(r"[0-9a-f]{40}")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user, name: str = "", days: int | None = None) -> ApiToken:
    """A new token for `user`; its `key` attribute (not stored) is the secret to hand out."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(key),
        prefix=key[:8],
        name=name[:100],
        expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS),
        last_used_at=timezone.now(),  # so the first requests add no write
    )
    token.key = key
    return token


def token_for_key(key: str | None) -> ApiToken | None:
    """The live token with this key (not expired, not revoked, its user active), else None."""
    if not key or not _KEY.fullmatch(key):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def user_for_key(key: str | None):
    token = token_for_key(key)
    return token.user if token else None


def revoke(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def revoke_all(user, keep: ApiToken | None = None) -> int:
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if keep is not None:
        tokens = tokens.exclude(pk=keep.pk)
    return tokens.update(revoked_at=timezone.now())


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: `request.auth` is the ApiToken."""

    def authenticate_credentials(self, key):
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效或已过期 (invalid or expired token)")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per 5 min
        return token.user, token


class BearerTokenAuthentication(ApiTokenAuthentication):
    """`Authorization: Bearer <key>`, the header desktop GIS clients' "API header" set-ups send."""

    keyword = "Bearer"


class ThrottledBasicAuthentication(BasicAuthentication):
    """HTTP Basic (desktop GIS clients), with the same brute-force limits as every login."""

    def authenticate_credentials(self, userid, password, request=None):
        from accounts.throttle import check_password_login
        from geo.errors import DomainError

        try:
            user = check_password_login(request, userid, password, "basic")
        except DomainError as exc:
            if getattr(exc, "retry_after", None):
                raise exceptions.Throttled(wait=exc.retry_after, detail=str(exc)) from None
            raise exceptions.AuthenticationFailed(str(exc)) from None
        return user, None

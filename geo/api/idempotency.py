"""Create endpoints answer a retried request with the first reply instead of storing a second row.

The client names the request with an `Idempotency-Key` header (or a `client_id` member/field of
its body); an endpoint may also derive a key from the request itself (Open311: the form). The key
is claimed in the request's transaction before the view runs: a concurrent retry waits on the
unique index until the first commits, then replays its reply (`Idempotent-Replayed: true`). A reply
of 4xx releases the key (the transaction rolls back with the error), so a corrected retry goes
through. Keys are kept IDEMPOTENCY_HOURS."""

import functools
import hashlib
import json
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.response import Response

from geo.errors import BadInput
from geo.models import IdempotencyKey

__all__ = ["idempotent", "client_key", "form_digest", "purge_expired"]

_KEY = re.compile(r"[\x21-\x7e]{1,100}")


def client_key(request) -> str | None:
    """The client's key: the `Idempotency-Key` header, else `client_id` in the body; BadInput if malformed."""
    key = request.headers.get("Idempotency-Key")
    field = "idempotency-key"
    if key is None:
        data = getattr(request, "data", None)
        data = data if data is not None else request.POST
        key = data.get("client_id") if hasattr(data, "get") else None
        field = "client_id"
    if key is None or key == "":
        return None
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise BadInput(f"{field}: 1–100 个可见 ASCII 字符 (1 to 100 printable ASCII characters)", field=field)
    return key


def form_digest(request, ignore=("api_key",)) -> str:
    """A key from the form itself: the same form posted twice is one request."""
    items = sorted((k, v) for k, values in request.POST.lists() if k not in ignore for v in values)
    return "form:" + hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()[:64]


def _owner(request) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def _claim(scope: str, owner: str, key: str) -> IdempotencyKey:
    fresh_after = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_HOURS)
    IdempotencyKey.objects.filter(scope=scope, owner=owner, key=key, created_at__lt=fresh_after).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(scope=scope, owner=owner, key=key)
    except IntegrityError:  # claimed before (or by a concurrent request that has now committed)
        return IdempotencyKey.objects.select_for_update().get(scope=scope, owner=owner, key=key)


def _replay(row: IdempotencyKey):
    if row.content_type == "drf":
        response = Response(json.loads(row.body), status=row.status)
    else:
        response = HttpResponse(row.body, status=row.status, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _store(row: IdempotencyKey, response) -> None:
    row.status = response.status_code
    if isinstance(response, Response):
        row.content_type, row.body = "drf", json.dumps(response.data, ensure_ascii=False, default=str)
    else:
        row.content_type, row.body = response.get("Content-Type", ""), response.content.decode("utf-8", "replace")
    row.save(update_fields=["status", "content_type", "body"])


def idempotent(scope: str, *, owner=None, derive=None):
    """Decorate a view (a DRF method `(self, request, …)` or a function `(request, …)`). `owner(request)`
    scopes keys (default: the user); `derive(request)` gives a key when the client sent none."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request = args[1] if len(args) > 1 and not hasattr(args[0], "META") else args[0]
            if request.method != "POST":
                return view(*args, **kwargs)
            key = client_key(request) or (derive(request) if derive else None)
            if key is None:
                return view(*args, **kwargs)
            with transaction.atomic():
                row = _claim(scope, (owner or _owner)(request), key)
                if row.status is not None:
                    return _replay(row)
                response = view(*args, **kwargs)
                if response.status_code < 400:
                    _store(row, response)
                else:
                    row.delete()
                return response

        return wrapper

    return decorate


def purge_expired(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDEMPOTENCY_HOURS)
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]

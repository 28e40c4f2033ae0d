"""Delivering the outbox: POST each pending message to its source's `outbox_url`; 2xx marks it
sent, anything else schedules a retry after an exponentially growing pause, and after
conf.OUTBOX_MAX_ATTEMPTS attempts the message is failed.

Messages are claimed in a short transaction (FOR UPDATE SKIP LOCKED, then leased by moving
`next_attempt_at` ahead) and sent outside it, so no transaction waits on the network and two
workers never send the same message. An event's messages go out in order: one waits while an
earlier one of the same event is still pending."""

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from events.integrations import conf
from events.integrations.models import OutboxMessage, OutboxStatus

__all__ = ["backoff", "sign", "deliver_due", "send"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer other than 2xx: retried, never followed with our secret


_opener = urllib.request.build_opener(_NoRedirect)


def backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt: base, 2×base, 4×base, … capped."""
    seconds = conf.OUTBOX_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, conf.OUTBOX_BACKOFF_MAX_SECONDS))


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send(message: OutboxMessage) -> str | None:
    """POST the message; None on a 2xx answer, else what went wrong (for `last_error`)."""
    body = json.dumps({"id": message.pk, "source": message.source.code, **message.payload}, ensure_ascii=False).encode()
    request = urllib.request.Request(
        message.source.outbox_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {message.source.secret}",
            "X-Wangge-Signature": sign(message.source.secret, body),
            "Idempotency-Key": f"wangge-outbox-{message.pk}",
            "User-Agent": "wangge-outbox/1",
        },
    )
    try:
        with _opener.open(request, timeout=conf.OUTBOX_TIMEOUT_SECONDS) as response:
            response.read(65536)
            return None if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def _claim(now: datetime) -> list[OutboxMessage]:
    earlier = OutboxMessage.objects.filter(
        event_id=OuterRef("event_id"), status=OutboxStatus.PENDING, pk__lt=OuterRef("pk")
    )
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now, source__active=True)
            .exclude(source__outbox_url="")
            .exclude(Exists(earlier))
            .select_related("source")
            .select_for_update(of=("self",), skip_locked=True)
            .order_by("pk")[: conf.OUTBOX_BATCH]
        )
        OutboxMessage.objects.filter(pk__in=[m.pk for m in due]).update(
            next_attempt_at=now + timedelta(seconds=conf.OUTBOX_LEASE_SECONDS)
        )
    return due


def _settle(message: OutboxMessage, error: str | None, now: datetime) -> str:
    attempts = message.attempts + 1
    if error is None:
        changes = {"status": OutboxStatus.SENT, "sent_at": now, "last_error": ""}
    elif attempts >= conf.OUTBOX_MAX_ATTEMPTS:
        changes = {"status": OutboxStatus.FAILED, "last_error": error[:500]}
    else:
        changes = {"next_attempt_at": now + backoff(attempts), "last_error": error[:500]}
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=attempts, **changes)
    return changes.get("status", "retry")


def deliver_due(now: datetime, *, budget_seconds: float = conf.OUTBOX_RUN_SECONDS) -> dict:
    """Send what is due at `now`; returns counts {"sent", "retry", "failed"}."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    stop = time.monotonic() + budget_seconds
    while time.monotonic() < stop and (batch := _claim(now)):
        for message in batch:
            counts[_settle(message, send(message), now)] += 1
    return counts

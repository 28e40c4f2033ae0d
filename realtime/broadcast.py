"""The one way live data leaves a service: plain dicts in, channel-layer frames out, after commit.

Positions are coalesced: `publish_position` (called by ingest after its transaction commits) only
records the worker's newest fix in a per-process buffer; a ticker in the server's event loop sends
one `positions` frame per street group every TICK_SECONDS holding the latest fix of each worker that
moved, instead of one `group_send` per fix. Check-ins and events are rare and go out at once.
A channel layer that is down (Redis) loses frames, never ingest: errors are logged and dropped.
"""

import asyncio
import logging
import threading
from collections import defaultdict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

from realtime.groups import area_group, street_of, user_group

__all__ = ["publish_position", "publish_now", "publish_to_users", "flush_positions", "start_ticker", "TICK_SECONDS"]

log = logging.getLogger(__name__)
TICK_SECONDS = settings.REALTIME_TICK_SECONDS

_pending: dict[str, dict[int, dict]] = defaultdict(dict)  # street → worker id → newest position
_lock = threading.Lock()
_ticker: asyncio.Task | None = None


def publish_position(position: dict):
    """Queue a worker's position (keys: id, lon, lat, time, code, …) for the next frame, once the
    current transaction commits."""

    def queue():
        street = street_of(position.get("code", ""))
        with _lock:
            current = _pending[street].get(position["id"])
            if current is None or current["time"] <= position["time"]:
                _pending[street][position["id"]] = position

    transaction.on_commit(queue)


def _take_pending() -> dict[str, list[dict]]:
    global _pending
    with _lock:
        taken, _pending = _pending, defaultdict(dict)
    return {street: list(workers.values()) for street, workers in taken.items() if workers}


async def flush_positions() -> int:
    """Send one frame per street group with the positions queued since the last flush."""
    layer = get_channel_layer()
    sent = 0
    for street, workers in _take_pending().items():
        frame = {"type": "map.positions", "street": street, "workers": workers}
        try:
            await layer.group_send(area_group(street), frame)
            sent += 1
        except Exception:  # a channel layer that is down must not stop the ticker
            log.warning("could not send positions frame for %s", street, exc_info=True)
    return sent


async def _tick_forever():
    while True:
        await asyncio.sleep(TICK_SECONDS)
        await flush_positions()


def start_ticker():
    """Start the ticker in the running event loop (once per process)."""
    global _ticker
    if _ticker is None or _ticker.done():
        _ticker = asyncio.get_running_loop().create_task(_tick_forever())


def publish_now(kind: str, street_code: str, payload: dict):
    """Send a rare frame (check-in, event) to its street group right after commit."""

    def send():
        try:
            async_to_sync(get_channel_layer().group_send)(
                area_group(street_of(street_code)), {"type": "map.frame", "kind": kind, "payload": payload}
            )
        except Exception:
            log.warning("could not send %s frame", kind, exc_info=True)

    transaction.on_commit(send)


def publish_to_users(user_ids, kind: str, payload: dict):
    """Send a frame to each person's inbox (their phone) right after commit."""
    groups = [user_group(u) for u in dict.fromkeys(user_ids)]

    def send():
        layer = get_channel_layer()
        for group in groups:
            try:
                async_to_sync(layer.group_send)(group, {"type": "inbox.frame", "kind": kind, "payload": payload})
            except Exception:
                log.warning("could not send %s frame to %s", kind, group, exc_info=True)

    transaction.on_commit(send)

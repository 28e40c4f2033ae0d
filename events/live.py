"""What the live map receives about events: plain dicts for `realtime`, sent after commit.
`code` is the event's location code (the map socket filters frames by it); the event's own code
travels as `event`."""

from django.db import transaction

from realtime.broadcast import publish_now

__all__ = ["event_item", "publish_event", "open_events_snapshot"]


def event_item(event) -> dict:
    return {
        "id": event.pk,
        "event": event.code,
        "title": event.title,
        "status": event.status,
        "level": event.level,
        "category": event.category.code if event.category_id else None,
        "priority": event.priority,
        "lon": round(event.point.x, 7),
        "lat": round(event.point.y, 7),
        "code": event.location_code,
        "handler": event.handler_id,
        "supervised": event.supervised,
        "overdue": event.overdue,
        "due_at": event.due_at.isoformat() if event.due_at else None,
    }


def publish_event(event, action: str):
    """One `event` frame to the event's street group once the current transaction commits; then the
    cached overviews are stale and the maps of that street are told so (an `overview` frame: they
    read /api/v1/overview again, debounced)."""
    from events.overview import overview_changed

    publish_now("event", event.location_code, {**event_item(event), "action": action})
    transaction.on_commit(overview_changed)
    publish_now("overview", event.location_code, {"code": event.location_code})


def open_events_snapshot(prefix: str, limit: int = 2000) -> dict:
    """The `events` frame a map connection starts with: open events inside the jurisdiction, newest first."""
    from events.models import Event
    from events.workflow import OPEN

    events = (
        Event.objects.filter(location_code__startswith=prefix, status__in=list(OPEN))
        .select_related("category")
        .order_by("-id")[:limit]
    )
    return {"type": "events", "snapshot": True, "events": [event_item(e) for e in events]}

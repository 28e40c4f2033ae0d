"""Appending to the action log, the only way rows enter `events_eventaction` (they never change)."""

from events.integrations.outbox import record_status_change
from events.models import EventAction

__all__ = ["append_action", "actor_name"]


def actor_name(user) -> str:
    if user is None:
        return "系统"
    return user.display_name[:150]


def append_action(
    event, actor, action: str, *, from_status: str, from_level: str, time, note: str = "", attachments=None
) -> EventAction:
    """Record a step with the event's state after it (status, level, handler, department)."""
    entry = EventAction.objects.create(
        event=event,
        actor=actor,
        actor_name=actor_name(actor),
        action=action,
        from_status=from_status,
        to_status=event.status,
        from_level=from_level,
        to_level=event.level,
        handler_id=event.handler_id,
        department_id=event.department_id,
        note=note or "",
        attachments=list(attachments or []),
        time=time,
    )
    record_status_change(event, entry)  # an integration's event: its outbox hears of it, same transaction
    return entry

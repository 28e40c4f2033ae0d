"""Status changes of integration-sourced events, queued for their source. `record_status_change`
is called where the action log is appended (events.services.log), inside the step's transaction:
a message exists exactly when the step was committed."""

from events.integrations.models import INTEGRATION_SOURCES, IntegrationSource, OutboxMessage
from events.workflow import Status
from geo import choices

__all__ = ["record_status_change", "status_message"]


def status_message(event, entry) -> dict:
    """What the source hears: its own id, ours, the step and the status after it."""
    return {
        "external_id": event.external_id,
        "event_id": event.pk,
        "code": event.code,
        "action": entry.action,
        "from_status": entry.from_status,
        "status": entry.to_status,
        "status_label": choices.source_label(Status(entry.to_status)),
        "note": entry.note,
        "actor": entry.actor_name,
        "level": entry.to_level,
        "department": event.department.name if event.department_id else None,
        "rating": event.rating,
        "time": entry.time.isoformat(),
    }


def record_status_change(event, entry) -> OutboxMessage | None:
    """Queue `entry` (an EventAction just appended) when it changed the status of an event that
    came from an integration with an outbox. The first entry (the report itself) is not sent back:
    the webhook's reply already told the source."""
    if event.source not in INTEGRATION_SOURCES or not entry.from_status or entry.from_status == entry.to_status:
        return None
    source = IntegrationSource.objects.filter(code=event.source, active=True).exclude(outbox_url="").first()
    if source is None:
        return None
    return OutboxMessage.objects.create(
        source=source,
        event=event,
        payload=status_message(event, entry),
        next_attempt_at=entry.time,
        created_at=entry.time,
    )

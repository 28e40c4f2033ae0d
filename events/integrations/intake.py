"""Items arriving from an integration become events through the one intake service. The source's
`external_id` is the idempotency key: a resent item returns the stored event, unchanged."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from events.integrations import conf
from events.integrations.models import IntegrationSource
from events.models import Event
from events.services import report_event
from geo.errors import BadInput

__all__ = ["Received", "receive", "event_reply"]


@dataclass(frozen=True)
class Received:
    event: Event
    created: bool  # False: the item had been received before


def receive(source: IntegrationSource, item: dict, now: datetime | None = None) -> Received:
    """Store `item` (validated webhook fields) as an event of `source`. Our clock, and so the
    deadline, starts on receipt; the source's `reported_at` is kept in the event's attributes.
    Raises BadInput naming the field, OutsideDistrict (400) for a point outside the district."""
    now = now or timezone.now()
    stored = Event.objects.filter(source=source.code, external_id=item["external_id"].strip()).first()
    if stored is not None:
        return Received(stored, created=False)
    reported_at = item["reported_at"]
    if reported_at and reported_at > now + timedelta(seconds=conf.CLOCK_SKEW_SECONDS):
        raise BadInput("reported_at 晚于当前时间 (reported_at is in the future)", field="reported_at")
    attributes = {"reported_at": reported_at.isoformat()} if reported_at else {}
    event = report_event(
        title=item["title"],
        description=item["description"],
        category=item["category"],
        lon=item["lon"],
        lat=item["lat"],
        crs=item["crs"],
        source=source.code,
        external_id=item["external_id"],
        contact=item["contact"],
        priority=item["priority"],
        address=item["address"],
        attributes=attributes,
        now=now,
    )
    # Two deliveries of one item at once: intake returns the other's event, stored at another time.
    return Received(event, created=event.created_at == now)


def event_reply(received: Received) -> dict:
    event = received.event
    return {
        "id": event.pk,
        "code": event.code,
        "external_id": event.external_id,
        "created": received.created,
        "status": event.status,
        "level": event.level,
        "department": {"code": event.department.code, "name": event.department.name} if event.department_id else None,
        "due_at": timezone.localtime(event.due_at).isoformat() if event.due_at else None,
    }

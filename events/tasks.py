"""Periodic jobs of the events app (procrastinate; run by `manage.py procrastinate worker`)."""

from datetime import datetime, timezone

from procrastinate.contrib.django import app

from events.deadlines import scan_deadlines
from events.integrations.tasks import deliver_integration_outbox  # noqa: F401  (registers the outbox job)


@app.periodic(cron="*/5 * * * *", periodic_id="scan_event_deadlines")
@app.task(queue="events", queueing_lock="scan_event_deadlines")
def scan_event_deadlines(timestamp: int):
    """Every 5 minutes: flag overdue and due-soon events, remind street leaders of week-old events."""
    return scan_deadlines(datetime.fromtimestamp(timestamp, timezone.utc))

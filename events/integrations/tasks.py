"""The outbox job (procrastinate; registered through events.tasks)."""

from django.utils import timezone
from procrastinate.contrib.django import app

from events.integrations.delivery import deliver_due


@app.periodic(cron="* * * * *", periodic_id="deliver_integration_outbox")
@app.task(queue="events", queueing_lock="deliver_integration_outbox")
def deliver_integration_outbox(timestamp: int):
    """Every minute: send the integrations' pending status messages that are due. Due-ness is
    judged at the time the job runs, not when it was scheduled, so a late run still sends."""
    return deliver_due(timezone.now())

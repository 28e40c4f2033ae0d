"""Periodic job of the screens (procrastinate; run by `manage.py procrastinate worker`)."""

from datetime import datetime, timezone

from procrastinate.contrib.django import app

from screens.services import refresh


@app.periodic(cron="*/2 * * * *", periodic_id="refresh_screens")
@app.task(queue="screens", queueing_lock="refresh_screens")
def refresh_screens(timestamp: int):
    """Every 2 minutes: today's and yesterday's figures, the state now and the hot spots."""
    return refresh(datetime.fromtimestamp(timestamp, timezone.utc))

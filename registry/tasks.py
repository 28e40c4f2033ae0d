"""Periodic jobs of the registry (procrastinate; run by `manage.py procrastinate worker`)."""

from datetime import datetime, timezone

from procrastinate.contrib.django import app

from registry.services.alerts import scan_warnings


@app.periodic(cron="17 * * * *", periodic_id="scan_registry_warnings")
@app.task(queue="registry", queueing_lock="scan_registry_warnings")
def scan_registry_warnings(timestamp: int):
    """Hourly: raise and resolve registry warnings (overdue visits, crowded houses, expired rentals)."""
    result = scan_warnings(datetime.fromtimestamp(timestamp, timezone.utc))
    return {"raised": result.raised, "resolved": result.resolved, "open": result.open}

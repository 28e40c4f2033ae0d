"""Periodic jobs of the accounts app (procrastinate; run by `manage.py procrastinate worker`)."""

from procrastinate.contrib.django import app

from accounts.audit import purge_expired
from geo.api.idempotency import purge_expired as purge_idempotency_keys


@app.periodic(cron="17 3 * * *", periodic_id="purge_audit")
@app.task(queue="maintenance", queueing_lock="purge_audit")
def purge_audit(timestamp: int):
    """Every night: audit entries and login failures past AUDIT_RETENTION_DAYS, idempotency keys
    past IDEMPOTENCY_HOURS."""
    return {"audit": purge_expired(), "idempotency_keys": purge_idempotency_keys()}

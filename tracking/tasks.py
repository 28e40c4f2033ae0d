"""Periodic jobs of the tracking app (procrastinate; run by `manage.py procrastinate worker`)."""

from procrastinate.contrib.django import app

from tracking.partitions import drop_expired_partitions, ensure_partitions


@app.periodic(cron="7 * * * *", periodic_id="maintain_partitions")
@app.task(queue="maintenance", queueing_lock="maintain_partitions")
def maintain_partitions(timestamp: int):
    """Every hour: create the coming days' fix partitions and drop those past retention."""
    return {"created": ensure_partitions(), "dropped": drop_expired_partitions()}

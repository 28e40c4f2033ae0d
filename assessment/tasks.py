"""Periodic jobs of the assessment (procrastinate; run by `manage.py procrastinate worker`)."""

from datetime import datetime, timezone

from procrastinate.contrib.django import app

from assessment.points import award_points
from assessment.services import compute_period, open_periods


@app.periodic(cron="17 * * * *", periodic_id="compute_assessment")
@app.task(queue="assessment", queueing_lock="compute_assessment")
def compute_assessment(timestamp: int):
    """Every hour: award points for new actions, then recompute the scores of every open period."""
    now = datetime.fromtimestamp(timestamp, timezone.utc)
    awarded = award_points(now)
    scores = {pid: compute_period(pid, now) for pid in open_periods(now)}
    return {"points": awarded, "scores": scores}

"""The assessment's demo step (an add-on): this month's period with the default rules, computed,
and points awarded for what the demo holds. Idempotent; the period goes on `--reset`."""

import pgtrigger
from django.utils import timezone

from assessment.models import Period, PointEntry, Redemption
from assessment.points import award_points
from assessment.services import compute_period, create_period, period_dates
from grids.demo.steps import DemoStep


def load(context):
    today = timezone.localdate()
    start, _, _ = period_dates("month", today)
    period = Period.objects.filter(kind="month", start=start).first() or create_period("month", today)
    award_points()
    if not period.frozen:
        compute_period(period.pk)


def delete():
    """Before the demo users go: their ledger lines (append-only, so with the trigger set aside
    for this statement) and redemptions."""
    Period.objects.all().delete()
    with pgtrigger.ignore("assessment.PointEntry:append_only"):
        PointEntry.objects.filter(user__is_demo=True).delete()
    Redemption.objects.filter(user__is_demo=True).delete()


STEP = DemoStep(900, "绩效考核 assessment", load, delete, add_on=True)

"""The screens' one write: refresh the summary tables, then tell open walls (one frame per street
over the live-map socket, after commit) that new figures are there."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from geo.models import AdminArea
from realtime.broadcast import publish_now
from screens import conf
from screens.refresh_days import refresh_days
from screens.refresh_now import refresh_now
from tracking.micro_days import take_late_days

__all__ = ["refresh", "FRAME_KIND"]

FRAME_KIND = "screens"


def refresh(now: datetime | None = None, days: int | None = None) -> dict:
    """Recompute the last `days` local days (default SCREENS_REFRESH_DAYS: today and yesterday)
    and the older days marked late (tracking.micro_days: fixes that arrived afterwards), the state
    now and the hot spots."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    span = [today - timedelta(days=i) for i in range(days or conf.REFRESH_DAYS)]
    with transaction.atomic():
        span += [d for d in take_late_days() if d not in span]
        day_rows = refresh_days(span, now)
        areas, cells = refresh_now(now)
        for street in AdminArea.objects.filter(level="street").values_list("code", flat=True):
            publish_now(FRAME_KIND, street, {"code": street, "refreshed_at": now.isoformat()})
    return {"days": len(span), "day_rows": day_rows, "areas": areas, "hot_cells": cells}

"""Local days (settings.TIME_ZONE, Asia/Shanghai): the day every duty module, report and daily
partition is cut by."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

__all__ = ["local_tz", "local_today", "local_day_bounds"]


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today() -> date:
    return timezone.now().astimezone(local_tz()).date()


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local day as aware datetimes."""
    tz = local_tz()
    return datetime.combine(day, time.min, tz), datetime.combine(day + timedelta(days=1), time.min, tz)

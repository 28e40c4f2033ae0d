"""Parameters of OGC API – Features item requests: bbox, datetime, limit, offset. Bad values raise
BadInput naming the parameter (a 400, as the standard asks)."""

import math
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from analysis.ogc.crs import bbox_to_wgs84
from geo.errors import BadInput

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "parse_bbox", "parse_datetime_interval", "parse_limit", "parse_offset"]

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000


def parse_bbox(value: str | None, crs_uri: str):
    """`minx,miny,maxx,maxy` (or 6 numbers with heights, which are ignored) → WGS84 lon/lat box."""
    if not value:
        return None
    try:
        numbers = [float(n) for n in value.split(",")]
    except ValueError:
        raise BadInput("bbox: 须为4个(或6个)数字 (4 or 6 numbers)", field="bbox") from None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise BadInput("bbox: 须为4个(或6个)数字 (4 or 6 numbers)", field="bbox")
    west, south, east, north = bbox_to_wgs84(numbers, crs_uri)
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BadInput("bbox: 范围无效 (minx ≤ maxx, miny ≤ maxy, within ±180/±90)", field="bbox")
    return west, south, east, north


def _instant(text: str, end: bool) -> datetime | None:
    text = text.strip()
    if text in ("", ".."):
        return None
    parsed = parse_datetime(text)
    if parsed is None:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise BadInput(f"datetime: 无法解析 {text!r} (RFC 3339 date-time or date)", field="datetime") from None
        parsed = datetime.combine(day + timedelta(days=1) if end else day, time.min)
        return timezone.make_aware(parsed)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    # Intervals are closed; the query's end is exclusive.
    return parsed + timedelta(microseconds=1) if end else parsed


def parse_datetime_interval(value: str | None) -> tuple[datetime | None, datetime | None]:
    """An instant, a date, or an interval `start/end` with `..` for an open end → [start, end)."""
    if not value:
        return None, None
    if "/" in value:
        first, _, last = value.partition("/")
        start, end = _instant(first, end=False), _instant(last, end=True)
    else:
        start, end = _instant(value, end=False), _instant(value, end=True)
    if start and end and not start < end:
        raise BadInput("datetime: 开始须早于结束 (start must be before end)", field="datetime")
    return start, end


def _integer(value, name: str, low: int, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadInput(f"{name}: 须为整数 (an integer)", field=name) from None
    if number < low:
        raise BadInput(f"{name}: 须 ≥ {low}", field=name)
    return number


def parse_limit(value) -> int:
    """1 … MAX_LIMIT; larger values are cut to MAX_LIMIT, as the standard allows."""
    return min(_integer(value, "limit", 1, DEFAULT_LIMIT), MAX_LIMIT)


def parse_offset(value) -> int:
    return _integer(value, "offset", 0, 0)

"""Pure parsers for the ways a phone or GPS app hands us positions.

Each module turns what the HTTP layer received (query and form mappings, raw body bytes,
headers, content type) into :class:`tracking.fixes.Fix` objects, without touching the database
or Django's request, so each is unit-testable with canned input:

* :mod:`.osmand`    -- OsmAnd protocol (Traccar Client: query/form parameters or its JSON body)
* :mod:`.owntracks` -- OwnTracks in HTTP mode
* :mod:`.batch`     -- our own ``POST /api/v1/positions`` batch
* :mod:`.gpx`       -- GPX 1.0/1.1 files from any GPS app

A request that cannot be read as a whole raises :class:`ProtocolError`, naming the parameter.
Range, time-window, duplicate and jump rules are ingest's (:mod:`tracking.ingest`), except
where a module says otherwise. The helpers below are shared by those modules.
"""

import math
from datetime import datetime, timezone

from geo.crs import UnknownCRS, parse_crs
from geo.errors import BadInput

__all__ = ["ProtocolError", "to_float", "parse_bool", "to_crs", "from_epoch", "parse_iso_time"]

# Above this an epoch number is read as milliseconds. Traccar's rule (Integer.MAX_VALUE): in
# seconds it is 2038-01-19, in milliseconds 1970-01-25, so the two cannot be confused.
EPOCH_SECONDS_MAX = 2_147_483_647

_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


class ProtocolError(BadInput):
    """A request unreadable as a whole; ``field`` names the parameter to fix (e.g. ``"lat"``)."""

    def __init__(self, message, field):
        super().__init__(message, field=field)


def to_float(value, field):
    """``value`` (a JSON number or a numeric string) as a finite float, else ProtocolError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProtocolError(f"{field} 必须是数值 ({field} must be a number)", field)
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ProtocolError(f'{field} 必须是数值 ({field} must be a number, not "{value}")', field) from None
    if not math.isfinite(number):
        raise ProtocolError(f"{field} 必须是有限数值 ({field} must be a finite number)", field)
    return number


def parse_bool(value, field):
    """``true``/``false``/``1``/``0`` (text, any case) or a JSON boolean, else ProtocolError."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ProtocolError(f'{field} 必须是 true 或 false ({field} must be true or false, not "{value}")', field)


def to_crs(value, field="crs"):
    """The canonical coordinate-system name (missing or blank means wgs84), else ProtocolError."""
    try:
        return parse_crs(value)
    except UnknownCRS as error:
        raise ProtocolError(f"坐标系无效 ({error})", field) from None


def from_epoch(value, field):
    """Unix time as an aware UTC datetime: seconds, or milliseconds when above 2147483647."""
    seconds = to_float(value, field)
    if abs(seconds) > EPOCH_SECONDS_MAX:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ProtocolError(f'{field} 超出范围 ({field} is out of range: "{value}")', field) from None


def parse_iso_time(text, field, naive_tz=None):
    """ISO-8601 text as an aware UTC datetime (``Z`` and fractions of a second accepted).

    A time without a zone is read in ``naive_tz``; with ``naive_tz=None`` it is an error,
    because guessing the zone of a GPS fix moves it by hours.
    """
    if not isinstance(text, str):
        raise ProtocolError(f"{field} 必须是 ISO-8601 时间文本 ({field} must be ISO-8601 text)", field)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ProtocolError(f'{field} 不是 ISO-8601 时间 ({field} is not an ISO-8601 time: "{text}")', field) from None
    if moment.tzinfo is None:
        if naive_tz is None:
            raise ProtocolError(
                f'{field} 缺少时区 ({field} needs a time zone such as "Z" or "+08:00": "{text}")', field
            )
        moment = moment.replace(tzinfo=naive_tz)
    return moment.astimezone(timezone.utc)

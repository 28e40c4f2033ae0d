"""Our own batch API, ``POST /api/v1/positions``: a JSON list of fixes a phone queued offline.

Each element::

    {"id": "<client UUID>", "time": "2026-11-25T08:00:00+08:00", "lon": 119.95, "lat": 31.9,
     "crs": "gcj02", "accuracy_m": 8, "speed_mps": 1.2, "heading": 90, "altitude_m": 5,
     "battery": 0.8, "charging": false}

``time`` (ISO-8601 with a zone), ``lon`` and ``lat`` are required; the rest is optional, ``crs``
defaulting to wgs84. ``id`` is optional (ingest deduplicates on device and time) but must be a
UUID when sent. Numbers must be JSON numbers: our own app never sends "31.9", so a string is a
client bug worth reporting. Unknown keys are ignored. A bad element is rejected on its own,
naming its field, and the others go on; checks that need no state (ranges) are done here, while
the time window, duplicates and impossible jumps are ingest's.
"""

import uuid

from tracking.fixes import Fix, Rejected

from . import ProtocolError, parse_iso_time, to_crs, to_float

__all__ = ["parse_batch", "MAX_FIXES"]

MAX_FIXES = 10_000

# Numeric keys (named as the Fix fields) -> (lowest, highest); None for no bound.
_NUMBERS = {
    "lon": (-180.0, 180.0),
    "lat": (-90.0, 90.0),
    "accuracy_m": (0.0, None),
    "speed_mps": (0.0, None),
    "heading": (0.0, 360.0),
    "altitude_m": (None, None),
    "battery": (0.0, 1.0),
}
_REQUIRED = ("time", "lon", "lat")


def parse_batch(payload, max_fixes: int = MAX_FIXES) -> tuple[list[Fix], list[Rejected]]:
    """Read a decoded JSON batch: ``(fixes, rejected)``.

    Each fix carries its list index in ``Fix.index`` and each rejection names it, so ingest's own
    rejections point at the same element. Raises :class:`ProtocolError` (field ``"body"``) when
    ``payload`` is not a list or holds more than ``max_fixes`` elements.
    """
    if not isinstance(payload, list):
        raise ProtocolError("请求体应为定位点列表 (the body must be a JSON list of fixes)", "body")
    if len(payload) > max_fixes:
        raise ProtocolError(
            f"单次最多上传 {max_fixes} 个定位点 ({len(payload)} fixes in one request; send at most {max_fixes})", "body"
        )
    fixes, rejected = [], []
    for index, element in enumerate(payload):
        try:
            fixes.append(_fix(element, index))
        except ProtocolError as error:
            rejected.append(Rejected(index, str(error), error.field))
    return fixes, rejected


def _fix(element, index):
    if not isinstance(element, dict):
        raise ProtocolError("定位点应为对象 (each fix must be a JSON object)", None)
    for name in _REQUIRED:
        if element.get(name) is None:
            raise ProtocolError(f"缺少 {name} ({name} is required)", name)
    values = {"time": parse_iso_time(element["time"], "time")}
    for name, (low, high) in _NUMBERS.items():
        if element.get(name) is not None:
            values[name] = _number(element[name], name, low, high)
    charging = element.get("charging")
    if charging is not None and not isinstance(charging, bool):
        raise ProtocolError("charging 必须是 true 或 false (charging must be true or false)", "charging")
    return Fix(
        **values,
        crs=to_crs(element.get("crs")),
        charging=charging,
        client_id=_client_id(element.get("id")),
        index=index,
    )


def _number(value, name, low, high):
    if isinstance(value, str):
        raise ProtocolError(f'{name} 应为数值而非字符串 ({name} must be a JSON number, not the string "{value}")', name)
    number = to_float(value, name)
    if low is not None and high is not None and not low <= number <= high:
        raise ProtocolError(f"{name} 超出范围 ({name} must be within {low:g}..{high:g}, not {number:g})", name)
    if low is not None and number < low:
        raise ProtocolError(f"{name} 不能为负 ({name} must be at least {low:g}, not {number:g})", name)
    return number


def _client_id(value):
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise ProtocolError(f'id 不是有效的 UUID (id must be a UUID, not "{value}")', "id")

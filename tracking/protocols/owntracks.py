"""OwnTracks in HTTP mode (https://owntracks.org/booklet/tech/http/ and .../tech/json/).

The app POSTs one JSON message (some versions a list of them) and reads the response as a list
of messages for it, so the view answers ``[]``. Only ``_type: "location"`` carries a fix;
transitions, waypoints, cards, lwt, encrypted payloads and the rest are accepted and ignored.
The device name comes from the ``X-Limit-D`` header the app sends, else from ``?d=`` in the URL,
else from a message's ``topic`` (``owntracks/<user>/<device>``). The user is who Basic auth says.

Units on the wire: ``tst`` Unix seconds, ``vel`` km/h, ``cog`` degrees, ``acc``/``alt`` metres,
``batt`` percent, ``bs`` battery status (0 unknown, 1 unplugged, 2 charging, 3 full).
Positions are WGS84 (the app reports the phone's GPS).
"""

import json
from collections.abc import Mapping

from tracking.fixes import Fix

from . import ProtocolError, from_epoch, to_float

__all__ = ["parse_owntracks", "KMH_MPS"]

KMH_MPS = 1 / 3.6  # one km/h in metres per second

# Message keys read into Fix fields; every other key (tid, t, conn, topic, m, SSID, …) is kept.
_FIELDS = frozenset({"_type", "lat", "lon", "tst", "acc", "alt", "batt", "bs", "vel", "cog"})
_CHARGING = {1: False, 2: True, 3: True}  # 3 = full, i.e. still on the charger


def parse_owntracks(body: bytes, headers: Mapping[str, str], query: Mapping[str, str]) -> tuple[str | None, list[Fix]]:
    """Read one OwnTracks HTTP request: ``(device, fixes)``; the device name may be None.

    ``headers`` is matched case-insensitively (a dict or Django's ``request.headers``). An empty
    body, or messages of other types, give no fixes. Raises :class:`ProtocolError` for a body
    that is not JSON, or a location message with a missing or unreadable field.
    """
    device = _header(headers, "X-Limit-D") or _clean(query.get("d"))
    if not body.strip():
        return device, []
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("请求体不是有效的 JSON (the body is not valid JSON)", "body") from None
    messages = payload if isinstance(payload, list) else [payload]
    if not all(isinstance(message, dict) for message in messages):
        raise ProtocolError("请求体应为对象或对象列表 (the body must be a JSON object or a list of objects)", "body")
    device = device or _device_from_topic(messages)
    fixes = [_fix(message, index) for index, message in enumerate(messages) if message.get("_type") == "location"]
    return device, fixes


def _header(headers, name):
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return _clean(value)
    return None


def _clean(value):
    text = value.strip() if isinstance(value, str) else ""
    return text or None


def _device_from_topic(messages):
    for message in messages:
        topic = message.get("topic")
        parts = topic.split("/") if isinstance(topic, str) else []
        if len(parts) >= 3 and parts[1] and parts[2]:
            return parts[2]
    return None


def _fix(message, index):
    for name in ("lat", "lon", "tst"):
        if message.get(name) is None:
            raise ProtocolError(f"位置消息缺少 {name} ({name} is required in a location message)", name)
    kmh = _number(message, "vel")
    percent = _number(message, "batt")
    status = message.get("bs")
    return Fix(
        time=from_epoch(message["tst"], "tst"),
        lon=to_float(message["lon"], "lon"),
        lat=to_float(message["lat"], "lat"),
        accuracy_m=_number(message, "acc"),
        speed_mps=None if kmh is None or kmh < 0 else kmh * KMH_MPS,
        heading=_number(message, "cog"),
        altitude_m=_number(message, "alt"),
        battery=None if percent is None or percent < 0 else percent / 100.0,
        charging=_CHARGING.get(status) if type(status) is int else None,  # not True/False
        attributes={key: value for key, value in message.items() if key not in _FIELDS},
        index=index,
    )


def _number(message, name):
    value = message.get(name)
    return None if value is None else to_float(value, name)

"""The OsmAnd protocol, as Traccar Client and other OsmAnd-protocol trackers send it.

Followed: Traccar's ``OsmAndProtocolDecoder`` (github.com/traccar/traccar,
src/main/java/org/traccar/protocol/OsmAndProtocolDecoder.java) and https://www.traccar.org/osmand/:

* parameters come in the query string; when it is empty, in the body as a form (any HTTP method);
* ``id`` or ``deviceid``; ``lat``/``lon`` or ``location=lat,lon``; ``speed`` in knots;
  ``bearing`` or ``heading``; ``altitude``; ``accuracy``; ``batt`` (percent); ``charge``;
  ``valid`` (``true`` or ``1`` is valid, any other value is not);
* ``timestamp``: Unix seconds, milliseconds above 2147483647, ISO-8601 when it contains ``T``,
  else ``yyyy-MM-dd HH:mm:ss`` in the server's zone; missing means now;
* every other parameter is kept as an attribute (text, as received);
* Traccar Client 9+ posts JSON instead (``application/json``): ``device_id`` plus ``location``, one
  object or a list, in its background-location SDK's shape; speed there is m/s, not knots.

Ours on top: a ``crs`` parameter (wgs84/gcj02/bd09/cgcs2000) for phones using Chinese map SDKs;
an ISO time without a zone is read in the server's zone, like ``yyyy-MM-dd HH:mm:ss``.
"""

import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from tracking.fixes import Fix

from . import ProtocolError, from_epoch, parse_bool, parse_iso_time, to_crs, to_float

__all__ = ["parse_osmand", "KNOT_MPS", "MAX_PARAMETERS"]

KNOT_MPS = 1852 / 3600  # one knot in metres per second (≈ 0.514444)
MAX_PARAMETERS = 100  # a real tracker sends about fifteen

_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")
# Parameters read into Fix fields; every other one is kept in `attributes`.
_KNOWN = frozenset(
    {
        "id",
        "deviceid",
        "timestamp",
        "lat",
        "lon",
        "location",
        "speed",
        "bearing",
        "heading",
        "altitude",
        "accuracy",
        "batt",
        "charge",
        "valid",
        "crs",
    }
)
# Keys of a JSON location, and of its coords, read into Fix fields; the rest become attributes.
_JSON_FIELDS = frozenset({"timestamp", "coords", "battery", "uuid"})
_JSON_COORDS = frozenset({"latitude", "longitude", "accuracy", "speed", "heading", "altitude"})


def parse_osmand(
    query: Mapping[str, str], form: Mapping[str, str], body: bytes, content_type: str, server_tz
) -> tuple[str, list[Fix]]:
    """Read one OsmAnd request: ``(device identifier, fixes)``.

    ``query`` and ``form`` are the decoded parameters (a dict or a Django QueryDict; the last
    value of a repeated key wins); ``body`` is the raw body, read as a form when ``form`` is empty
    (e.g. for PUT); ``server_tz`` is a tzinfo for times sent without a zone. Times come back
    aware, in UTC. Raises :class:`ProtocolError` naming the bad parameter.
    """
    if _is_json(content_type, body, query, form):
        return _parse_json(body, query)
    params = dict(query.items()) or dict(form.items()) or _body_form(body)
    if len(params) > MAX_PARAMETERS:
        raise ProtocolError(f"参数过多 (too many parameters; at most {MAX_PARAMETERS})", "query")
    return _device_id(params), [_parse_params(params, server_tz)]


def _is_json(content_type, body, query, form):
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return bool(body.strip())
    # A client that forgot the content type: nothing in the query or form, and a JSON body.
    return not query and not form and body.lstrip()[:1] in (b"{", b"[")


def _body_form(body):
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_PARAMETERS))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("请求体不是表单 (the body is not application/x-www-form-urlencoded)", "body") from None


def _device_id(params):
    identifier = (params.get("id") or params.get("deviceid") or "").strip()
    if not identifier:
        raise ProtocolError("缺少设备标识 (id or deviceid is required)", "id")
    return identifier


def _parse_params(params, server_tz):
    lat, lon = _coordinates(params)
    attributes = {key: value for key, value in params.items() if key not in _KNOWN}
    valid = params.get("valid")
    if valid is not None and valid.strip().lower() not in ("true", "1"):
        attributes["valid"] = False
    knots = _optional_float(params, "speed")
    return Fix(
        time=_timestamp(params.get("timestamp"), server_tz),
        lon=lon,
        lat=lat,
        crs=to_crs(params.get("crs")),
        accuracy_m=_known(_optional_float(params, "accuracy")),
        speed_mps=_known(None if knots is None else knots * KNOT_MPS),
        heading=_known(_optional_float(params, "bearing", "heading")),
        altitude_m=_optional_float(params, "altitude"),
        battery=_percent(_optional_float(params, "batt")),
        charging=parse_bool(params["charge"], "charge") if params.get("charge", "").strip() else None,
        attributes=attributes,
    )


def _coordinates(params):
    lat, lon = params.get("lat", "").strip(), params.get("lon", "").strip()
    if lat or lon:
        if not lat:
            raise ProtocolError("缺少纬度 (lat is required)", "lat")
        if not lon:
            raise ProtocolError("缺少经度 (lon is required)", "lon")
        return to_float(lat, "lat"), to_float(lon, "lon")
    if params.get("location", "").strip():
        parts = params["location"].split(",")
        if len(parts) != 2:
            raise ProtocolError('location 格式应为 "纬度,经度" (location must be "lat,lon")', "location")
        return to_float(parts[0], "location"), to_float(parts[1], "location")
    raise ProtocolError("缺少位置 (lat and lon, or location=lat,lon, are required)", "lat")


def _timestamp(value, server_tz):
    text = (value or "").strip()
    if not text:
        return datetime.now(timezone.utc)  # Traccar stamps a fix that has no time with the present
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        return from_epoch(text, "timestamp")
    if "T" in text:
        return parse_iso_time(text, "timestamp", naive_tz=server_tz)
    for pattern in _LOCAL_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=server_tz).astimezone(timezone.utc)
        except ValueError:
            continue
    raise ProtocolError(
        "timestamp 无法识别 (timestamp must be Unix seconds or milliseconds, ISO-8601, "
        f'or "yyyy-MM-dd HH:mm:ss": "{value}")',
        "timestamp",
    )


def _optional_float(params, *names):
    for name in names:
        value = params.get(name, "").strip()
        if value:
            return to_float(value, name)
    return None


def _known(value):
    # iOS reports -1 for a speed, course or accuracy it does not know: not a measurement.
    return None if value is None or value < 0 else value


def _percent(value):
    return None if value is None else value / 100.0


def _parse_json(body, query):
    try:
        root = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("请求体不是有效的 JSON (the body is not valid JSON)", "body") from None
    if not isinstance(root, dict):
        raise ProtocolError('请求体应为对象 (the JSON body must be an object with "device_id" and "location")', "body")
    identifier = root.get("device_id")
    if identifier is None:
        identifier = query.get("id") or query.get("deviceid")
    if not isinstance(identifier, (str, int)) or isinstance(identifier, bool) or not str(identifier).strip():
        raise ProtocolError("缺少设备标识 (device_id is required)", "device_id")
    locations = root.get("location")
    if isinstance(locations, dict):
        locations = [locations]
    if not isinstance(locations, list) or not locations:
        raise ProtocolError("location 应为对象或非空列表 (location must be an object or a non-empty list)", "location")
    many = len(locations) > 1
    fixes = [_json_fix(item, f"location[{i}]" if many else "location", i) for i, item in enumerate(locations)]
    return str(identifier).strip(), fixes


def _json_fix(location, where, index):
    if not isinstance(location, dict):
        raise ProtocolError(f"{where} 应为对象 ({where} must be an object)", where)
    coords = location.get("coords")
    if not isinstance(coords, dict):
        raise ProtocolError(f"缺少 {where}.coords ({where}.coords is required)", f"{where}.coords")
    for name in ("latitude", "longitude"):
        if coords.get(name) is None:
            raise ProtocolError(
                f"缺少 {where}.coords.{name} ({where}.coords.{name} is required)", f"{where}.coords.{name}"
            )
    battery = location.get("battery") if isinstance(location.get("battery"), dict) else {}
    attributes = {key: value for key, value in location.items() if key not in _JSON_FIELDS}
    attributes.update((key, value) for key, value in coords.items() if key not in _JSON_COORDS)
    client_id = _uuid(location.get("uuid"))
    if client_id is None and location.get("uuid") is not None:
        attributes["uuid"] = location["uuid"]

    def number(source, prefix, name):
        value = source.get(name)
        return None if value is None else to_float(value, f"{where}.{prefix}.{name}")

    charging = battery.get("is_charging")
    return Fix(
        time=_json_time(location.get("timestamp"), f"{where}.timestamp"),
        lon=number(coords, "coords", "longitude"),
        lat=number(coords, "coords", "latitude"),
        accuracy_m=_known(number(coords, "coords", "accuracy")),
        speed_mps=_known(number(coords, "coords", "speed")),
        heading=_known(number(coords, "coords", "heading")),
        altitude_m=number(coords, "coords", "altitude"),
        battery=_known(number(battery, "battery", "level")),
        charging=None if charging is None else parse_bool(charging, f"{where}.battery.is_charging"),
        client_id=client_id,
        attributes=attributes,
        index=index,
    )


def _uuid(value):
    # The SDK gives every location a UUID, which lets ingest recognise a resent fix.
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    return None


def _json_time(value, field):
    if value is None or value == "":
        return datetime.now(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_epoch(value, field)
    return parse_iso_time(value, field)

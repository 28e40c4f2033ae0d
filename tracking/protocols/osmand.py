"""The OsmAnd protocol, as Traccar Client and other OsmAnd-protocol trackers send it.

Followed: Traccar's ``OsmAndProtocolDecoder`` (github.com/traccar/traccar,
src/main/java/org/traccar/protocol/OsmAndProtocolDecoder.java) and https://www.traccar.org/osmand/:

* parameters come in the query string; when it is empty, in the body as a form (any HTTP method);
* ``id`` or ``deviceid``; ``lat``/``lon`` or ``location=lat,lon``; ``speed`` in knots;
  ``bearing`` or ``heading``; ``altitude``; ``accuracy``; ``batt`` (percent); ``charge``;
  ``valid`` (``true``/``1`` is valid, anything else is not);
* ``timestamp``: Unix seconds, milliseconds above 2147483647, ISO-8601 when it contains ``T``,
  else ``yyyy-MM-dd HH:mm:ss`` in the server's zone; missing means now;
* every other parameter is kept as an attribute;
* Traccar Client 9+ posts JSON instead (``application/json``): ``device_id`` plus ``location``, one
  object or a list, in the background-geolocation SDK's shape; speed there is m/s, not knots.

Ours on top: a ``crs`` parameter (wgs84/gcj02/bd09/cgcs2000) for phones using Chinese map SDKs.
"""

import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from geo.crs import UnknownCRS, parse_crs
from tracking.fixes import Fix

from . import ProtocolError, from_epoch, parse_bool, parse_iso_time, to_float

__all__ = ["parse_osmand", "KNOT_MPS", "MAX_PARAMETERS"]

KNOT_MPS = 1852 / 3600  # one knot in metres per second (≈ 0.514444)
MAX_PARAMETERS = 100  # a real tracker sends about fifteen; more is abuse, not data

_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")
# Parameters turned into Fix fields; every other one is kept in `attributes`.
_KNOWN = frozenset({
    "id", "deviceid", "timestamp", "lat", "lon", "location", "speed", "bearing", "heading",
    "altitude", "accuracy", "batt", "charge", "valid", "crs",
})
# Keys of one JSON location read into Fix fields; the rest become attributes.
_JSON_FIELDS = frozenset({"timestamp", "coords", "battery"})
_JSON_COORDS = frozenset({"latitude", "longitude", "accuracy", "speed", "heading", "altitude"})


def parse_osmand(query: Mapping[str, str], form: Mapping[str, str], body: bytes,
                 content_type: str, server_tz) -> tuple[str, list[Fix]]:
    """Read one OsmAnd request: ``(device identifier, fixes)``.

    ``query`` and ``form`` are the decoded parameters (last value wins), ``body`` the raw bytes
    (read as a form when ``form`` is empty, e.g. for PUT), ``server_tz`` a tzinfo for times sent
    without a zone. Times come back aware, in UTC. Raises :class:`ProtocolError`.
    """
    if _is_json(content_type, body, query, form):
        return _parse_json(body, query)
    # .items() gives the last value of each key for plain dicts and Django QueryDicts alike.
    params = dict(query.items()) or dict(form.items()) or _body_form(body)
    if len(params) > MAX_PARAMETERS:
        raise ProtocolError(f"too many parameters (at most {MAX_PARAMETERS})", "query")
    return _device_id(params), [_parse_params(params, server_tz)]


def _is_json(content_type, body, query, form):
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return bool(body.strip())
    # A client that forgot the content type: nothing in the query or form, a body that is JSON.
    return not query and not form and body.lstrip()[:1] in (b"{", b"[")


def _body_form(body):
    try:
        text = body.decode("utf-8")
        return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_PARAMETERS))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("the body is not a form (application/x-www-form-urlencoded)", "body") from None


def _device_id(params):
    identifier = (params.get("id") or params.get("deviceid") or "").strip()
    if not identifier:
        raise ProtocolError("id (or deviceid) is required: the device identifier", "id")
    return identifier


def _parse_params(params, server_tz):
    lat, lon = _coordinates(params)
    attributes = {key: value for key, value in params.items() if key not in _KNOWN}
    valid = params.get("valid")
    # Traccar: valid is "true" or "1"; any other value marks the fix invalid.
    if valid is not None and valid.strip().lower() not in ("true", "1"):
        attributes["valid"] = False
    speed = _optional_float(params, "speed")
    return Fix(
        time=_timestamp(params.get("timestamp"), server_tz),
        lon=lon,
        lat=lat,
        crs=_crs(params.get("crs")),
        accuracy_m=_known(_optional_float(params, "accuracy")),
        speed_mps=_known(speed * KNOT_MPS if speed is not None else None),
        heading=_known(_optional_float(params, "bearing", "heading")),
        altitude_m=_optional_float(params, "altitude"),
        battery=_percent(_optional_float(params, "batt")),
        charging=parse_bool(params["charge"], "charge") if params.get("charge") else None,
        attributes=attributes,
    )


def _coordinates(params):
    if params.get("lat") or params.get("lon"):
        if not params.get("lat"):
            raise ProtocolError("lat is required with lon", "lat")
        if not params.get("lon"):
            raise ProtocolError("lon is required with lat", "lon")
        return to_float(params["lat"], "lat"), to_float(params["lon"], "lon")
    if params.get("location"):
        parts = params["location"].split(",")
        if len(parts) != 2:
            raise ProtocolError('location must be "lat,lon"', "location")
        return to_float(parts[0], "location"), to_float(parts[1], "location")
    raise ProtocolError("lat and lon (or location=lat,lon) are required", "lat")


def _timestamp(value, server_tz):
    if value is None or not value.strip():
        return datetime.now(timezone.utc)  # what Traccar does with a fix that has no time
    text = value.strip()
    try:
        return from_epoch(text, "timestamp")
    except ProtocolError:
        pass
    if "T" in text:
        return parse_iso_time(text, "timestamp", naive_tz=server_tz)
    for pattern in _LOCAL_FORMATS:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return moment.replace(tzinfo=server_tz).astimezone(timezone.utc)
    raise ProtocolError(
        f'timestamp must be Unix seconds or milliseconds, ISO-8601, or "yyyy-MM-dd HH:mm:ss": "{value}"',
        "timestamp",
    )


def _optional_float(params, *names):
    for name in names:
        if params.get(name, "").strip():
            return to_float(params[name], name)
    return None


def _known(value):
    # iOS reports -1 for a speed or course it does not know; that is not a measurement.
    return None if value is None or value < 0 else value


def _percent(value):
    return None if value is None else value / 100.0


def _crs(value):
    try:
        return parse_crs(value)
    except UnknownCRS as error:
        raise ProtocolError(str(error), "crs") from None


def _parse_json(body, query):
    try:
        root = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("the body is not valid JSON", "body") from None
    if not isinstance(root, dict):
        raise ProtocolError('the JSON body must be an object with "device_id" and "location"', "body")
    identifier = root.get("device_id")
    if identifier is None:
        identifier = query.get("id") or query.get("deviceid")
    if isinstance(identifier, (dict, list, bool)) or not str(identifier or "").strip():
        raise ProtocolError("device_id is required: the device identifier", "device_id")
    locations = root.get("location")
    if isinstance(locations, dict):
        locations = [locations]
    if not isinstance(locations, list) or not locations:
        raise ProtocolError("location must be an object or a non-empty list of objects", "location")
    fixes = [_json_fix(item, f"location[{i}]" if len(locations) > 1 else "location")
             for i, item in enumerate(locations)]
    return str(identifier).strip(), fixes


def _json_fix(location, where):
    if not isinstance(location, dict):
        raise ProtocolError(f"{where} must be an object", where)
    coords = location.get("coords")
    if not isinstance(coords, dict):
        raise ProtocolError(f"{where}.coords is required", f"{where}.coords")
    for name in ("latitude", "longitude"):
        if coords.get(name) is None:
            raise ProtocolError(f"{where}.coords.{name} is required", f"{where}.coords.{name}")
    battery = location.get("battery") if isinstance(location.get("battery"), dict) else {}
    attributes = {key: value for key, value in location.items() if key not in _JSON_FIELDS}
    attributes.update((key, value) for key, value in coords.items() if key not in _JSON_COORDS)

    def number(source, name, prefix):
        value = source.get(name)
        return None if value is None else to_float(value, f"{where}.{prefix}{name}")

    charging = battery.get("is_charging")
    client_id = _uuid(attributes.pop("uuid", None))
    if client_id is None and "uuid" in location:
        attributes["uuid"] = location["uuid"]
    return Fix(
        time=_json_time(location.get("timestamp"), f"{where}.timestamp"),
        lon=number(coords, "longitude", "coords."),
        lat=number(coords, "latitude", "coords."),
        accuracy_m=_known(number(coords, "accuracy", "coords.")),
        speed_mps=_known(number(coords, "speed", "coords.")),
        heading=_known(number(coords, "heading", "coords.")),
        altitude_m=number(coords, "altitude", "coords."),
        battery=_known(number(battery, "level", "battery.")),
        charging=None if charging is None else parse_bool(charging, f"{where}.battery.is_charging"),
        client_id=client_id,
        attributes=attributes,
    )


def _uuid(value):
    # The SDK gives every location a UUID; it lets ingest recognise a resent fix.
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        return None


def _json_time(value, field):
    if value is None or value == "":
        return datetime.now(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_epoch(value, field)
    return parse_iso_time(value, field)

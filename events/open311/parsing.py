"""Reading Open311 parameters: the form of `POST requests` and the query of `GET requests`. A bad
value raises BadInput naming the parameter. Times follow the spec's W3C subset of ISO 8601; a time
without an offset is read in the server's zone (Asia/Shanghai)."""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone

from events.open311 import conf
from events.open311.statuses import OPEN311_STATUSES
from geo import crs as crs_module
from geo.api.validation import check_calendar
from geo.errors import BadInput

__all__ = [
    "NewRequest",
    "RequestQuery",
    "parse_new_request",
    "parse_query",
    "parse_datetime",
    "parse_crs",
    "DESCRIPTION_LIMIT",
]

DESCRIPTION_LIMIT = 4000
_LIMITS = {
    "service_code": 64,
    "address_string": 300,
    "address_id": 100,
    "media_url": 500,
    "email": 254,
    "device_id": 100,
    "account_id": 100,
    "first_name": 50,
    "last_name": 50,
    "phone": 30,
    "description": DESCRIPTION_LIMIT,
}
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](?:\[\])?$")
_OFFSET_AS_SPACE = re.compile(r"(T[\d:.]+) (\d{2}:?\d{2})$")  # an unencoded "+08:00" arrives as " 08:00"
_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class NewRequest:
    """A POSTed service request. `lon`/`lat` in degrees of `crs`, or None with an address given."""

    service_code: str
    lon: float | None
    lat: float | None
    crs: str
    address_string: str = ""
    address_id: str = ""
    description: str = ""
    media_url: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestQuery:
    """GET requests: `ids` (when given, the other filters are ignored, as the spec says), or
    `service_codes`, `start`..`end` (requested_datetime) and `statuses` (open/closed)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()
    crs: str = "wgs84"


def _text(params, name: str) -> str:
    value = (params.get(name) or "").strip()
    if len(value) > _LIMITS[name]:
        raise BadInput(f"{name} 超过 {_LIMITS[name]} 字 ({name} is longer than {_LIMITS[name]} characters)", field=name)
    return value


def _coordinate(params, name: str, bound: int) -> float | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise BadInput(
            f"{name} 应为 -{bound}–{bound} 之间的度数 ({name} must be degrees within -{bound}..{bound})", field=name
        )
    return value


def parse_crs(params) -> str:
    """The `crs` extension parameter: wgs84 (default), cgcs2000, gcj02 or bd09."""
    try:
        return crs_module.parse_crs(params.get("crs"))
    except crs_module.UnknownCRS as exc:
        raise BadInput(f"坐标系未知 ({exc})", field="crs") from None


def parse_new_request(form) -> NewRequest:
    values = {name: _text(form, name) for name in _LIMITS}
    if not values["service_code"]:
        raise BadInput("service_code 不能为空 (service_code is required)", field="service_code")
    lat, lon = _coordinate(form, "lat", 90), _coordinate(form, "long", 180)
    if (lat is None) != (lon is None):
        missing = "long" if lon is None else "lat"
        raise BadInput(
            f"lat 与 long 须同时提供 ({missing} is required with {'lat' if missing == 'long' else 'long'})",
            field=missing,
        )
    if lat is None and not values["address_string"] and not values["address_id"]:
        raise BadInput(
            "须提供位置：lat+long 或 address_string (a location is required: lat and long, or address_string)",
            field="lat",
        )
    if values["media_url"]:
        try:
            _url(values["media_url"])
        except ValidationError:
            raise BadInput(
                "media_url 应为 http(s) 网址 (media_url must be an http or https URL)", field="media_url"
            ) from None
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise BadInput("email 格式不正确 (email is not a valid address)", field="email") from None
    attributes: dict[str, list[str]] = {}
    for key in form:
        if match := _ATTRIBUTE.match(key):
            attributes.setdefault(match.group(1), []).extend(form.getlist(key))
    return NewRequest(lon=lon, lat=lat, crs=parse_crs(form), attributes=attributes, **values)


def parse_datetime(value: str, param: str) -> datetime:
    text = _OFFSET_AS_SPACE.sub(r"\1+\2", value.strip())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(
            f"{param} 不是有效的日期时间，例如 2026-11-25T08:00:00+08:00 "
            f"({param} must be a W3C datetime such as 2026-11-25T08:00:00+08:00)",
            field=param,
        ) from None
    check_calendar(moment, param)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list(params, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in (params.get(name) or "").split(",") if v.strip()))


def _window(params, now: datetime) -> tuple[datetime, datetime]:
    span = timedelta(days=conf.WINDOW_DAYS)
    start = parse_datetime(params["start_date"], "start_date") if params.get("start_date") else None
    end = parse_datetime(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None and end is None:
        return now - span, now
    if end is None:
        return start, start + span
    if start is None:
        return end - span, end
    if end < start:
        raise BadInput("end_date 早于 start_date (end_date is before start_date)", field="end_date")
    if end - start > span:
        raise BadInput(
            f"start_date 至 end_date 不能超过 {conf.WINDOW_DAYS} 天 "
            f"(the span of start_date and end_date may not exceed {conf.WINDOW_DAYS} days)",
            field="end_date",
        )
    return start, end


def parse_query(params, now: datetime) -> RequestQuery:
    crs = parse_crs(params)
    ids = _list(params, "service_request_id")
    if ids:
        if len(ids) > conf.MAX_IDS:
            raise BadInput(
                f"service_request_id 最多 {conf.MAX_IDS} 个 (at most {conf.MAX_IDS} ids)", field="service_request_id"
            )
        return RequestQuery(ids=ids, crs=crs)
    statuses = _list(params, "status")
    unknown = [s for s in statuses if s not in OPEN311_STATUSES]
    if unknown:
        raise BadInput(f"status 取值 {unknown} 无效，可选 open, closed (status takes open or closed)", field="status")
    start, end = _window(params, now)
    return RequestQuery(service_codes=_list(params, "service_code"), start=start, end=end, statuses=statuses, crs=crs)

"""Service requests: Open311's view of events from the public. A POST goes through
`events.services.report_event(source="public")`, which locates, routes and logs the event in one
transaction, so the reply carries the request id itself and a token is that same id.

What the anonymous public may read: events from the public only (a worker's or a hotline's report
is not theirs to publish), never the reporter's contact details, and for the private subtrees of
conf.PRIVATE_CATEGORIES nothing in lists and, by id, the status alone."""

import copy
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import person_name
from events.keys import digest
from events.models import Category, Event, EventAction, Source
from events.open311 import catalog, conf
from events.open311.models import Open311Client
from events.open311.parsing import NewRequest, RequestQuery
from events.open311.statuses import detailed_status, open311_status
from events.services import report_event
from events.workflow import OPEN, TERMINAL, Action, Status
from geo import choices
from geo.crs import from_wgs84
from geo.errors import BadInput, Forbidden, NotFound
from grids.models import Place
from grids.services import OutsideDistrict

__all__ = [
    "client_for_key",
    "create_request",
    "find_requests",
    "get_request",
    "request_item",
    "created_item",
    "token_item",
    "is_private",
]

# Steps whose note is the answer to the reporter (办结意见, 不予受理理由) and so shown as status_notes.
_OUTCOME_ACTIONS = (Action.RESOLVE, Action.CLOSE, Action.REJECT, Action.SELF_HANDLE)
_TITLE_LIMIT = 50


def client_for_key(api_key: str | None) -> Open311Client:
    if not api_key:
        raise Forbidden("缺少 api_key (api_key is required to post a request)", field="api_key")
    client = Open311Client.objects.filter(api_key=digest(api_key), active=True).first()
    if client is None:
        raise Forbidden("api_key 无效或已停用 (invalid api_key)", field="api_key")
    return client


def _place_point(address: str) -> tuple[float, float]:
    """We have no geocoder: an address locates only when it is exactly one place's name."""
    points = list(Place.objects.filter(name=address).values_list("point", flat=True)[:2])
    if len(points) != 1:
        raise BadInput(
            "无法按 address_string 定位（本系统没有地址解析），请提供 lat 与 long "
            "(address_string could not be located: we have no geocoder, send lat and long)",
            field="address_string",
        )
    return points[0].x, points[0].y


def _title(category: Category, description: str) -> str:
    line = description.splitlines()[0].strip() if description.strip() else ""
    if not line:
        return category.name
    return line if len(line) <= _TITLE_LIMIT else line[: _TITLE_LIMIT - 1] + "…"


def _without_photo_rule(category: Category) -> Category:
    """The photo a category requires arrives as `media_url`, which the intake service cannot see:
    the rule was enforced on `media_url` here, so intake is given the category without it."""
    relaxed = copy.copy(category)
    relaxed.photo_required = False
    return relaxed


def create_request(client: Open311Client, new: NewRequest, now: datetime | None = None) -> Event:
    """Create the event for a POSTed request. BadInput (400) names the parameter; an unknown
    service is a 400 here (the spec's 404 is for reading one)."""
    try:
        category = catalog.service(new.service_code)
    except NotFound as exc:
        raise BadInput(str(exc), field="service_code") from None
    if category.photo_required and not new.media_url:
        raise BadInput(
            f"“{category.name}”须附照片，请提供 media_url (a photo is required for this service: media_url)",
            field="media_url",
        )
    priority, values = catalog.read_attributes(category, new.attributes)
    if new.lat is not None:
        lon, lat, crs = new.lon, new.lat, new.crs
    elif new.address_string:
        (lon, lat), crs = _place_point(new.address_string), "wgs84"
    else:
        raise BadInput(
            "不支持 address_id，请提供 lat 与 long (address_id is not supported: send lat and long)", field="address_id"
        )
    meta = {"client": client.name, "device_id": new.device_id, "account_id": new.account_id, "media_url": new.media_url}
    try:
        return report_event(
            title=_title(category, new.description),
            description=new.description,
            category=_without_photo_rule(category) if category.photo_required else category,
            lon=lon,
            lat=lat,
            crs=crs,
            source=Source.PUBLIC,
            priority=priority,
            address=new.address_string,
            contact={"name": person_name(new.first_name, new.last_name), "phone": new.phone, "email": new.email},
            attributes={**values, "open311": {k: v for k, v in meta.items() if v}},
            now=now,
        )
    except OutsideDistrict:
        raise BadInput("该位置不在新北区管辖范围内 (the location is not in our jurisdiction)", field="lat") from None


def _private_q() -> Q:
    q = Q(pk__in=[])
    for code in conf.PRIVATE_CATEGORIES:
        q |= Q(category__code=code) | Q(category__code__startswith=code + ".")
    return q


def is_private(category_code: str) -> bool:
    return any(category_code == c or category_code.startswith(c + ".") for c in conf.PRIVATE_CATEGORIES)


def _public_requests():
    outcome = (
        EventAction.objects.filter(event=OuterRef("pk"), to_status=OuterRef("status"), action__in=_OUTCOME_ACTIONS)
        .order_by("-time", "-id")
        .values("note")[:1]
    )
    return (
        Event.objects.filter(source=Source.PUBLIC)
        .select_related("category", "department")
        .annotate(outcome_note=Subquery(outcome))
    )


def find_requests(query: RequestQuery) -> list[Event]:
    """Public, non-private requests, newest first, at most conf.MAX_RESULTS (one query)."""
    events = _public_requests().exclude(_private_q())
    if query.ids:
        events = events.filter(code__in=query.ids)
    else:
        events = events.filter(created_at__gte=query.start, created_at__lte=query.end)
        if query.service_codes:
            events = events.filter(category__code__in=query.service_codes)
        if set(query.statuses) == {"open"}:
            events = events.filter(status__in=OPEN)
        elif set(query.statuses) == {"closed"}:
            events = events.filter(status__in=TERMINAL)
    return list(events.order_by("-created_at", "-id")[: conf.MAX_RESULTS])


def get_request(request_id: str) -> Event:
    event = _public_requests().filter(code=request_id).first()
    if event is None:
        raise NotFound(
            f"服务请求 {request_id!r} 不存在 (service_request_id {request_id!r} not found)", field="service_request_id"
        )
    return event


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service_notice(event: Event) -> str:
    who = event.department.name if event.department_id else "区指挥中心"
    if event.due_at is None:
        return f"{who}负责处置 (to be handled by {who})"
    due = timezone.localtime(event.due_at)
    return f"{who}将于{due:%Y-%m-%d %H:%M}前处置 (to be handled by {who} by {_w3c(due)})"


def request_item(event: Event, crs: str = "wgs84") -> dict:
    """The spec's fields in its order, then our extension `detailed_status`."""
    private = is_private(event.category.code)
    label = choices.source_label(Status(event.status))
    note = "" if private else (getattr(event, "outcome_note", None) or "")
    lon, lat = from_wgs84(event.point.x, event.point.y, crs)
    return {
        "service_request_id": event.code,
        "status": open311_status(event.status),
        "status_notes": f"{label}：{note}" if note else label,
        "service_name": event.category.name,
        "service_code": event.category.code,
        "description": None if private else event.description,
        "agency_responsible": event.department.name if event.department_id else None,
        "service_notice": _service_notice(event),
        "requested_datetime": _w3c(event.created_at),
        "updated_datetime": _w3c(event.updated_at),
        "expected_datetime": _w3c(event.due_at),
        "address": None if private else (event.address or None),
        "address_id": None,
        "zipcode": None,
        "lat": None if private else round(lat, 7),
        "long": None if private else round(lon, 7),
        "media_url": None if private else (event.attributes.get("open311", {}).get("media_url") or None),
        "detailed_status": detailed_status(event.status),
    }


def created_item(event: Event) -> dict:
    return {"service_request_id": event.code, "service_notice": _service_notice(event), "account_id": None}


def token_item(event: Event) -> dict:
    return {"service_request_id": event.code, "token": event.code}

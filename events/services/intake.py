"""Intake: the one way an event enters the system, whatever its source (worker app, Open311,
12345 hotline, digital city management). Checks the input, locates the point, routes the event,
stores it with its photos and the first log entry, and announces it after commit."""

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import conf
from events.codes import next_code
from events.errors import BadInput
from events.live import publish_event
from events.models import Category, Event, EventPhoto, Priority, Source
from events.photos import CheckedPhoto, check_photo
from events.routing import route
from events.services.log import append_action
from events.workflow import Action, Status
from geo import crs as crs_module
from grids.services import OutsideDistrict, locate_objects

__all__ = ["report_event", "add_photos", "read_point", "resolve_category", "due_at_for"]

_CONTACT_FIELDS = {"name": 100, "phone": 30, "email": 254}


def read_point(lon, lat, crs: str | None) -> Point:
    """A WGS84 Point from `lon`/`lat` in degrees of `crs` (wgs84, cgcs2000, gcj02, bd09)."""
    values = {}
    for name, value, bound in (("lon", lon, 180), ("lat", lat, 90)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BadInput(f"{name} 必须是数字 ({name} must be a number)", field=name) from None
        if isinstance(value, bool) or not math.isfinite(number) or not -bound <= number <= bound:
            raise BadInput(f"{name} 超出范围 ({name} must be a number within -{bound}..{bound})", field=name)
        values[name] = number
    try:
        x, y = crs_module.to_wgs84(values["lon"], values["lat"], crs_module.parse_crs(crs))
    except crs_module.UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None
    return Point(float(x), float(y), srid=4326)


def resolve_category(category) -> Category:
    if isinstance(category, Category):
        return category
    found = (
        Category.objects.select_related("parent", "department").filter(code=str(category or ""), active=True).first()
    )
    if found is None:
        raise BadInput(f"事项分类“{category}”不存在或已停用 (unknown category)", field="category")
    return found


def due_at_for(category: Category, start: datetime) -> datetime:
    """The deadline: `start` + the category's (or its nearest ancestor's) hours, else the default."""
    return start + timedelta(hours=category.effective_deadline_hours() or conf.DEFAULT_DEADLINE_HOURS)


def _text(value, field: str, limit: int, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise BadInput(f"{field} 不能为空 ({field} is required)", field=field)
    if len(text) > limit:
        raise BadInput(f"{field} 超过 {limit} 字 ({field} is longer than {limit} characters)", field=field)
    return text


def _priority(value) -> int:
    if value in (None, ""):
        return Priority.NORMAL
    by_name = {p.name.lower(): p.value for p in Priority}
    try:
        number = by_name.get(str(value).lower()) or int(value)
    except (TypeError, ValueError):
        number = None
    if number not in Priority.values:
        raise BadInput(f"priority 应为 1–4 或 {'/'.join(by_name)} (unknown priority)", field="priority")
    return number


def _contact(contact: dict | None) -> dict:
    contact = contact or {}
    unknown = set(contact) - set(_CONTACT_FIELDS)
    if unknown:
        raise BadInput(f"未知的联系方式字段 {sorted(unknown)} (contact takes name, phone, email)", field="contact")
    return {f"contact_{k}": _text(contact.get(k), f"contact.{k}", limit) for k, limit in _CONTACT_FIELDS.items()}


def _checked(photos: Iterable) -> list[CheckedPhoto]:
    photos = [p if isinstance(p, CheckedPhoto) else check_photo(p) for p in photos]
    if len(photos) > conf.MAX_PHOTOS:
        raise BadInput(f"照片最多 {conf.MAX_PHOTOS} 张 (at most {conf.MAX_PHOTOS} photos)", field="photos")
    return photos


def report_event(
    *,
    title: str,
    description: str,
    category,
    lon,
    lat,
    crs: str | None = "wgs84",
    source: str = Source.WORKER,
    reporter=None,
    contact: dict | None = None,
    photos: Iterable = (),
    external_id: str | None = None,
    attributes: dict | None = None,
    priority=None,
    address: str = "",
    now: datetime | None = None,
) -> Event:
    """Create, locate and route an event; returns it (with `photos` and `actions` stored).

    `category`: a Category or its code. `lon`/`lat`: degrees in `crs`. `photos`: uploaded files (or
    anything with .read()/.name). `external_id`: the source system's id; reporting the same
    (source, external_id) again returns the stored event unchanged (idempotent intake).
    Raises BadInput (400, naming the field or file) and OutsideDistrict (400)."""
    now = now or timezone.now()
    if source not in Source.values:
        raise BadInput(f"未知来源 {source!r} (source must be one of {', '.join(Source.values)})", field="source")
    external_id = _text(external_id, "external_id", 100)
    if external_id and (existing := Event.objects.filter(source=source, external_id=external_id).first()):
        return existing
    if attributes is not None and not isinstance(attributes, dict):
        raise BadInput("attributes 应为对象 (attributes must be an object)", field="attributes")
    event = Event(
        title=_text(title, "title", 200, required=True),
        description=_text(description, "description", 4000),
        category=resolve_category(category),
        source=source,
        external_id=external_id,
        attributes=attributes or {},
        point=read_point(lon, lat, crs),
        address=_text(address, "address", 300),
        priority=_priority(priority),
        reporter=reporter,
        **_contact(contact),
    )
    checked = _checked(photos)
    if event.category.photo_required and not checked:
        raise BadInput(f"“{event.category.name}”类事项须附照片 (a photo is required for this category)", field="photos")
    if not locate_objects([event]).found[0]:
        raise OutsideDistrict(
            f"位置 ({event.point.x:.6f}, {event.point.y:.6f}) 不在辖区内，请检查坐标与坐标系 "
            f"(the point is outside the district)",
            field="lon",
        )
    try:
        with transaction.atomic():
            _store(event, checked, now)
    except IntegrityError:
        if external_id and (existing := Event.objects.filter(source=source, external_id=external_id).first()):
            return existing  # the same item arrived twice at once: the other request stored it
        raise
    return event


def _store(event: Event, photos: list[CheckedPhoto], now: datetime):
    first = route(event)
    event.code = next_code(now)
    event.created_at = now
    event.due_at = due_at_for(event.category, now)
    event.status, event.level = Status.REPORTED, first.level
    event.handler, event.department = first.handler, first.department
    event.save()
    _save_photos(event, photos)
    note = f"派至{first.handler.display_name}" if first.handler else ""
    append_action(event, event.reporter, Action.REPORT, from_status="", from_level="", time=now, note=note)
    publish_event(event, Action.REPORT)


def _save_photos(event: Event, photos: list[CheckedPhoto]) -> list[EventPhoto]:
    first = event.photos.count() + 1
    saved = []
    for i, photo in enumerate(photos, start=first):
        taken = timezone.make_aware(photo.taken_at) if photo.taken_at else None
        row = EventPhoto(
            event=event,
            original_name=photo.name[:200],
            size=len(photo.content),
            taken_at=taken,
            exif_point=Point(*photo.exif_lonlat, srid=4326) if photo.exif_lonlat else None,
            file=ContentFile(photo.content, name=f"{i}.{photo.extension}"),
        )
        row.save()
        saved.append(row)
    return saved


def add_photos(event: Event, photos: Iterable) -> list[EventPhoto]:
    """Check and store more photos of an existing event (a worker's proof when resolving it); the
    caller runs this in the transaction of the step they belong to. BadInput names the file."""
    checked = _checked(photos)
    if event.photos.count() + len(checked) > conf.MAX_PHOTOS * 2:
        raise BadInput(f"事项照片已达上限 (an event keeps at most {conf.MAX_PHOTOS * 2} photos)", field="photos")
    return _save_photos(event, checked)

"""The events' optional demo step (`load_demo --with events`, which `make run` uses; the test
fixtures load the district without it): about 300 events over the last 30 days at points inside the
demo grids, reported through the real intake (located and routed as any report) from the four
sources, then taken through the workflow by the people it routed them to — most finished (some late),
some in progress, the rest waiting — with the deadline job flagging the overdue ones and the
district centre supervising a few. Fixed seed; marked by `external_id` demo-<n>; idempotent."""

import io
import random
from datetime import datetime, timedelta
from pathlib import Path

import pgtrigger
from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role, User
from events.deadlines import flag_overdue
from events.models import Category, Event, EventAction, EventHistory, EventPhoto, Reminder
from events.services import perform, report_event
from events.sources import Source
from events.workflow import Action
from geo.errors import DomainError
from grids.demo.steps import DemoStep
from grids.models import GridMember, MicroGrid

__all__ = ["STEP", "DEMO_EVENTS", "load", "delete"]

DEMO_EVENTS = 300
DAYS = 30
PREFIX = "demo-"
SOURCES = [Source.WORKER] * 5 + [Source.HOTLINE_12345] * 2 + [Source.CITY_MANAGEMENT] * 2 + [Source.PUBLIC]
TITLES = {
    "public_order": "发现治安隐患",
    "production_safety": "安全生产隐患",
    "traffic": "道路交通隐患",
    "environment": "环境问题反映",
    "fire": "消防通道堵塞",
    "food_drug": "食品药品问题",
    "natural_disaster": "灾害隐患点",
    "dispute": "群众矛盾纠纷",
    "public_health": "公共卫生问题",
    "city_appearance": "市容秩序问题",
    "": "民生服务诉求",
}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 190, 200)).save(out, "JPEG")
    return out.getvalue()


def _step(event, actor, action, at: datetime, now: datetime, **kw) -> bool:
    """One workflow step as `actor` at `at` (not after now); False when it cannot be taken."""
    if actor is None or at > now:
        return False
    try:
        perform(event, actor, action, version=None, now=at, **kw)
    except DomainError:
        return False
    event.refresh_from_db()
    return True


def load(context) -> None:
    if Event.objects.filter(external_id__startswith=PREFIX).exists():
        return
    rng = random.Random(20261130)
    now = timezone.now()
    leaves = list(Category.objects.filter(parent__isnull=False, active=True).order_by("code"))
    micro_ids = list(
        MicroGrid.objects.filter(code__startswith=settings.DISTRICT_CODE).order_by("code").values_list("pk", flat=True)
    )
    if not micro_ids or not leaves:
        return
    chosen = [micro_ids[rng.randrange(len(micro_ids))] for _ in range(DEMO_EVENTS)]
    points = {
        pk: (p, grid_id)
        for pk, p, grid_id in MicroGrid.objects.filter(pk__in=chosen)
        .annotate(p=PointOnSurface("geom"))
        .values_list("pk", "p", "grid_id")
    }
    workers = {m.grid_id: m.user for m in GridMember.objects.filter(role="worker").select_related("user")}
    operators = {u.jurisdiction_code[:9]: u for u in User.objects.filter(role=Role.STREET_OPERATOR)}
    centre = User.objects.filter(role=Role.COMMAND_OPERATOR).order_by("pk").first()
    photo = _photo()
    times = sorted(now - timedelta(minutes=rng.randrange(DAYS * 24 * 60)) for _ in range(DEMO_EVENTS))
    events = []
    for n, (created, mid) in enumerate(zip(times, chosen, strict=True)):
        category, source, (p, grid_id) = rng.choice(leaves), rng.choice(SOURCES), points[mid]
        event = report_event(
            title=TITLES.get(category.risk_kind, TITLES[""]),
            description=f"{category.name}（演示数据）",
            category=category,
            lon=p.x + rng.uniform(-0.00005, 0.00005),
            lat=p.y + rng.uniform(-0.00005, 0.00005),
            source=source,
            reporter=workers.get(grid_id) if source == Source.WORKER else None,
            photos=[SimpleUploadedFile("现场.jpg", photo, "image/jpeg")] if category.photo_required else [],
            external_id=f"{PREFIX}{n}",
            now=created,
        )
        events.append(event)
        _take_through(event, rng, now, workers.get(event.grid_id), operators.get(event.location_code[:9]))
    flag_overdue(now)
    overdue = [e for e in Event.objects.filter(external_id__startswith=PREFIX, overdue=True).order_by("code")]
    for event in overdue[::4]:
        _step(event, centre, Action.SUPERVISE, now - timedelta(minutes=5), now, note="请加快办理")


def _take_through(event, rng, now, worker, operator) -> None:
    """Most events end finished, old ones more often; some late, some in progress or waiting."""
    age_days = (now - event.created_at).total_seconds() / 86400
    fate = rng.random()
    handler = event.handler if event.handler_id else worker
    start = event.created_at + timedelta(minutes=rng.randrange(20, 240))
    if fate < 0.1:
        _step(event, handler, Action.SELF_HANDLE, start, now, note="现场已处理")
        return
    finish_share = 0.85 if age_days > 3 else 0.4
    if fate > 0.96 or not _step(event, handler, Action.ACCEPT, start, now):  # a few still waiting
        return
    if fate < 0.1 + finish_share:
        hours = (event.due_at - event.created_at).total_seconds() / 3600 if event.due_at else 48
        done = start + timedelta(hours=hours * rng.uniform(0.2, 1.3))  # about one in five late
        if _step(event, handler, Action.RESOLVE, done, now, note="已处置完毕"):
            _step(event, operator, Action.CLOSE, done + timedelta(hours=rng.uniform(1, 8)), now, note="核查属实，结案")
    elif fate < 0.95:
        _step(event, handler, Action.START, start + timedelta(hours=1), now)


def _remove_empty(folder: Path, root: Path) -> None:
    """Removes `folder` and its parents up to (not including) `root` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def delete_events(ids) -> None:
    """Deletes demo (or test) events with their log, history, reminders and photo files (and the
    photo folders left empty); the append-only triggers are lifted for these rows only."""
    ids = list(ids)
    for photo in EventPhoto.objects.filter(event_id__in=ids):
        folder = Path(photo.file.path).parent
        photo.file.delete(save=False)
        _remove_empty(folder, Path(settings.MEDIA_ROOT))
    with pgtrigger.ignore("events.EventAction:append_only", "events.EventHistory:append_only"):
        EventAction.objects.filter(event_id__in=ids).delete()
        EventHistory.objects.filter(pgh_obj_id__in=ids).delete()
        Reminder.objects.filter(event_id__in=ids).delete()
        EventPhoto.objects.filter(event_id__in=ids).delete()
        Event.objects.filter(pk__in=ids).delete()


def delete() -> None:
    delete_events(Event.objects.filter(external_id__startswith=PREFIX).values_list("pk", flat=True))


STEP = DemoStep(800, "演示事项 events", load, delete, option="events")

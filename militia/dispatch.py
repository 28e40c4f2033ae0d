"""Notices (通知) and dispatch (调度): a notice with text, an optional photo and a place on the map is
stored with one receipt per recipient and, after commit, pushed to each recipient's phone (their
inbox socket) and shown on the command maps of its street. A dispatch is a notice to the people
behind the chosen forces (workers, members, companies' members on call; resources are named)."""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from events import forces as force_registry
from events.models import Event
from events.photos import check_photo
from grids.locate import locate_point
from militia.errors import BadInput, NotFound
from militia.models import Emergency, Notice, NoticeReceipt
from militia.permissions import require_commander
from realtime.broadcast import publish_now, publish_to_users

__all__ = ["send_notice", "dispatch", "mark_read", "inbox", "notice_item"]


def notice_item(notice: Notice, read_at=None) -> dict:
    """What a phone and the command map receive about a notice (plain, JSON-ready)."""
    where = notice.point or (notice.area.point_on_surface if notice.area else None)
    return {
        "id": notice.pk,
        "title": notice.title,
        "body": notice.body,
        "sender": notice.sender_name,
        "time": notice.created_at.isoformat(),
        "lon": round(where.x, 7) if where else None,
        "lat": round(where.y, 7) if where else None,
        "area": notice.area.geojson if notice.area else None,
        "photo": f"/api/v1/notices/{notice.pk}/photo" if notice.photo else None,
        "forces": notice.forces,
        "emergency": notice.emergency_id,
        "code": notice.location_code,
        "read_at": read_at.isoformat() if read_at else None,
    }


@transaction.atomic
def send_notice(
    sender,
    *,
    title: str,
    user_ids,
    body: str = "",
    point: Point | None = None,
    area: MultiPolygon | None = None,
    photo=None,
    forces=None,
    emergency: Emergency | None = None,
    event: Event | None = None,
    task=None,
) -> Notice:
    require_commander(sender)
    title = (title or "").strip()
    if not title:
        raise BadInput("通知须有标题 (title is required)", field="title")
    recipients = list(User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", flat=True))
    if not recipients:
        raise BadInput("没有可接收通知的人员 (none of the chosen has a phone account)", field="forces")
    where: GEOSGeometry | None = point or (area.point_on_surface if area else None)
    located = locate_point(where.x, where.y) if where else None
    notice = Notice(
        title=title[:200],
        body=(body or "")[:4000],
        point=point,
        area=area,
        forces=forces or [],
        emergency=emergency,
        event=event,
        task=task,
        sender=sender,
        sender_name=sender.get_full_name() or sender.username,
        location_code=located.code if located else sender.jurisdiction_code,
        created_at=timezone.now(),
    )
    if photo is not None:
        checked = check_photo(photo)
        notice.photo.save(f"notice.{checked.extension}", ContentFile(checked.content), save=False)
    notice.save()
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, user_id=u) for u in recipients])
    item = notice_item(notice)
    publish_to_users(recipients, "notice", item)
    publish_now("notice", notice.location_code, {**item, "recipients": len(recipients)})
    return notice


def dispatch(
    sender,
    *,
    forces: list[dict],
    title: str,
    body: str = "",
    point: Point | None = None,
    area: MultiPolygon | None = None,
    photo=None,
    emergency_id: int | None = None,
    event_id: int | None = None,
) -> Notice:
    """Dispatch the chosen forces ([{kind, id, distance_m?}]) with a notice to their phones. Each
    force must lie inside the sender's jurisdiction (else 404 naming it)."""
    require_commander(sender)
    if not forces:
        raise BadInput("请选择调度力量 (choose the forces to dispatch)", field="forces")
    jurisdiction = sender.jurisdiction
    by_kind: dict[str, list[int]] = {}
    for f in forces:
        by_kind.setdefault(f["kind"], []).append(f["id"])
    reached = {kind: force_registry.reach(kind, ids, jurisdiction) for kind, ids in by_kind.items()}
    chosen, user_ids = [], []
    for i, f in enumerate(forces):
        found = reached[f["kind"]].get(f["id"])
        if found is None:
            raise NotFound(f"forces[{i}]: {f['kind']} {f['id']} 不存在或不在您的辖区内", field=f"forces[{i}]")
        name, users = found
        chosen.append(
            {"kind": f["kind"], "id": f["id"], "name": name, "distance_m": f.get("distance_m"), "phones": len(users)}
        )
        user_ids.extend(users)
    emergency = _in_reach(Emergency.objects.visible_to(jurisdiction), emergency_id, "emergency", "突发事件")
    event = _in_reach(Event.objects.visible_to_user(sender), event_id, "event", "事项")
    return send_notice(
        sender,
        title=title,
        body=body,
        point=point,
        area=area,
        photo=photo,
        user_ids=user_ids,
        forces=chosen,
        emergency=emergency,
        event=event,
    )


def _in_reach(queryset, pk, field, label):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"{label} {pk} 不存在或不在您的辖区内", field=field)
    return found


def inbox(user, unread_only: bool = False) -> list[dict]:
    """The user's notices, newest first, with their own read time."""
    receipts = NoticeReceipt.objects.filter(user=user).select_related("notice").order_by("-notice__created_at")
    if unread_only:
        receipts = receipts.filter(read_at__isnull=True)
    return [notice_item(r.notice, r.read_at) for r in receipts[:200]]


def mark_read(user, notice_id: int) -> dict:
    """Record that the user read the notice (the first read time is kept)."""
    receipt = NoticeReceipt.objects.filter(user=user, notice_id=notice_id).select_related("notice").first()
    if receipt is None:
        raise NotFound(f"通知 {notice_id} 不存在 (no such notice)", field="id")
    if receipt.read_at is None:
        receipt.read_at = timezone.now()
        NoticeReceipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=receipt.read_at)
    return notice_item(receipt.notice, receipt.read_at)

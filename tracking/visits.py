"""Visits (寻访打卡) to places, houses or people, proven by the worker's own fixes.

A target is resolved through grids.visit_targets (places are registered by grids, houses and people
by registry), so this module never imports the apps that own targets. The proof is the distance in
metres (settings.METRIC_SRID) from the target's point to the worker's nearest good fix within
±conf.VISIT_PROOF_WINDOW_MIN minutes of the visit. A visit is stored either way; without a fix
within conf.VISIT_MAX_DISTANCE_M it is stored with accepted=False and the reason."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Max, Min, Q

from geo.errors import BadInput, NotFound
from geo.functions import MetricDistance
from grids.visit_targets import Target, VisitLog, resolve_target, target_kinds
from tracking import conf
from tracking.duty import check_time
from tracking.models import Position, Visit
from tracking.visit_photos import checked_visit_photo

__all__ = ["record_visit", "proof_distance_m", "visible_visits", "TrackingVisitLog"]


def proof_distance_m(user, point, moment: datetime) -> float | None:
    """Metres from the point to the user's nearest good fix within the proof window; None if none."""
    window = timedelta(minutes=conf.VISIT_PROOF_WINDOW_MIN)
    return Position.objects.filter(
        user_id=user.pk, flags=0, time__gte=moment - window, time__lte=moment + window
    ).aggregate(d=Min(MetricDistance("geom", point)))["d"]


def _target(user, kind: str, pk) -> Target:
    if kind not in target_kinds():
        raise BadInput(
            f"未知的寻访对象类型 {kind!r}，可选 {', '.join(target_kinds())} (unknown target kind)", field="target_kind"
        )
    field = "place" if kind == "place" else "target_id"  # a place visit names the field it was given
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise BadInput("寻访对象须为编号 (the target must be an id)", field=field)
    target = resolve_target(kind, pk, user.jurisdiction)
    if target is None:
        raise NotFound(
            f"寻访对象 {kind} {pk} 不存在或不在您的辖区内 (no such target in your jurisdiction)", field=field
        )
    return target


def record_visit(
    user,
    *,
    target_kind: str = "place",
    target_id=None,
    place_id=None,
    note: str = "",
    photo=None,
    time: datetime | None = None,
    now: datetime | None = None,
) -> Visit:
    """Store a visit of `user` to a target (`place_id` is short for target_kind="place"), with an
    optional photo (an uploaded JPEG/PNG); 404 outside the user's jurisdiction."""
    now = now or datetime.now(dt_timezone.utc)
    moment = check_time(time, now)
    if place_id is not None:
        target_kind, target_id = "place", place_id
    target = _target(user, target_kind, target_id)
    stored_photo = checked_visit_photo(photo) if photo is not None else ""
    distance = proof_distance_m(user, target.point, moment)
    if distance is None:
        reason = f"打卡时间前后 {conf.VISIT_PROOF_WINDOW_MIN} 分钟内没有有效定位 (no position fix near the visit time)"
    elif distance > conf.VISIT_MAX_DISTANCE_M:
        reason = (
            f"最近的定位点距寻访对象 {distance:.0f} 米，超过 {conf.VISIT_MAX_DISTANCE_M:.0f} 米 "
            "(your nearest position fix was too far from the place)"
        )
    else:
        reason = ""
    return Visit.objects.create(
        user=user,
        place_id=target.id if target.kind == "place" else None,
        target_kind=target.kind,
        target_id=target.id,
        target_label=target.label[:240],
        time=moment,
        location_code=target.location_code,
        proof_distance_m=distance,
        accepted=not reason,
        reason=reason,
        note=(note or "")[:500],
        photo=stored_photo,
    )


def visible_visits(user):
    """The user's own visits and those to targets in their jurisdiction."""
    return Visit.objects.filter(Q(user=user) | user.jurisdiction.q("location_code"))


class TrackingVisitLog(VisitLog):
    """Past visits, read by the apps that own targets (registry's warnings and person card)."""

    def last_visits(self, kind, ids):
        rows = (
            Visit.objects.filter(target_kind=kind, target_id__in=list(ids), accepted=True)
            .values("target_id")
            .annotate(last=Max("time"))
        )
        return {r["target_id"]: r["last"] for r in rows}

    def recent_visits(self, targets, limit):
        by_kind: dict[str, list[int]] = {}
        for kind, pk in targets:
            by_kind.setdefault(kind, []).append(pk)
        query = None
        for kind, ids in by_kind.items():
            part = Visit.objects.filter(target_kind=kind, target_id__in=ids)
            query = part if query is None else query | part
        rows = query.select_related("user").order_by("-time")[:limit]
        return [
            {
                "kind": v.target_kind,
                "target_id": v.target_id,
                "target": v.target_label,
                "time": v.time,
                "user": v.user.get_full_name() or v.user.username,
                "accepted": v.accepted,
                "note": v.note,
            }
            for v in rows
        ]

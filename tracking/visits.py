"""Visits to places (寻访打卡), proven by the worker's own fixes.

The proof is the distance in metres (settings.METRIC_SRID) from the place's point to the worker's
nearest good fix within ±conf.VISIT_PROOF_WINDOW_MIN minutes of the visit. A visit is stored
either way; without a fix within conf.VISIT_MAX_DISTANCE_M it is stored with accepted=False and
the reason."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Min

from geo.errors import BadInput, NotFound
from geo.functions import MetricDistance
from grids.models import Place
from tracking import conf
from tracking.duty import check_time
from tracking.models import Position, Visit

__all__ = ["record_visit", "proof_distance_m"]


def proof_distance_m(user, place: Place, moment: datetime) -> float | None:
    """Metres from the place to the user's nearest good fix within the proof window; None if none."""
    window = timedelta(minutes=conf.VISIT_PROOF_WINDOW_MIN)
    return Position.objects.filter(
        user_id=user.pk, flags=0, time__gte=moment - window, time__lte=moment + window
    ).aggregate(d=Min(MetricDistance("geom", place.point)))["d"]


def record_visit(user, *, place_id, note: str = "", time: datetime | None = None, now: datetime | None = None) -> Visit:
    """Store a visit of `user` to the place `place_id` (404 outside the user's jurisdiction)."""
    now = now or datetime.now(dt_timezone.utc)
    moment = check_time(time, now)
    if isinstance(place_id, bool) or not isinstance(place_id, int):
        raise BadInput("place 必须是场所编号 (place must be a place id)", field="place")
    place = Place.objects.visible_to(user.jurisdiction).filter(pk=place_id).first()
    if place is None:
        raise NotFound(f"场所 {place_id} 不存在或不在您的辖区内 (no such place in your jurisdiction)", field="place")
    distance = proof_distance_m(user, place, moment)
    if distance is None:
        reason = f"打卡时间前后 {conf.VISIT_PROOF_WINDOW_MIN} 分钟内没有有效定位 (no position fix near the visit time)"
    elif distance > conf.VISIT_MAX_DISTANCE_M:
        reason = (
            f"最近的定位点距场所 {distance:.0f} 米，超过 {conf.VISIT_MAX_DISTANCE_M:.0f} 米 "
            "(your nearest position fix was too far from the place)"
        )
    else:
        reason = ""
    return Visit.objects.create(
        user=user,
        place=place,
        time=moment,
        location_code=place.location_code,
        proof_distance_m=distance,
        accepted=not reason,
        reason=reason,
        note=(note or "")[:500],
    )

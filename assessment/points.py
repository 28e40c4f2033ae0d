"""Points (积分): a job awards points for accepted visits, finished events a worker reported and
finished duty sessions (per hour), by the active point rules; every award is one ledger line whose
`source` is unique, so awarding again writes nothing. Redemptions spend points with a negative
line. The ledger is append-only (a database trigger)."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User, person_name
from assessment.models import PointEntry, PointRule, Redemption
from events.models import Event
from events.workflow import FINISHED
from geo.errors import BadInput, Conflict, NotFound
from geo.jurisdiction import Jurisdiction
from tracking.days import local_day_bounds
from tracking.models import DutySession, Visit

__all__ = ["award_points", "balance", "redeem", "monthly_ranking", "month_bounds", "ledger"]

LOOKBACK = timedelta(days=40)  # actions older than this are not awarded by the periodic job


def _rules() -> dict[str, float]:
    return dict(PointRule.objects.filter(active=True).values_list("action", "points"))


def award_points(now: datetime | None = None, since: datetime | None = None) -> int:
    """Award every action in [since, now) not yet in the ledger; returns the lines written."""
    now = now or timezone.now()
    since = since or now - LOOKBACK
    rules = _rules()
    entries = []
    if PointRule.Action.VISIT in rules:
        for pk, uid, t in Visit.objects.filter(accepted=True, time__gte=since, time__lt=now).values_list(
            "pk", "user_id", "time"
        ):
            entries.append(PointEntry(user_id=uid, action="visit", points=rules["visit"], source=f"visit:{pk}", time=t))
    if PointRule.Action.EVENT_CONFIRMED in rules:
        rows = Event.objects.filter(
            status__in=FINISHED, reporter__isnull=False, closed_at__gte=since, closed_at__lt=now
        ).values_list("pk", "reporter_id", "closed_at")
        for pk, uid, t in rows:
            points = rules["event_confirmed"]
            entries.append(
                PointEntry(user_id=uid, action="event_confirmed", points=points, source=f"event:{pk}", time=t)
            )
    if PointRule.Action.PATROL_HOUR in rules:
        rows = DutySession.objects.filter(ended_at__gte=since, ended_at__lt=now).values_list(
            "pk", "user_id", "started_at", "ended_at"
        )
        for pk, uid, start, end in rows:
            hours = round((end - start).total_seconds() / 3600, 2)
            entries.append(
                PointEntry(
                    user_id=uid,
                    action="patrol_hour",
                    quantity=hours,
                    points=round(hours * rules["patrol_hour"], 2),
                    source=f"session:{pk}",
                    time=end,
                )
            )
    existing = set(PointEntry.objects.filter(source__in=[e.source for e in entries]).values_list("source", flat=True))
    new = [e for e in entries if e.source not in existing]
    PointEntry.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)  # a concurrent run may win a row
    return len(new)


def balance(user_id: int) -> float:
    return PointEntry.objects.filter(user_id=user_id).aggregate(s=Sum("points"))["s"] or 0.0


def _user_in(jurisdiction: Jurisdiction, username: str) -> User:
    user = User.objects.filter(username=username).filter(jurisdiction.q("jurisdiction_code")).first()
    if user is None:
        raise NotFound(f"用户 {username} 不存在或不在您的辖区内 (no such worker in your jurisdiction)", field="user")
    return user


@transaction.atomic
def redeem(jurisdiction: Jurisdiction, username: str, item: str, points: float, recorded_by, now=None) -> Redemption:
    """Spend `points` of a worker's balance on `item`; 409 when the balance is short."""
    now = now or timezone.now()
    if points <= 0:
        raise BadInput("兑换积分必须大于 0 (points must be positive)", field="points")
    user = User.objects.select_for_update().get(pk=_user_in(jurisdiction, username).pk)
    have = balance(user.pk)
    if have < points:
        raise Conflict(f"积分不足：余额 {have:g}，需要 {points:g} (not enough points)", field="points")
    redemption = Redemption.objects.create(user=user, item=item, points=points, recorded_by=recorded_by, time=now)
    PointEntry.objects.create(
        user=user, action="redemption", points=-points, source=f"redemption:{redemption.pk}", time=now
    )
    return redemption


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = month.replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return local_day_bounds(start)[0], local_day_bounds(end)[0]


def monthly_ranking(jurisdiction: Jurisdiction, month: date, limit: int = 100) -> list[dict]:
    """Workers by points earned in the local month (redemptions do not lower a ranking), cut to
    the jurisdiction by the worker's own jurisdiction code (their grid)."""
    start, end = month_bounds(month)
    rows = (
        PointEntry.objects.filter(time__gte=start, time__lt=end, points__gt=0)
        .filter(jurisdiction.q("user__jurisdiction_code"))
        .values("user_id", "user__username", "user__first_name", "user__last_name", "user__jurisdiction_code")
        .annotate(points=Sum("points"))
        .order_by("-points", "user__username")[:limit]
    )
    return [
        {
            "rank": i,
            "user": r["user__username"],
            "name": person_name(r["user__first_name"], r["user__last_name"]) or r["user__username"],
            "code": r["user__jurisdiction_code"],
            "points": round(r["points"], 2),
        }
        for i, r in enumerate(rows, 1)
    ]


def ledger(jurisdiction: Jurisdiction, username: str, limit: int = 200) -> dict:
    user = _user_in(jurisdiction, username)
    lines = list(PointEntry.objects.filter(user=user).values("action", "quantity", "points", "source", "time")[:limit])
    return {"user": user.username, "name": user.display_name, "balance": round(balance(user.pk), 2), "lines": lines}

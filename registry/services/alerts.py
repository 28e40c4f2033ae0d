"""The warning job (预警): raises a warning for each subject a rule now matches and resolves the open
ones it no longer matches, so running it again changes nothing. Rules (registry.WarningRule):
- visit_overdue: a person in a group not visited (the person, or their house, through
  grids.visit_targets) within the group's frequency + `threshold` grace days, counted from joining;
- over_occupancy: a house with more than `threshold` people living in it;
- rental_expired: a rented house whose contract ended more than `threshold` days ago.
Warnings go to the membership's responsible worker, or the grid's first worker for houses."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from grids.models import GridMember, MemberRole
from registry.models import (
    LIVING,
    GroupCategory,
    GroupMembership,
    House,
    HouseUse,
    PersonStatus,
    Residence,
    RuleKind,
    Warning,
    WarningRule,
)
from registry.visits import last_visit_by_person

__all__ = ["scan_warnings", "ScanResult"]


@dataclass
class ScanResult:
    raised: int = 0
    resolved: int = 0
    open: int = 0


def _overdue(now: datetime, grace: int) -> dict[int, Warning]:
    members = list(
        GroupMembership.objects.current()
        .filter(person__status=PersonStatus.ACTIVE)
        .select_related("kind", "person")
        .order_by("visit_every_days")
    )
    last = last_visit_by_person({m.person_id: m.person.house_id for m in members})
    out: dict[int, Warning] = {}
    for m in members:
        if m.person_id in out:
            continue  # the tightest frequency first
        since = timezone.make_aware(datetime.combine(m.since, time.min))
        seen = max(t for t in (since, last.get(m.person_id)) if t)
        days = (now - seen).days
        if days > m.visit_every_days + grace:
            out[m.person_id] = Warning(
                kind=RuleKind.VISIT_OVERDUE,
                person_id=m.person_id,
                assignee_id=m.responsible_id,
                location_code=m.location_code,
                message=f"{m.kind.name} {m.person.name} 已 {days} 天未走访（要求每 {m.visit_every_days} 天）",
                sensitive=m.kind.category == GroupCategory.SPECIAL,
                raised_at=now,
            )
    return out


def _grid_workers() -> dict[int, int]:
    return dict(GridMember.objects.filter(role=MemberRole.WORKER).order_by("-id").values_list("grid_id", "user_id"))


def _house_warning(kind, house, workers, message, now) -> Warning:
    return Warning(
        kind=kind,
        house_id=house["id"],
        assignee_id=workers.get(house["grid_id"]),
        location_code=house["location_code"],
        message=message,
        raised_at=now,
    )


def _crowded(now, limit: int, workers) -> dict[int, Warning]:
    counts = (
        Residence.objects.current()
        .filter(relation__in=LIVING, person__status=PersonStatus.ACTIVE)
        .values("house_id")
        .annotate(n=Count("id"))
        .filter(n__gt=limit)
    )
    n_by_house = {r["house_id"]: r["n"] for r in counts}
    houses = House.objects.filter(pk__in=n_by_house).values("id", "grid_id", "location_code", "address")
    return {
        h["id"]: _house_warning(
            RuleKind.OVER_OCCUPANCY, h, workers, f"{h['address']} 居住 {n_by_house[h['id']]} 人，超过 {limit} 人", now
        )
        for h in houses
    }


def _expired(now, grace: int, workers) -> dict[int, Warning]:
    cutoff = timezone.localdate(now) - timedelta(days=grace)
    houses = House.objects.filter(use=HouseUse.RENTED, rent_until__lt=cutoff).values(
        "id", "grid_id", "location_code", "address", "rent_until"
    )
    return {
        h["id"]: _house_warning(
            RuleKind.RENTAL_EXPIRED, h, workers, f"{h['address']} 租约已于 {h['rent_until']} 到期", now
        )
        for h in houses
    }


def _sync(kind: str, subject: str, wanted: dict[int, Warning], now, result: ScanResult):
    field = f"{subject}_id"
    open_ids = set(Warning.objects.open().filter(kind=kind).values_list(field, flat=True))
    new = [w for key, w in wanted.items() if key not in open_ids]
    Warning.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    gone = open_ids - set(wanted)
    resolved = Warning.objects.open().filter(kind=kind, **{f"{field}__in": gone}).update(resolved_at=now) if gone else 0
    result.raised += len(new)
    result.resolved += resolved
    result.open += len(wanted)


@transaction.atomic
def scan_warnings(now: datetime | None = None) -> ScanResult:
    now = now or timezone.now()
    rules = {r.kind: r for r in WarningRule.objects.all()}
    workers = _grid_workers()
    result = ScanResult()
    jobs = {
        RuleKind.VISIT_OVERDUE: ("person", lambda r: _overdue(now, r.threshold)),
        RuleKind.OVER_OCCUPANCY: ("house", lambda r: _crowded(now, r.threshold, workers)),
        RuleKind.RENTAL_EXPIRED: ("house", lambda r: _expired(now, r.threshold, workers)),
    }
    for kind, (subject, find) in jobs.items():
        rule = rules.get(kind)
        _sync(kind, subject, find(rule) if rule and rule.active else {}, now, result)
    return result

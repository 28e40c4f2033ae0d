"""The raw numbers an assessment is computed from, per grid and per worker, for a period
[start, end) of local days. A fixed number of queries whatever the size of the district: members,
duty sessions, visits, events, micro-grids, the micro-grids each worker touched (the daily summary
tracking.MicroGridDay, refreshed with the screens' summaries — never the period's fixes), spot
checks. Everything is additive, so a community's or street's inputs are the sum of its grids'."""

from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from django.db.models import Count, F, Q

from accounts.models import person_name
from assessment.models import Period, SpotCheck
from events.models import Event
from events.workflow import FINISHED
from grids.models import GridMember, MicroGrid
from tracking import micro_days
from tracking.days import local_day_bounds
from tracking.duty import DUTY_ROLES
from tracking.models import Visit
from tracking.reports import duty_seconds

__all__ = ["Inputs", "INPUT_NAMES", "period_bounds", "collect"]


@dataclass
class Inputs:
    """Counts behind the indicators. Hours of duty; micro-grids with at least one good fix (flags 0)
    of the unit's workers; events reported in the period and their state when computed."""

    workers: int = 0
    duty_hours: float = 0.0
    visits: int = 0
    events: int = 0
    finished: int = 0
    finished_with_deadline: int = 0
    on_time: int = 0
    microgrids: int = 0
    microgrids_visited: int = 0
    asked: int = 0
    aware: int = 0

    def __add__(self, other: "Inputs") -> "Inputs":
        return Inputs(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


INPUT_NAMES = frozenset(f.name for f in fields(Inputs))


@dataclass
class Worker:
    user_id: int
    name: str
    grid_id: int


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    return local_day_bounds(period.start)[0], local_day_bounds(period.end)[0]


def _events_by_grid(start, end) -> dict[int, Inputs]:
    finished = Q(status__in=FINISHED)
    with_deadline = finished & Q(due_at__isnull=False)
    rows = (
        Event.objects.filter(created_at__gte=start, created_at__lt=end, grid_id__isnull=False)
        .values("grid_id")
        .annotate(
            events=Count("pk"),
            finished=Count("pk", filter=finished),
            finished_with_deadline=Count("pk", filter=with_deadline),
            on_time=Count("pk", filter=with_deadline & Q(closed_at__lte=F("due_at"))),
        )
    )
    return {
        r["grid_id"]: Inputs(
            events=r["events"],
            finished=r["finished"],
            finished_with_deadline=r["finished_with_deadline"],
            on_time=r["on_time"],
        )
        for r in rows
    }


def collect(period: Period, now: datetime) -> tuple[dict[int, Inputs], dict[int, Inputs], list[Worker]]:
    """(inputs per grid id, inputs per worker user id, the workers). A worker counts in their first
    grid among those they patrol (as the duty reports do)."""
    start, end = period_bounds(period)
    cut = min(end, now)
    members = (
        GridMember.objects.filter(role__in=DUTY_ROLES)
        .order_by("user_id", "id")
        .distinct("user_id")
        .values_list("user_id", "grid_id", "user__first_name", "user__last_name", "user__username")
    )
    workers = [Worker(uid, person_name(first, last) or username, gid) for uid, gid, first, last, username in members]
    duty = {uid: seconds / 3600 for uid, seconds in duty_seconds(None, start, cut).items()}
    visits = dict(
        Visit.objects.filter(time__gte=start, time__lt=end, accepted=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    grid_of_micro = dict(MicroGrid.objects.values_list("id", "grid_id"))
    micro_count: dict[int, int] = defaultdict(int)
    for gid in grid_of_micro.values():
        micro_count[gid] += 1
    visited = micro_days.visited(period.start, period.end)
    events = _events_by_grid(start, end)
    checks = {
        gid: Inputs(asked=asked, aware=aware)
        for gid, asked, aware in SpotCheck.objects.filter(period=period).values_list("grid_id", "asked", "aware")
    }

    per_worker: dict[int, Inputs] = {}
    grid_visited: dict[int, set[int]] = defaultdict(set)
    grid_people: dict[int, Inputs] = defaultdict(Inputs)
    for w in workers:
        mine = {m for m in visited.get(w.user_id, ()) if grid_of_micro.get(m) == w.grid_id}
        grid_visited[w.grid_id] |= mine
        own = Inputs(workers=1, duty_hours=duty.get(w.user_id, 0.0), visits=visits.get(w.user_id, 0))
        grid_people[w.grid_id] = grid_people[w.grid_id] + own
        shared = events.get(w.grid_id, Inputs()) + checks.get(w.grid_id, Inputs())
        per_worker[w.user_id] = own + shared + Inputs(microgrids=micro_count[w.grid_id], microgrids_visited=len(mine))

    per_grid: dict[int, Inputs] = {}
    for gid in set(micro_count) | set(events) | set(grid_people):
        per_grid[gid] = (
            grid_people.get(gid, Inputs())
            + events.get(gid, Inputs())
            + checks.get(gid, Inputs())
            + Inputs(microgrids=micro_count.get(gid, 0), microgrids_visited=len(grid_visited.get(gid, ())))
        )
    return per_grid, per_worker, workers

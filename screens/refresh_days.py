"""Refresh AreaDay for given local days: one grouped query per source (events reported, events
finished, duty sessions, visits, check-ins, micro-grids touched), each row added to its grid, community,
street and district, then the days' rows replaced in one transaction. The fixes are read once, by
the SQL that rewrites the days' MicroGridDay rows (tracking.micro_days, which the assessment's
coverage reads too); the micro-grids visited come from those rows."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from events.models import Event
from events.workflow import FINISHED
from grids.models import MicroGrid
from screens.areas import ancestors
from screens.models import AreaDay
from tracking.days import local_day_bounds
from tracking.micro_days import refresh_micro_days, visited_on
from tracking.models import CheckIn, CheckInKind, DutySession, Visit

__all__ = ["refresh_days", "day_rows", "NO_KIND"]

NO_KIND = "other"  # the events_by_kind key of events whose category is not a risk (Category.risk_kind blank)


class _Rows:
    def __init__(self, day):
        self.day = day
        self.rows: dict[str, AreaDay] = {}

    def add(self, location_code, **counts):
        for level, code in ancestors(location_code):
            row = self.rows.get(code)
            if row is None:
                row = self.rows[code] = AreaDay(level=level, code=code, day=self.day)
            for name, value in counts.items():
                if isinstance(value, tuple):  # (json field, key)
                    field, key, n = value
                    bucket = getattr(row, field)
                    bucket[key] = bucket.get(key, 0) + n
                else:
                    setattr(row, name, getattr(row, name) + value)


def _duty_by_grid(start, end, cut):
    """Duty hours inside [start, min(end, cut)) and sessions started in the day, per grid code."""
    stop = min(end, cut)
    if stop <= start:
        return []
    clipped = ExpressionWrapper(
        Least(
            Coalesce("ended_at", Value(stop, output_field=DateTimeField())), Value(stop, output_field=DateTimeField())
        )
        - Greatest("started_at", Value(start, output_field=DateTimeField())),
        output_field=DurationField(),
    )
    return (
        DutySession.objects.filter(started_at__lt=stop, grid__isnull=False)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .values("grid__code")
        .annotate(hours=Sum(clipped), started=Count("pk", filter=Q(started_at__gte=start)))
    )


def day_rows(day: date, now: datetime, micro_codes: dict[int, str] | None = None) -> list[AreaDay]:
    """The day's AreaDay rows (its MicroGridDay rows must be fresh: refresh_days writes them first)."""
    start, end = local_day_bounds(day)
    rows = _Rows(day)
    reported = (
        Event.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("location_code", "category__risk_kind", "source")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status__in=FINISHED)))
    )
    for r in reported:
        rows.add(
            r["location_code"],
            events_reported=r["n"],
            reported_finished=r["done"],
            events_by_kind=("events_by_kind", r["category__risk_kind"] or NO_KIND, r["n"]),
            events_by_source=("events_by_source", r["source"], r["n"]),
        )
    with_deadline = Q(due_at__isnull=False)
    finished = (
        Event.objects.filter(status__in=FINISHED, closed_at__gte=start, closed_at__lt=end)
        .values("location_code")
        .annotate(
            n=Count("pk"),
            hours=Sum(F("closed_at") - F("created_at")),
            due=Count("pk", filter=with_deadline),
            on_time=Count("pk", filter=with_deadline & Q(closed_at__lte=F("due_at"))),
        )
    )
    for r in finished:
        rows.add(
            r["location_code"],
            events_finished=r["n"],
            close_hours=r["hours"].total_seconds() / 3600,
            finished_with_deadline=r["due"],
            finished_on_time=r["on_time"],
        )
    for r in _duty_by_grid(start, end, now):
        rows.add(r["grid__code"], patrols=r["started"], duty_hours=r["hours"].total_seconds() / 3600)
    visits = (
        Visit.objects.filter(time__gte=start, time__lt=end, accepted=True)
        .values("location_code", "target_kind")
        .annotate(n=Count("pk"))
    )
    for r in visits:
        rows.add(r["location_code"], visits=r["n"], visits_by_kind=("visits_by_kind", r["target_kind"], r["n"]))
    checkins = (
        CheckIn.objects.filter(time__gte=start, time__lt=end, kind=CheckInKind.IN)
        .values("location_code")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(accepted=True)))
    )
    for r in checkins:
        rows.add(r["location_code"], checkins=r["n"], checkins_accepted=r["ok"])
    if micro_codes is None:
        micro_codes = dict(MicroGrid.objects.values_list("id", "code"))
    for mid in visited_on(day):
        rows.add(micro_codes.get(mid), microgrids_visited=1)
    for row in rows.rows.values():
        row.close_hours = round(row.close_hours, 3)
        row.duty_hours = round(row.duty_hours, 3)
    return list(rows.rows.values())


def refresh_days(days: list[date], now: datetime) -> int:
    """Recompute the AreaDay and MicroGridDay rows of `days`; returns how many AreaDay rows were
    written."""
    micro_codes = dict(MicroGrid.objects.values_list("id", "code"))
    with transaction.atomic():
        refresh_micro_days(days)
        computed = [row for day in days for row in day_rows(day, now, micro_codes)]
        AreaDay.objects.filter(day__in=days).delete()
        AreaDay.objects.bulk_create(computed, batch_size=5000)
    return len(computed)

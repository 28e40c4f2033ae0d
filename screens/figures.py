"""Reading the summary tables for one area: which area a reader's wall shows, sums of AreaDay over
a span of days (for the area or per child area), and the AreaNow rows. A few indexed reads each;
never the source tables."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Sum

from geo.errors import NotFound
from geo.jurisdiction import Jurisdiction
from screens.areas import level_of
from screens.models import AreaDay, AreaNow, Level

__all__ = [
    "Area",
    "area_for",
    "day_rows",
    "add_up",
    "day_sums",
    "child_day_sums",
    "children_now",
    "CHILD_LEVEL",
    "NUMBERS",
    "BUCKETS",
]

CHILD_LEVEL = {Level.DISTRICT: Level.STREET, Level.STREET: Level.COMMUNITY, Level.COMMUNITY: Level.GRID}
NUMBERS = [
    "events_reported",
    "reported_finished",
    "events_finished",
    "close_hours",
    "finished_with_deadline",
    "finished_on_time",
    "patrols",
    "duty_hours",
    "visits",
    "checkins",
    "checkins_accepted",
    "microgrids_visited",
]
BUCKETS = ["events_by_kind", "events_by_source", "visits_by_kind"]


@dataclass
class Area:
    code: str
    name: str
    level: str
    now: AreaNow

    @property
    def prefix(self) -> str:
        return _prefix(self.code)

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level}


def _prefix(code: str) -> str:
    level = level_of(code)
    return {Level.DISTRICT: code[:6], Level.STREET: code[:9], Level.COMMUNITY: code[:12]}.get(level, code)


def area_for(jurisdiction: Jurisdiction, code: str | None = None) -> Area:
    """The area of `code` (default: the whole jurisdiction) if the reader may see it; 404 otherwise,
    or before the first refresh."""
    if jurisdiction.prefix is None:
        raise NotFound("您没有辖区 (you have no jurisdiction)", field="area")
    if not code:
        p = jurisdiction.prefix or settings.DISTRICT_CODE
        code = p if len(p) == 15 else p.ljust(12, "0")
    if not jurisdiction.covers(code):
        raise NotFound(f"区域 {code} 不存在或不在您的辖区内 (no such area in your jurisdiction)", field="area")
    now = AreaNow.objects.filter(code=code).first()
    if now is None:
        raise NotFound(f"区域 {code} 没有统计（尚未刷新）(no figures for this area yet)", field="area")
    return Area(code=code, name=now.name, level=now.level, now=now)


def day_rows(code: str, start: date, end: date) -> list[dict]:
    """The AreaDay rows of `code` with start <= day <= end, as dicts (one indexed read; a year is
    at most 366 small rows)."""
    return list(AreaDay.objects.filter(code=code, day__gte=start, day__lte=end).values("day", *NUMBERS, *BUCKETS))


def add_up(rows: list[dict], start: date | None = None, end: date | None = None) -> dict:
    """Sums of the numbers and merged buckets of the rows with start <= day <= end."""
    total = {**{f: 0 for f in NUMBERS}, **{f: {} for f in BUCKETS}}
    for row in rows:
        if (start and row["day"] < start) or (end and row["day"] > end):
            continue
        for field in NUMBERS:
            total[field] += row[field] or 0
        for field in BUCKETS:
            bucket = total[field]
            for key, n in (row[field] or {}).items():
                bucket[key] = bucket.get(key, 0) + n
    return total


def day_sums(code: str, start: date | None, end: date) -> dict:
    """Sums over [start, end] (start None: since the beginning). Numbers only, in SQL."""
    rows = AreaDay.objects.filter(code=code, day__lte=end)
    if start:
        rows = rows.filter(day__gte=start)
    return {f: v or 0 for f, v in rows.aggregate(**{f: Sum(f) for f in NUMBERS}).items()}


def child_day_sums(area: Area, start: date, end: date) -> dict[str, dict]:
    """Per child area of `area` (streets of the district…), sums of numbers over [start, end]."""
    level = CHILD_LEVEL.get(area.level)
    if level is None:
        return {}
    rows = (
        AreaDay.objects.filter(level=level, code__startswith=_prefix(area.code), day__gte=start, day__lte=end)
        .values("code")
        .annotate(**{f: Sum(f) for f in NUMBERS})
    )
    return {r.pop("code"): r for r in rows}


def children_now(area: Area) -> list[AreaNow]:
    level = CHILD_LEVEL.get(area.level)
    if level is None:
        return []
    return list(AreaNow.objects.filter(level=level, parent=area.code).order_by("code"))

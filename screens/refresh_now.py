"""Refresh AreaNow (the state now, per area) and HotCell (event hot spots). Grouped queries over
areas, grids, micro-grids, members, open duty sessions, registry counts, open events and militia;
each row added to its area and every area above it; both tables replaced in one transaction."""

from collections import defaultdict
from datetime import datetime, timedelta

import h3
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Left

from events.models import Event
from events.sources import Source
from events.workflow import OPEN
from geo.models import AdminArea
from grids.models import Grid, GridKind, GridMember, MicroGrid
from militia.models import MilitiaMember, MilitiaOrg, Resource
from registry.models import AreaCount, House
from screens import conf
from screens.areas import ancestors, district_code
from screens.models import AreaNow, HotCell, Level
from tracking.duty import DUTY_ROLES
from tracking.models import DutySession

__all__ = ["refresh_now", "now_rows", "hot_cells", "HOT_RESOLUTION"]

HOT_RESOLUTION = 8  # ≈ 0.7 km² hexagons
CITY_SOURCES = (Source.HOTLINE_12345, Source.CITY_MANAGEMENT)


def _areas(now) -> dict[str, AreaNow]:
    rows = {}
    for a in AdminArea.objects.filter(level__in=["district", "street", "community"]).values("code", "name", "level"):
        code = a["code"]
        parent = (
            "" if a["level"] == "district" else (district_code(code) if a["level"] == "street" else code[:9] + "000")
        )
        rows[code] = AreaNow(level=a["level"], code=code, name=a["name"], parent=parent, refreshed_at=now)
    for g in Grid.objects.values("code", "name", "kind"):
        rows[g["code"]] = AreaNow(
            level=Level.GRID, code=g["code"], name=g["name"], parent=g["code"][:12], refreshed_at=now
        )
    return rows


def now_rows(now: datetime) -> list[AreaNow]:
    rows = _areas(now)

    def add(location_code, **counts):
        for _level, code in ancestors(location_code):
            row = rows.get(code)
            if row is None:
                continue  # a code without an area row (data outside the known areas)
            for name, value in counts.items():
                if isinstance(value, tuple):
                    field, key, n = value
                    bucket = getattr(row, field)
                    bucket[key] = bucket.get(key, 0) + n
                else:
                    setattr(row, name, getattr(row, name) + value)

    for code in AdminArea.objects.filter(level="community").values_list("code", flat=True):
        add(code[:9] + "000", communities=1)
    for code, kind in Grid.objects.values_list("code", "kind"):
        add(code, grids=1, dedicated_grids=int(kind == GridKind.DEDICATED))
    for r in MicroGrid.objects.annotate(g=Left("code", 15)).values("g").annotate(n=Count("pk")):
        add(r["g"], microgrids=r["n"])
    workers = (
        GridMember.objects.filter(role__in=DUTY_ROLES).values("grid__code").annotate(n=Count("user", distinct=True))
    )
    for r in workers:
        add(r["grid__code"], workers=r["n"])
    on_duty = (
        DutySession.objects.filter(ended_at__isnull=True, grid__isnull=False)
        .values("grid__code")
        .annotate(n=Count("pk"))
    )
    for r in on_duty:
        add(r["grid__code"], on_duty=r["n"])
    counts = (
        AreaCount.objects.annotate(g=Left("location_code", 15))
        .values("g")
        .annotate(b=Sum("buildings"), h=Sum("houses"), p=Sum("people"))
    )
    for r in counts:
        add(r["g"], buildings=r["b"], houses=r["h"], people=r["p"])
    houses = House.objects.annotate(g=Left("location_code", 15)).values("g", "use").annotate(n=Count("pk"))
    for r in houses:
        add(r["g"], houses_by_use=("houses_by_use", r["use"], r["n"]))
    open_events = (
        Event.objects.filter(status__in=OPEN)
        .values("location_code", "department__name", "overdue", "supervised", "source")
        .annotate(n=Count("pk"))
    )
    for r in open_events:
        add(
            r["location_code"],
            open_events=r["n"],
            overdue=r["n"] if r["overdue"] else 0,
            supervised=r["n"] if r["supervised"] else 0,
            overdue_city=r["n"] if r["overdue"] and r["source"] in CITY_SOURCES else 0,
            open_by_department=("open_by_department", r["department__name"] or "未分派", r["n"]),
        )
    for r in MilitiaOrg.objects.values("location_code", "level").annotate(n=Count("pk")):
        add(r["location_code"], militia=("militia", f"org_{r['level']}", r["n"]))
    members = MilitiaMember.objects.values("org__location_code").annotate(
        n=Count("pk"), on_call=Count("pk", filter=Q(on_call=True))
    )
    for r in members:
        add(r["org__location_code"], militia=("militia", "members", r["n"]))
        add(r["org__location_code"], militia=("militia", "on_call", r["on_call"]))
    for r in Resource.objects.values("location_code", "kind").annotate(n=Count("pk")):
        add(r["location_code"], militia=("militia", f"resource_{r['kind']}", r["n"]))
    return list(rows.values())


def hot_cells(now: datetime) -> list[HotCell]:
    """Events reported in the last HOT_DAYS per grid and H3 cell."""
    since = now - timedelta(days=conf.HOT_DAYS)
    cells: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Event.objects.filter(created_at__gte=since)
        .exclude(location_code="")
        .values_list("location_code", "point", "source")
    )
    for lc, point, source in rows.iterator(chunk_size=5000):
        key = (lc[:15], h3.str_to_int(h3.latlng_to_cell(point.y, point.x, HOT_RESOLUTION)))
        cells[key][0] += 1
        cells[key][1] += source in CITY_SOURCES
    return [HotCell(code=code, cell=cell, events=n, city=c) for (code, cell), (n, c) in cells.items()]


def refresh_now(now: datetime) -> tuple[int, int]:
    rows, cells = now_rows(now), hot_cells(now)
    with transaction.atomic():
        AreaNow.objects.all().delete()
        AreaNow.objects.bulk_create(rows, batch_size=5000)
        HotCell.objects.all().delete()
        HotCell.objects.bulk_create(cells, batch_size=5000)
    return len(rows), len(cells)

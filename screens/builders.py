"""The seven screens' data, each built from the summary tables for one area (figures.Area). Every
figure that has a list behind it names it in `links` (an API URL the wall opens as a drill-down).
Shares are fractions 0–1 (None without a denominator); hours are hours; days are local."""

from datetime import date, timedelta

import h3
from django.db.models import FloatField, Func, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import person_name
from assessment.models import Period, Score
from assessment.points import monthly_ranking
from events.models import Event, RiskKind
from events.sources import Source
from events.workflow import OPEN, TRANSITIONS, Action, denial
from geo.jurisdiction import Jurisdiction
from screens.figures import CHILD_LEVEL, Area, add_up, child_day_sums, children_now, day_rows, day_sums
from screens.models import HotCell
from screens.refresh_days import NO_KIND

__all__ = ["SCREENS", "build"]

HOT_LIMIT = 400
OVERDUE_LIMIT = 300


def _ratio(a, b, digits=4):
    return round(a / b, digits) if b else None


def _events_link(area: Area, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"location": area.code, **params}.items())
    return f"/api/v1/events?{query}"


def _report_link(kind: str, area: Area, today: date) -> str:
    """The duty report behind a governance figure, narrowed to the area where the report can be."""
    narrow = {"street": f"&street={area.code}", "grid": f"&grid={area.code}"}.get(area.level, "")
    if kind == "grids" and area.level == "grid":
        narrow = ""
    return f"/api/v1/reports/{kind}?date={today}{narrow}"


def _kinds() -> dict[str, str]:
    """The ten risk kinds in their fixed order, named in the reader's language."""
    return {k.value: str(k.label) for k in RiskKind}


def _by_kind(bucket: dict) -> list[dict]:
    """Every risk kind with its count (zeros too: the ring and the trend always show the ten)."""
    return [{"key": k, "name": name, "count": bucket.get(k, 0)} for k, name in _kinds().items()]


def _named(bucket: dict, names: dict) -> list[dict]:
    return [
        {"key": k, "name": names.get(k, k), "count": n}
        for k, n in sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _children(area: Area, fields) -> list[dict]:
    return [{"code": c.code, "name": c.name, **{f: getattr(c, f) for f in fields}} for c in children_now(area)]


def base(area: Area, today: date, jurisdiction) -> dict:
    now = area.now
    figures = {
        f: getattr(now, f)
        for f in (
            "people",
            "houses",
            "buildings",
            "communities",
            "grids",
            "dedicated_grids",
            "microgrids",
            "workers",
            "on_duty",
        )
    }
    # the owner/rented/vacant rings only once the registry holds houses
    figures["houses_by_use"] = now.houses_by_use if now.houses else None
    return {
        "figures": figures,
        "children": _children(area, ("people", "houses", "grids", "workers", "on_duty")),
        "links": {"on_duty": _report_link("workers", area, today), "grids": f"/api/v1/grids?code={area.prefix}"},
    }


def governance(area: Area, today: date, jurisdiction) -> dict:
    rows = day_rows(area.code, today.replace(day=1), today)
    day, month = add_up(rows, today), add_up(rows)
    keep = ("patrols", "duty_hours", "visits", "visits_by_kind", "checkins", "checkins_accepted", "microgrids_visited")
    per_child = child_day_sums(area, today, today)
    children = []
    for c in children_now(area):
        d = per_child.get(c.code, {})
        children.append(
            {
                "code": c.code,
                "name": c.name,
                "workers": c.workers,
                "checkins_accepted": d.get("checkins_accepted", 0),
                "checkin_rate": _ratio(d.get("checkins_accepted", 0), c.workers),
                "coverage": _ratio(d.get("microgrids_visited", 0), c.microgrids),
            }
        )
    return {
        "figures": {
            "today": {k: day[k] for k in keep},
            "month": {k: month[k] for k in keep},
            "coverage_today": _ratio(day["microgrids_visited"], area.now.microgrids),
            "checkin_rate_today": _ratio(day["checkins_accepted"], area.now.workers),
        },
        "children": children,
        "links": {"visits": _report_link("workers", area, today), "checkins": _report_link("grids", area, today)},
        "map": {"heat": True},
    }


_hot_cache: dict[tuple, dict] = {}
HOT_CACHE_SIZE = 256


def _hot(area: Area, field: str) -> dict:
    """Hot-spot hexagons under the area, kept per process until the next refresh (they only change then)."""
    key = (area.prefix, field, area.now.refreshed_at)
    if key not in _hot_cache:
        if len(_hot_cache) >= HOT_CACHE_SIZE:
            _hot_cache.clear()
        _hot_cache[key] = _hot_cells(area, field)
    return _hot_cache[key]


def _hot_cells(area: Area, field: str) -> dict:
    rows = (
        HotCell.objects.filter(code__startswith=area.prefix)
        .values("cell")
        .annotate(n=Sum(field))
        .filter(n__gt=0)
        .order_by("-n")[:HOT_LIMIT]
    )
    features = []
    for r in rows:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(h3.int_to_str(r["cell"]))]
        features.append(
            {
                "type": "Feature",
                "properties": {"n": r["n"]},
                "geometry": {"type": "Polygon", "coordinates": [ring + ring[:1]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def risks(area: Area, today: date, jurisdiction) -> dict:
    names = _kinds()
    monday = today - timedelta(days=today.weekday())
    rows = day_rows(area.code, min(monday - timedelta(weeks=11), today - timedelta(days=29)), today)
    recent = add_up(rows, today - timedelta(days=29))
    weeks = []
    for i in range(11, -1, -1):
        start = monday - timedelta(weeks=i)
        w = add_up(rows, start, start + timedelta(days=6))
        weeks.append({"week": str(start), "total": w["events_reported"], "by_kind": w["events_by_kind"]})
    return {
        "figures": {
            "by_kind_30d": _by_kind(recent["events_by_kind"]),
            "total_30d": recent["events_reported"],
            "not_risks_30d": recent["events_by_kind"].get(NO_KIND, 0),
        },
        "kinds": names,
        "trend": weeks,
        "hot": _hot(area, "events"),
        "links": {k: _events_link(area, risk_kind=k) for k in names},
    }


def _overdue_points(jurisdiction, area: Area, sources=None) -> dict:
    """The open overdue events under the area (at most OVERDUE_LIMIT, by deadline) as GeoJSON: the
    one read of a source table, served by the partial index event_open_overdue. Coordinates come
    out of SQL as numbers (no geometry objects per row)."""
    rows = Event.objects.visible_to(jurisdiction).filter(
        status__in=OPEN, overdue=True, location_code__startswith=area.prefix
    )
    if sources:
        rows = rows.filter(source__in=sources)
    rows = rows.annotate(
        lon=Func("point", function="ST_X", output_field=FloatField()),
        lat=Func("point", function="ST_Y", output_field=FloatField()),
    ).order_by("due_at")
    fields = ("pk", "code", "title", "status", "level", "handler_id", "location_code", "lon", "lat")
    names = ("handler__first_name", "handler__last_name", "handler__username")
    features = []
    for e in rows.values(*fields, *names)[:OVERDUE_LIMIT]:
        handler = person_name(e["handler__first_name"], e["handler__last_name"]) or e["handler__username"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": e["pk"],
                    "code": e["code"],
                    "title": e["title"],
                    "status": e["status"],
                    "level": e["level"],
                    "handler": e["handler_id"],
                    "handler_name": handler,
                    "location_code": e["location_code"],
                },
                "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _mark_dispatchable(features: list[dict], user) -> None:
    """`can_dispatch` on each overdue event: whether `user` may dispatch (下派) it from the wall —
    the workflow's own rule (events.workflow.denial), so the wall offers exactly what the events
    API would accept."""
    for f in features:
        p = f["properties"]
        allowed = p["status"] in TRANSITIONS[Action.DISPATCH][0] and not denial(
            user.role,
            Action.DISPATCH,
            level=p["level"],
            is_handler=p["handler"] == user.pk,
            covers=user.jurisdiction.covers(p["location_code"]),
            is_reporter=False,
            is_superuser=user.is_superuser,
        )
        p["can_dispatch"] = allowed


def warning(area: Area, today: date, jurisdiction) -> dict:
    rows = day_rows(area.code, today.replace(month=1, day=1), today)
    day, year = add_up(rows, today), add_up(rows)
    total = day_sums(area.code, None, today)
    now = area.now
    return {
        "figures": {
            "today": day["events_reported"],
            "this_year": year["events_reported"],
            "total": total["events_reported"],
            "open": now.open_events,
            "overdue": now.overdue,
            "supervised": now.supervised,
            "avg_close_hours": _ratio(total["close_hours"], total["events_finished"], 2),
            "close_rate_today": _ratio(day["reported_finished"], day["events_reported"]),
            "by_kind_year": _named(year["events_by_kind"], _kinds() | {NO_KIND: str(_("其他"))}),
            "department_load": _named(now.open_by_department, {}),
        },
        "overdue_events": _overdue_points(jurisdiction, area),
        "links": {
            "overdue": _events_link(area, overdue="true"),
            "supervised": _events_link(area, supervised="true"),
            "open": _events_link(area, status=",".join(sorted(OPEN))),
        },
    }


CITY = (Source.HOTLINE_12345, Source.CITY_MANAGEMENT)


def city(area: Area, today: date, jurisdiction) -> dict:
    rows = day_rows(area.code, today.replace(month=1, day=1), today)
    spans = {"today": add_up(rows, today), "month": add_up(rows, today.replace(day=1)), "year": add_up(rows)}
    figures = {name: {s: d["events_by_source"].get(s, 0) for s in CITY} for name, d in spans.items()}
    figures["overdue"] = area.now.overdue_city
    return {
        "figures": figures,
        "sources": {s.value: str(s.label) for s in CITY},
        "children": _children(area, ("overdue_city", "overdue", "open_events")),
        "hot": _hot(area, "city"),
        "overdue_events": _overdue_points(jurisdiction, area, CITY),
        "links": {s: _events_link(area, source=s) for s in CITY} | {"overdue": _events_link(area, overdue="true")},
    }


def militia(area: Area, today: date, jurisdiction) -> dict:
    m = area.now.militia
    return {
        "figures": {
            "orgs": {k[4:]: v for k, v in m.items() if k.startswith("org_")},
            "members": m.get("members", 0),
            "on_call": m.get("on_call", 0),
            "resources": {k[9:]: v for k, v in m.items() if k.startswith("resource_")},
        },
        "children": [
            {"code": c.code, "name": c.name, "on_call": c.militia.get("on_call", 0)} for c in children_now(area)
        ],
        "links": {"members": "/api/v1/militia/members", "resources": "/api/v1/militia/resources"},
        "map": {"layers": ["militia", "resources"]},
    }


def assessment(area: Area, today: date, jurisdiction) -> dict:
    period = Period.objects.filter(computed_at__isnull=False).order_by("-start", "kind").first()
    out = {"period": None, "areas": [], "grids": [], "points": monthly_ranking(jurisdiction, today, 10)}
    if period is None:
        return out | {"figures": {}, "links": {}}
    level = CHILD_LEVEL.get(area.level, "grid")
    scores = Score.objects.filter(period=period, code__startswith=area.prefix)

    def top(lv, n):
        return [
            {"id": s.pk, "code": s.code, "name": s.name, "total": s.total, "rank": s.rank}
            for s in scores.filter(level=lv).order_by("-total", "code")[:n]
        ]

    out.update(
        period={"id": period.pk, "name": period.name, "status": period.status},
        areas=top(level, 20),
        grids=top("grid", 10),
        figures={"scored_grids": scores.filter(level="grid").count()},
        links={
            "areas": f"/api/v1/assessment/periods/{period.pk}/scores?level={level}",
            "grids": f"/api/v1/assessment/periods/{period.pk}/scores?level=grid",
            "points": "/api/v1/assessment/points/ranking",
        },
    )
    return out


SCREENS = {
    "base": base,
    "governance": governance,
    "risks": risks,
    "warning": warning,
    "city": city,
    "militia": militia,
    "assessment": assessment,
}


def build(name: str, area: Area, jurisdiction: Jurisdiction, user=None) -> dict:
    """One screen's data; with `user`, each overdue event says whether they may dispatch it."""
    today = timezone.localdate()
    out = {
        "screen": name,
        "area": area.as_dict(),
        "refreshed_at": area.now.refreshed_at,
        **SCREENS[name](area, today, jurisdiction),
    }
    if user is not None and "overdue_events" in out:
        _mark_dispatchable(out["overdue_events"]["features"], user)
    return out

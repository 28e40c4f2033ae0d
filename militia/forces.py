"""The militia's kinds of force for the nearby scan (events/forces.py): members on call, companies
and emergency resources. Members stand at their latest fix when it is fresh (they share their
location through tracking's intake), else at their registered point."""

from datetime import timedelta
from types import SimpleNamespace

from django.db.models import Count, F, Q

from events.forces import ForceProvider, ScanContext, nearest
from geo.jurisdiction import Jurisdiction
from militia import conf
from militia.models import MilitiaMember, MilitiaOrg, OrgLevel, Resource
from militia.models.resources import CAPACITY_UNITS
from tracking.models import LatestPosition

__all__ = ["PROVIDERS", "find_members", "find_companies", "find_resources"]


def find_members(ctx: ScanContext) -> list[dict]:
    """Members on call: those whose latest fix is fresh stand there, the others at their registered
    point (two KNN scans, merged nearest first)."""
    since = ctx.now - timedelta(minutes=conf.MEMBER_FIX_MAX_AGE_MINUTES)
    fresh = Q(user_id__in=LatestPosition.objects.filter(time__gte=since).values("user_id"))
    on_call = MilitiaMember.objects.visible_to(ctx.jurisdiction).filter(on_call=True)
    fields = ("id", "name", "speciality", "age_band", "phone", "user_id", "org_id", "org__name", "org__location_code")
    live = nearest(on_call.filter(fresh), "user__latest_position__geom_m", ctx).values(
        *fields, "distance", at=F("user__latest_position__geom")
    )[: ctx.limit]
    registered = nearest(on_call.exclude(fresh), "point_m", ctx).values(*fields, "distance", at=F("point"))[: ctx.limit]
    rows = sorted(
        [*({**m, "live": True} for m in live), *({**m, "live": False} for m in registered)],
        key=lambda m: (m["distance"], m["id"]),
    )[: ctx.limit]
    return [
        {
            "kind": "militia_member",
            "id": m["id"],
            "name": m["name"],
            "speciality": m["speciality"],
            "age_band": m["age_band"],
            "phone": ctx.phone(m["phone"]),
            "org": {"id": m["org_id"], "name": m["org__name"]},
            "has_phone_app": m["user_id"] is not None,
            "live": m["live"],
            "lon": m["at"].x,
            "lat": m["at"].y,
            "code": m["org__location_code"],
            "distance_m": round(m["distance"], 1),
        }
        for m in rows
    ]


def reach_members(ids: list[int], jurisdiction: Jurisdiction) -> dict[int, tuple[str, list[int]]]:
    members = MilitiaMember.objects.visible_to(jurisdiction).filter(pk__in=ids)
    return {
        pk: (name, [user_id] if user_id else []) for pk, name, user_id in members.values_list("pk", "name", "user_id")
    }


def find_companies(ctx: ScanContext) -> list[dict]:
    companies = MilitiaOrg.objects.visible_to(ctx.jurisdiction).filter(level=OrgLevel.COMPANY)
    fields = ("id", "name", "commander", "phone", "point", "location_code", "distance")
    rows = [SimpleNamespace(**c) for c in nearest(companies, "point_m", ctx).values(*fields)[: ctx.limit]]
    ids = [c.id for c in rows]
    counts: dict[int, dict[str, int]] = {pk: {"total": 0, "on_call": 0} for pk in ids}
    units = MilitiaOrg.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
    for org_id, parent_id, on_call, n in (
        MilitiaMember.objects.filter(org_id__in=units)
        .values_list("org_id", "org__parent_id", "on_call")
        .annotate(n=Count("id"))
    ):
        company = org_id if org_id in counts else parent_id
        counts[company]["total"] += n
        counts[company]["on_call"] += n if on_call else 0
    return [
        {
            "kind": "militia_company",
            "id": c.id,
            "name": c.name,
            "commander": c.commander,
            "phone": ctx.phone(c.phone),
            "members": counts[c.id]["total"],
            "on_call": counts[c.id]["on_call"],
            "lon": c.point.x,
            "lat": c.point.y,
            "code": c.location_code,
            "distance_m": round(c.distance, 1),
        }
        for c in rows
    ]


def reach_companies(ids: list[int], jurisdiction: Jurisdiction) -> dict[int, tuple[str, list[int]]]:
    """A company is reached through the phones of its members on call (its platoons' too)."""
    companies = dict(
        MilitiaOrg.objects.visible_to(jurisdiction).filter(pk__in=ids, level=OrgLevel.COMPANY).values_list("pk", "name")
    )
    reached: dict[int, tuple[str, list[int]]] = {pk: (name, []) for pk, name in companies.items()}
    members = MilitiaMember.objects.filter(
        Q(org_id__in=companies) | Q(org__parent_id__in=companies), on_call=True, user__isnull=False
    ).values_list("org_id", "org__parent_id", "user_id")
    for org_id, parent_id, user_id in members:
        reached[org_id if org_id in companies else parent_id][1].append(user_id)
    return reached


def reach_resources(ids: list[int], jurisdiction: Jurisdiction) -> dict[int, tuple[str, list[int]]]:
    """Resources have no phones: a dispatch names them in the notice."""
    return {
        pk: (name, [])
        for pk, name in Resource.objects.visible_to(jurisdiction).filter(pk__in=ids).values_list("pk", "name")
    }


def find_resources(ctx: ScanContext) -> list[dict]:
    fields = ("id", "kind", "name", "capacity", "available", "contact", "phone", "address", "point")
    found = nearest(Resource.objects.visible_to(ctx.jurisdiction), "point_m", ctx)
    rows = [SimpleNamespace(**r) for r in found.values(*fields, "location_code", "distance")[: ctx.limit]]
    return [
        {
            "kind": "resource",
            "id": r.id,
            "name": r.name,
            "resource_kind": r.kind,
            "capacity": r.capacity,
            "available": r.available,
            "capacity_unit": CAPACITY_UNITS.get(r.kind, ""),
            "contact": r.contact,
            "phone": ctx.phone(r.phone),
            "address": r.address,
            "lon": r.point.x,
            "lat": r.point.y,
            "code": r.location_code,
            "distance_m": round(r.distance, 1),
        }
        for r in rows
    ]


PROVIDERS = [
    ForceProvider("militia_member", "待命民兵", find_members, reach_members),
    ForceProvider("militia_company", "民兵连", find_companies, reach_companies),
    ForceProvider("resource", "应急资源", find_resources, reach_resources),
]

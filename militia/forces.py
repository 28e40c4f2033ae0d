"""The militia's kinds of force for the nearby scan (events/forces.py): members on call, companies
and emergency resources. Members stand at their latest fix when it is fresh (they share their
location through tracking's intake), else at their registered point."""

from datetime import timedelta

from django.contrib.gis.db.models import PointField
from django.db.models import Case, Count, F, Q, When

from events.forces import ForceProvider, ScanContext, nearest
from geo.jurisdiction import Jurisdiction
from militia import conf
from militia.models import MilitiaMember, MilitiaOrg, OrgLevel, Resource

__all__ = ["PROVIDERS", "find_members", "find_companies", "find_resources"]


def find_members(ctx: ScanContext) -> list[dict]:
    fresh = ctx.now - timedelta(minutes=conf.MEMBER_FIX_MAX_AGE_MINUTES)
    members = MilitiaMember.objects.visible_to(ctx.jurisdiction).filter(on_call=True)
    members = members.annotate(
        at=Case(
            When(user__latest_position__time__gte=fresh, then=F("user__latest_position__geom")),
            default=F("point"),
            output_field=PointField(srid=4326),
        ),
        live=Q(user__latest_position__time__gte=fresh),
    )
    rows = nearest(members, "at", ctx).values(
        "id",
        "name",
        "speciality",
        "age_band",
        "phone",
        "user_id",
        "org_id",
        "org__name",
        "org__location_code",
        "at",
        "live",
        "distance",
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
            "live": bool(m["live"]),
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
    rows = list(nearest(companies, "point", ctx)[: ctx.limit])
    company = Case(When(org__level=OrgLevel.COMPANY, then=F("org_id")), default=F("org__parent_id"))
    counts = {
        row["company"]: row
        for row in MilitiaMember.objects.filter(Q(org__in=rows) | Q(org__parent__in=rows))
        .values(company=company)
        .annotate(total=Count("id"), on_call=Count("id", filter=Q(on_call=True)))
    }
    return [
        {
            "kind": "militia_company",
            "id": c.pk,
            "name": c.name,
            "commander": c.commander,
            "phone": ctx.phone(c.phone),
            "members": counts.get(c.pk, {}).get("total", 0),
            "on_call": counts.get(c.pk, {}).get("on_call", 0),
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
    rows = nearest(Resource.objects.visible_to(ctx.jurisdiction), "point", ctx)[: ctx.limit]
    return [
        {
            "kind": "resource",
            "id": r.pk,
            "name": r.name,
            "resource_kind": r.kind,
            "capacity": r.capacity,
            "available": r.available,
            "capacity_unit": r.capacity_unit,
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

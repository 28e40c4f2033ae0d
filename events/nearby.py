"""Nearby forces for an event's dispatch dialog, and the `worker` force kind (on-duty grid workers
at their latest position) that events registers with the scan in events/forces.py.

The dialog's endpoint keeps its shape ({"workers", "militia_units"}) but is answered by the same
scan as /api/v1/forces/nearby: militia units are the `militia_company` kind when the militia app
registers it. Distances are metres in settings.METRIC_SRID."""

from django.contrib.gis.geos import Point

from accounts.models import person_name
from accounts.privacy import worker_phone
from events.forces import ForceProvider, ScanContext, Target, nearest, provider_kinds, scan
from geo.jurisdiction import Jurisdiction
from tracking.models import DutySession, LatestPosition

__all__ = ["nearby_forces", "WORKERS"]


def find_workers(ctx: ScanContext) -> list[dict]:
    """On-duty grid workers (an open duty session) at their latest position."""
    rows = nearest(
        LatestPosition.objects.filter(
            ctx.jurisdiction.q("location_code"),
            user_id__in=DutySession.objects.filter(ended_at__isnull=True).values("user_id"),
            user__is_active=True,
        ),
        "geom_m",
        ctx,
    ).values(
        "user_id",
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__phone",
        "user__jurisdiction_code",
        "user__role",
        "geom",
        "time",
        "location_code",
        "battery",
        "distance",
    )[: ctx.limit]
    return [
        {
            "kind": "worker",
            "id": w["user_id"],
            "username": w["user__username"],
            "name": person_name(w["user__first_name"], w["user__last_name"]) or w["user__username"],
            "role": w["user__role"],
            "phone": worker_phone(
                w["user__phone"],
                viewer_prefix=ctx.jurisdiction.prefix,
                worker_code=w["user__jurisdiction_code"],
                may_see=ctx.show_phone,
            ),
            "lon": w["geom"].x,
            "lat": w["geom"].y,
            "time": w["time"],
            "code": w["location_code"],
            "battery": w["battery"],
            "distance_m": round(w["distance"], 1),
        }
        for w in rows
    ]


def reach_workers(ids: list[int], jurisdiction: Jurisdiction) -> dict[int, tuple[str, list[int]]]:
    """A worker is reached on their own phone; only workers whose latest position is in reach."""
    visible = LatestPosition.objects.filter(jurisdiction.q("location_code"), user_id__in=ids, user__is_active=True)
    rows = visible.values_list("user_id", "user__username", "user__first_name", "user__last_name")
    return {uid: (person_name(first, last) or username, [uid]) for uid, username, first, last in rows}


WORKERS = ForceProvider("worker", "在岗网格员", find_workers, reach_workers)


def nearby_forces(
    point: Point, jurisdiction: Jurisdiction, *, radius_m: float, limit: int, show_phone: bool = False
) -> dict:
    """{"workers": [...], "militia_units": [...]}, each nearest first, at most `limit`, within `radius_m`."""
    kinds = [k for k in ("worker", "militia_company") if k in provider_kinds()]
    found = scan(Target(point, radius_m), jurisdiction, kinds=kinds, limit=limit, show_phone=show_phone)["forces"]
    return {
        "radius_m": radius_m,
        "workers": [f for f in found if f["kind"] == "worker"],
        "militia_units": [{**f, "kind": "militia_unit"} for f in found if f["kind"] == "militia_company"],
    }

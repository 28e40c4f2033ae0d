"""Events near given points (metres in settings.METRIC_SRID), for cards that show what happened
around a place or a person's home (read through grids.activity, registered in events/apps.py)."""

from events.models import Event
from geo.functions import MetricDistance, degree_bound

__all__ = ["events_near"]


def events_near(points, user, radius_m: float, limit: int) -> list[dict]:
    found: dict[int, dict] = {}
    for point in points:
        rows = (
            Event.objects.visible_to_user(user)
            .filter(point__dwithin=(point, degree_bound(point, radius_m)))
            .annotate(distance=MetricDistance("point", point))
            .filter(distance__lte=radius_m)
            .select_related("category")
            .order_by("-created_at")[:limit]
        )
        for e in rows:
            found.setdefault(
                e.pk,
                {
                    "id": e.pk,
                    "code": e.code,
                    "title": e.title,
                    "status": e.status,
                    "category": e.category.name,
                    "time": e.created_at,
                    "distance_m": round(e.distance, 1),
                },
            )
    return sorted(found.values(), key=lambda r: r["time"], reverse=True)[:limit]

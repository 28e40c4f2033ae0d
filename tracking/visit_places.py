"""The places of a grid a worker should visit (寻访): each with its distance from the worker (metres
in settings.METRIC_SRID, when the worker's WGS84 position is given) and the days since its last
accepted visit, ordered by distance (nearest first) or by that age (never visited first)."""

from django.contrib.gis.geos import Point
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from geo.errors import BadInput, NotFound
from geo.functions import MetricDistance
from grids.models import Grid, Place
from tracking import conf
from tracking.duty import NotGridMember, duty_grid
from tracking.models import Visit

__all__ = ["places_to_visit", "ORDERS"]

ORDERS = ("distance", "days")


def _grid(user, code: str | None) -> Grid:
    if code:
        grid = Grid.objects.visible_to(user.jurisdiction).filter(code=code).first()
        if grid is None:
            raise NotFound(f"网格 {code} 不存在或不在您的辖区内 (no such grid in your jurisdiction)", field="grid")
        return grid
    try:
        return duty_grid(user)
    except NotGridMember:
        raise BadInput(
            "您不是网格成员，请指定网格 grid (name a grid: you are not a grid member)", field="grid"
        ) from None


def places_to_visit(user, *, grid: str | None = None, lon=None, lat=None, order: str = "distance") -> dict:
    """`{grid: {code, name}, places: [...]}` for `grid` (default: the user's duty grid), cut to the
    user's jurisdiction; at most conf.VISIT_PLACES_LIMIT places."""
    if order not in ORDERS:
        raise BadInput(f"order: 可选 {', '.join(ORDERS)} (order must be distance or days)", field="order")
    if order == "distance" and (lon is None or lat is None):
        order = "days"  # no position, no distance
    the_grid = _grid(user, grid)
    last_visit = (
        Visit.objects.filter(target_kind="place", target_id=OuterRef("pk"), accepted=True)
        .values("target_id")
        .annotate(last=Max("time"))
        .values("last")
    )
    places = (
        Place.objects.visible_to(user.jurisdiction)
        .filter(location_code__startswith=the_grid.code)
        .annotate(last_visit=Subquery(last_visit))
    )
    here = Point(lon, lat, srid=4326) if lon is not None and lat is not None else None
    if here is not None:
        places = places.annotate(distance_m=MetricDistance("point", here))
    if order == "distance":
        places = places.order_by("distance_m", "id")
    else:
        places = places.order_by(F("last_visit").asc(nulls_first=True), "id")
    now = timezone.now()
    rows = []
    for place in places[: conf.VISIT_PLACES_LIMIT]:
        last = place.last_visit
        rows.append(
            {
                "id": place.pk,
                "name": place.name,
                "kind": place.kind,
                "kind_label": place.get_kind_display(),
                "lon": place.point.x,
                "lat": place.point.y,
                "distance_m": round(place.distance_m, 1) if here is not None else None,
                "last_visit": last,
                "days_since_visit": (now - last).days if last else None,
            }
        )
    return {"grid": {"code": the_grid.code, "name": the_grid.name}, "order": order, "places": rows}

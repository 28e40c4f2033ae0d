"""Spatial queries over any registered layer: features within an area or a drawn geometry, within a
distance of a point/place/event/geometry, and the k nearest. Distances are metres in
settings.METRIC_SRID (EPSG:4549). Every statement runs under the analysis time limit."""

from dataclasses import dataclass

from django.contrib.gis.db.models.functions import GeometryDistance
from django.contrib.gis.geos import GEOSGeometry

from analysis import conf
from analysis.limits import time_limited
from analysis.results import Result, fetch
from analysis.scope import Scope
from events.models import Event
from geo.errors import BadInput, NotFound
from geo.functions import MetricDistance, degree_bound
from geo.jurisdiction import Jurisdiction
from grids.models import Place

__all__ = ["Page", "within", "buffer", "nearest", "centre_of", "geos"]

_DISTANCE = "analysis_distance"


@dataclass(frozen=True)
class Page:
    limit: int = conf.PAGE_SIZE
    offset: int = 0


def geos(geom) -> GEOSGeometry:
    """A shapely WGS84 geometry as GEOS for the ORM."""
    return GEOSGeometry(memoryview(geom.wkb), srid=4326)


def within(scope: Scope, geometry=None, page: Page = Page(), count: bool = True) -> Result:
    """Rows of the scope (its area, or the whole jurisdiction) whose geometry meets `geometry`
    (shapely, WGS84) when given, in id order. `count` also counts every match (for paging)."""
    qs = scope.rows()
    if geometry is not None:
        qs = qs.filter(**{f"{scope.layer.geom_field}__intersects": geos(geometry)})
    with time_limited():
        matched = qs.count() if count else None
        result = fetch(scope.layer, qs.order_by("pk")[page.offset : page.offset + page.limit])
    result.matched = matched
    return result


def centre_of(
    jurisdiction: Jurisdiction, *, point=None, place: int | None = None, event: int | None = None, geometry=None
):
    """The centre of a buffer or nearest query as GEOS (WGS84): a point, a place or an event (both
    must be inside the jurisdiction: else 404, as by id) or a drawn geometry. Exactly one."""
    given = [
        name
        for name, value in (("lon", point), ("place", place), ("event", event), ("geometry", geometry))
        if value is not None
    ]
    if len(given) != 1:
        raise BadInput("须且只能指定一个中心: lon&lat、place、event 或 geometry (give exactly one centre)", field="lon")
    if point is not None:
        return geos(point)
    if geometry is not None:
        return geos(geometry)
    if place is not None:
        geom = Place.objects.visible_to(jurisdiction).filter(pk=place).values_list("geom", flat=True).first()
        if geom is None:
            raise NotFound(f"place: 场所 {place} 不存在或不在您的辖区内 (no such place)", field="place")
        return geom
    geom = Event.objects.visible_to(jurisdiction).filter(pk=event).values_list("point", flat=True).first()
    if geom is None:
        raise NotFound(f"event: 事项 {event} 不存在或不在您的辖区内 (no such event)", field="event")
    return geom


def _check_radius(radius_m: float):
    if not (0 < radius_m <= conf.MAX_RADIUS_M):
        raise BadInput(f"radius_m: 须在 0–{conf.MAX_RADIUS_M:g} 米之间 (out of range)", field="radius_m")


def buffer(scope: Scope, centre: GEOSGeometry, radius_m: float, page: Page = Page(), count: bool = True) -> Result:
    """Rows within `radius_m` metres (EPSG:4549) of `centre`, nearest first, each with distance_m."""
    _check_radius(radius_m)
    field = scope.layer.geom_field
    qs = (
        scope.rows()
        .filter(**{f"{field}__dwithin": (centre, degree_bound(centre, radius_m))})
        .annotate(**{_DISTANCE: MetricDistance(field, centre)})
        .filter(**{f"{_DISTANCE}__lte": radius_m})
    )
    with time_limited():
        matched = qs.count() if count else None
        ranked = qs.order_by(_DISTANCE, "pk")[page.offset : page.offset + page.limit]
        result = fetch(scope.layer, ranked, {"distance_m": _DISTANCE})
    result.matched = matched
    return result


def nearest(scope: Scope, centre: GEOSGeometry, k: int) -> Result:
    """The `k` rows nearest to `centre` by metric distance (EPSG:4549), nearest first.

    The GiST index orders by WGS84 distance (KNN `<->`), which is not quite the metric order
    (a degree of longitude is shorter than one of latitude), so: the k nearest by `<->` bound the
    k-th metric distance from above; every true neighbour lies within that bound, which the index
    finds, and those few candidates are ranked exactly."""
    if not 1 <= k <= conf.MAX_K:
        raise BadInput(f"k: 须在 1–{conf.MAX_K} 之间 (out of range)", field="k")
    field = scope.layer.geom_field
    rows = scope.rows()
    with time_limited():
        first = (
            rows.annotate(**{_DISTANCE: MetricDistance(field, centre)})
            .order_by(GeometryDistance(field, centre))
            .values_list(_DISTANCE, flat=True)[:k]
        )
        first = list(first)
        if len(first) == k:
            rows = rows.filter(**{f"{field}__dwithin": (centre, degree_bound(centre, max(first) + 0.01))})
        ranked = rows.annotate(**{_DISTANCE: MetricDistance(field, centre)}).order_by(_DISTANCE, "pk")[:k]
        result = fetch(scope.layer, ranked, {"distance_m": _DISTANCE})
    result.matched = len(result)
    return result

"""Nearby forces (应急指挥): one scan over every registered kind of force around a point or an area.

`events` defines the registry and registers on-duty grid workers (events/nearby.py); apps above
it (militia) register their own kinds — members on call, companies, resources — so this module
never imports them. Each provider answers the same question for its kind: what lies within
`radius_m` metres of the target, inside the viewer's jurisdiction, nearest first.

Every scanned table keeps its point in settings.METRIC_SRID (EPSG:4549) as a stored generated column
with a GiST index, so the radius is an indexed box (`&&`) and an exact planar distance in metres
(`<->`, KNN-capable) that also orders the rows; no row is transformed at query time. For an area the
distance is to its edge (0 inside), and ties are broken by the distance to its centre."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.db.models import FloatField, Func, QuerySet, Value
from django.utils import timezone

from accounts.privacy import mask_phone
from events.errors import BadInput
from geo.jurisdiction import Jurisdiction

__all__ = [
    "Target",
    "ScanContext",
    "ForceProvider",
    "register_provider",
    "provider_kinds",
    "nearest",
    "scan",
    "reach",
]


@dataclass(frozen=True)
class Target:
    """Scan around `geom` (a Point or a (Multi)Polygon, SRID 4326) out to `radius_m` metres."""

    geom: GEOSGeometry
    radius_m: float

    @property
    def is_area(self) -> bool:
        return self.geom.geom_type != "Point"

    @property
    def centre(self) -> Point:
        return self.geom if not self.is_area else self.geom.point_on_surface


_local = threading.local()


def _to_metric() -> CoordTransform:
    """WGS84 → METRIC_SRID (PROJ, as PostGIS transforms), built once per thread: building one costs
    milliseconds, and GDAL transformations must not be shared between threads."""
    if getattr(_local, "to_metric", None) is None:
        _local.to_metric = CoordTransform(SpatialReference(4326), SpatialReference(settings.METRIC_SRID))
    return _local.to_metric


@dataclass(frozen=True)
class ScanContext:
    target: Target
    jurisdiction: Jurisdiction
    limit: int
    show_phone: bool = False
    now: datetime = field(default_factory=timezone.now)

    @cached_property
    def metric(self) -> tuple[GEOSGeometry, GEOSGeometry]:
        """The target and its centre in settings.METRIC_SRID: constants in each provider's query."""
        to_metric = _to_metric()
        return self.target.geom.transform(to_metric, clone=True), self.target.centre.transform(to_metric, clone=True)

    def phone(self, raw: str) -> str:
        return raw if self.show_phone else mask_phone(raw or "")


@dataclass(frozen=True)
class ForceProvider:
    """`find(ctx)` → items ({kind, id, name, lon, lat, code, distance_m, …}) nearest first, at most
    ctx.limit. `reach(ids, jurisdiction)` → {id: (name, [user ids])} for the ids inside the
    jurisdiction: whose phones a dispatch to these forces reaches (none for a fuel station)."""

    kind: str
    title: str
    find: Callable[[ScanContext], list[dict]]
    reach: Callable[[list[int], Jurisdiction], dict[int, tuple[str, list[int]]]]


_providers: dict[str, ForceProvider] = {}


def register_provider(provider: ForceProvider) -> ForceProvider:
    _providers[provider.kind] = provider
    return provider


def provider_kinds() -> list[str]:
    return list(_providers)


class KnnDistance(Func):
    """`a <-> b`: the planar distance, which PostgreSQL answers nearest-first from a GiST index on `a`."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def nearest(queryset: QuerySet, metric_field: str, ctx: ScanContext) -> QuerySet:
    """`queryset` cut to rows whose point lies within the radius, annotated with `distance` (metres)
    and ordered nearest first (ties by id; around an area, by the distance to its centre).
    `metric_field` is the row's point in settings.METRIC_SRID, a stored column with a GiST index, so
    the radius is an indexed box test and the order a KNN `<->`, with no transform at query time."""
    srid, radius = settings.METRIC_SRID, ctx.target.radius_m
    as_value = partial(Value, output_field=GeometryField(srid=srid))
    geom, centre = ctx.metric
    west, south, east, north = geom.extent
    # `&&` with a constant box rather than ST_DWithin: PostGIS 3.3 estimates ST_DWithin's rows as 1,
    # which turns every join of the scan into a nested loop; the box's estimate is right.
    box = Polygon.from_bbox((west - radius, south - radius, east + radius, north + radius))
    box.srid = srid
    rows = (
        queryset.filter(**{f"{metric_field}__bboverlaps": box})
        .annotate(distance=KnnDistance(metric_field, as_value(geom)))
        .filter(distance__lte=radius)
    )
    if ctx.target.is_area:
        return rows.annotate(centre_distance=KnnDistance(metric_field, as_value(centre))).order_by(
            "distance", "centre_distance", "pk"
        )
    return rows.order_by("distance", "pk")


def _parse_kinds(kinds) -> list[str]:
    if not kinds:
        return provider_kinds()
    unknown = [k for k in kinds if k not in _providers]
    if unknown:
        raise BadInput(f"未知力量类型 {', '.join(unknown)} (kinds: {', '.join(_providers)})", field="kinds")
    return list(dict.fromkeys(kinds))


def scan(target: Target, jurisdiction: Jurisdiction, *, kinds=None, limit: int, show_phone: bool = False) -> dict:
    """Every chosen kind's forces near the target: {"forces": [...] nearest first, "counts": {kind: n}}
    (at most `limit` of each kind)."""
    ctx = ScanContext(target, jurisdiction, limit, show_phone)
    found = {kind: _providers[kind].find(ctx) for kind in _parse_kinds(kinds)}
    forces = sorted((item for items in found.values() for item in items), key=lambda i: i["distance_m"])
    return {
        "radius_m": target.radius_m,
        "center": [target.centre.x, target.centre.y],
        "counts": {kind: len(items) for kind, items in found.items()},
        "forces": forces,
    }


def reach(kind: str, ids: list[int], jurisdiction: Jurisdiction) -> dict[int, tuple[str, list[int]]]:
    """{force id: (name, [user ids])} for the forces of `kind` inside the jurisdiction (ids out of
    reach are absent)."""
    provider = _providers.get(kind)
    if provider is None:
        raise BadInput(f"未知力量类型 {kind} (unknown kind)", field="forces")
    return provider.reach(ids, jurisdiction)

"""Nearby forces (应急指挥): one scan over every registered kind of force around a point or an area.

`events` defines the registry and registers on-duty grid workers (events/nearby.py); apps above
it (militia) register their own kinds — members on call, companies, resources — so this module
never imports them. Each provider answers the same question for its kind: what lies within
`radius_m` metres of the target, inside the viewer's jurisdiction, nearest first.

Candidates are found with ST_DWithin on the GiST-indexed WGS84 column using a degree bound that
safely contains the radius; the exact distance is then measured in metres in settings.METRIC_SRID
(EPSG:4549) and used to filter and order. For an area the distance is to its edge (0 inside), and
ties are broken by the distance to its centre."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.gis.geos import GEOSGeometry, Point
from django.db.models import QuerySet
from django.utils import timezone

from events.errors import BadInput
from geo.jurisdiction import Jurisdiction
from tracking.measure import MetricDistance

__all__ = [
    "Target",
    "ScanContext",
    "ForceProvider",
    "register_provider",
    "provider_kinds",
    "nearest",
    "scan",
    "reach",
    "mask_phone",
]

_METRES_PER_DEGREE = 111_320.0


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else ("*" * len(phone))


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

    def degree_bound(self) -> float:
        """Degrees covering `radius_m` in every direction around the target (a safe upper bound)."""
        lat = max(abs(self.geom.extent[1]), abs(self.geom.extent[3]))
        return self.radius_m / (_METRES_PER_DEGREE * max(math.cos(math.radians(lat + 1)), 0.01)) * 1.01


@dataclass(frozen=True)
class ScanContext:
    target: Target
    jurisdiction: Jurisdiction
    limit: int
    show_phone: bool = False
    now: datetime = field(default_factory=timezone.now)

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


def nearest(queryset: QuerySet, field: str, ctx: ScanContext) -> QuerySet:
    """`queryset` cut to rows whose geometry `field` lies within the radius, annotated with
    `distance` (metres, METRIC_SRID) and ordered nearest first."""
    target = ctx.target
    rows = (
        queryset.filter(**{f"{field}__dwithin": (target.geom, target.degree_bound())})
        .annotate(distance=MetricDistance(field, target.geom))
        .filter(distance__lte=target.radius_m)
    )
    if target.is_area:
        return rows.annotate(centre_distance=MetricDistance(field, target.centre)).order_by(
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

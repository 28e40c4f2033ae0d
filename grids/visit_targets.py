"""What a grid worker can visit (寻访), and what is known of past visits, without the app that records
visits (tracking) and the apps that own targets (grids: places; registry: houses and people) importing
each other. Owners register a resolver per kind; the recorder registers its reader of past visits.

A target is resolved inside a jurisdiction: None means no such target there (a 404 to the caller)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.gis.geos import Point

from geo.jurisdiction import Jurisdiction

__all__ = [
    "Target",
    "register_target",
    "target_kinds",
    "resolve_target",
    "register_visit_log",
    "last_visits",
    "recent_visits",
]


@dataclass(frozen=True)
class Target:
    kind: str  # "place" | "house" | "person" | …
    id: int
    label: str
    point: Point  # WGS84, where a visit is proven against the worker's fixes
    location_code: str


_resolvers: dict[str, Callable[[int, Jurisdiction], Target | None]] = {}


def register_target(kind: str, resolver: Callable[[int, Jurisdiction], Target | None]):
    _resolvers[kind] = resolver


def target_kinds() -> list[str]:
    return sorted(_resolvers)


def resolve_target(kind: str, pk: int, jurisdiction: Jurisdiction) -> Target | None:
    resolver = _resolvers.get(kind)
    return resolver(pk, jurisdiction) if resolver else None


class VisitLog:
    """What the visit recorder answers (tracking registers one)."""

    def last_visits(self, kind: str, ids: Iterable[int]) -> dict[int, datetime]:
        """The time of the latest accepted visit to each target that has one."""
        return {}

    def recent_visits(self, targets: list[tuple[str, int]], limit: int) -> list[dict]:
        """The newest visits to any of the targets: dicts with kind, target_id, time, user,
        accepted, note, newest first."""
        return []


_log = VisitLog()


def register_visit_log(log: VisitLog):
    global _log
    _log = log


def last_visits(kind: str, ids: Iterable[int]) -> dict[int, datetime]:
    return _log.last_visits(kind, ids)


def recent_visits(targets: list[tuple[str, int]], limit: int = 20) -> list[dict]:
    return _log.recent_visits(targets, limit) if targets else []

"""Records other apps keep about places on the ground, read without importing those apps: an app
registers a reader (events: events near a point), and a card that shows a place's or a person's
surroundings (registry's person card) asks through here."""

from collections.abc import Callable

from django.contrib.gis.geos import Point

__all__ = ["register_near", "near"]

# name → reader(points, user, radius_m, limit) → list of dicts with at least "time" (newest first)
_readers: dict[str, Callable[[list[Point], object, float, int], list[dict]]] = {}


def register_near(name: str, reader: Callable[[list[Point], object, float, int], list[dict]]):
    _readers[name] = reader


def near(points: list[Point], user, radius_m: float, limit: int = 20, name: str = "events") -> list[dict]:
    """What the `name` reader knows within `radius_m` metres of any of the points, visible to `user`."""
    reader = _readers.get(name)
    return reader(points, user, radius_m, limit) if reader and points else []

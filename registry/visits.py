"""Houses and people as visit targets (寻访): registered in grids.visit_targets, so a worker's visit to
a household or a person is recorded by tracking like a visit to a place, and the registry reads past
visits back (warnings, person card) through the same contract."""

from datetime import datetime

from grids.visit_targets import Target, last_visits, register_target
from registry.models import House, Person

__all__ = ["register_targets", "last_visit_by_person"]


def _house(pk: int, jurisdiction) -> Target | None:
    house = House.objects.visible_to(jurisdiction).filter(pk=pk).first()
    return house and Target("house", house.pk, house.address, house.point, house.location_code)


def _person(pk: int, jurisdiction) -> Target | None:
    person = Person.objects.visible_to(jurisdiction).select_related("house").filter(pk=pk).first()
    if person is None or person.house is None:
        return None
    return Target("person", person.pk, person.name, person.house.point, person.location_code)


def register_targets():
    register_target("house", _house)
    register_target("person", _person)


def last_visit_by_person(people: dict[int, int | None]) -> dict[int, datetime]:
    """For {person id: current house id}, the latest accepted visit to the person or their house."""
    by_person = last_visits("person", people.keys())
    by_house = last_visits("house", {h for h in people.values() if h})
    out = {}
    for pid, hid in people.items():
        times = [t for t in (by_person.get(pid), by_house.get(hid)) if t]
        if times:
            out[pid] = max(times)
    return out

"""The two read screens' data: the building view (楼盘表: floors × rooms, each room with its
residents, occupancy and flags) and the person card (houses, groups, visits, events, transfers).
Both log every person they return (registry.access)."""

from datetime import date

from django.db.models import Prefetch

from geo.errors import NotFound
from grids import activity, visit_targets
from registry import conf
from registry.access import log_reads
from registry.models import (
    LIVING,
    Building,
    Channel,
    GroupCategory,
    House,
    HouseUse,
    PersonStatus,
    Residence,
    Transfer,
    Warning,
)
from registry.present import group_row, person_row
from registry.privacy import disclosure_for, present_name
from registry.queries import person_for, visible_groups

__all__ = ["building_view", "person_card"]


def _house_flags(house: House, living: int, groups: list, open_warnings: set[int]) -> list[str]:
    flags = []
    if house.use == HouseUse.RENTED:
        flags.append("rented")
        if house.rent_until and house.rent_until < date.today():
            flags.append("rental_expired")
    if house.group_rental:
        flags.append("group_rental")
    if living == 0:
        flags.append("empty")
    if living > conf.OCCUPANCY_LIMIT:
        flags.append("over_occupancy")
    categories = {m.kind.category for m in groups}
    flags += [c for c in (GroupCategory.SPECIAL, GroupCategory.CARE) if c in categories]
    if house.pk in open_warnings:
        flags.append("warning")
    return flags


def building_view(user, building_id: int, purpose: str = "") -> dict:
    building = Building.objects.visible_to(user.jurisdiction).filter(pk=building_id).first()
    if building is None:
        raise NotFound(f"楼栋 {building_id} 不存在或不在您的辖区内 (no such building in your jurisdiction)", field="id")
    disclosure = disclosure_for(user)
    current = Residence.objects.current().select_related("person").order_by("relation", "person_id")
    houses = list(
        House.objects.filter(building=building)
        .prefetch_related(Prefetch("residences", queryset=current, to_attr="current"))
        .order_by("unit", "-floor", "room")
    )
    people_ids = [r.person_id for h in houses for r in h.current]
    groups = visible_groups(people_ids, disclosure.special_groups)
    warned = set(Warning.objects.open().filter(house__building=building).values_list("house_id", flat=True))
    rooms = []
    for h in houses:
        living = [r for r in h.current if r.relation in LIVING and r.person.status == PersonStatus.ACTIVE]
        house_groups = [m for r in h.current for m in groups.get(r.person_id, [])]
        rooms.append(
            {
                "id": h.pk,
                "unit": h.unit,
                "floor": h.floor,
                "room": h.room,
                "use": h.use,
                "occupancy": len(living),
                "flags": _house_flags(h, len(living), house_groups, warned),
                "residents": [
                    {
                        "id": r.person_id,
                        "name": present_name(r.person.name, disclosure),
                        "relation": r.relation,
                        "groups": [group_row(m)["kind_name"] for m in groups.get(r.person_id, [])],
                    }
                    for r in h.current
                ],
            }
        )
    log_reads(user, people_ids, Channel.BUILDING, purpose)
    return {
        "id": building.pk,
        "code": building.code,
        "name": building.name,
        "address": building.address,
        "kind": building.kind,
        "floors": building.floors,
        "units": sorted({h.unit for h in houses}),
        "location_code": building.location_code,
        "point": [building.point.x, building.point.y],
        "houses": rooms,
        "people": sum(r["occupancy"] for r in rooms),
    }


def _house_row(r: Residence) -> dict:
    h = r.house
    return {
        "house_id": h.pk,
        "building_id": h.building_id,
        "address": h.address,
        "use": h.use,
        "relation": r.relation,
        "since": r.since,
        "until": r.until,
        "location_code": h.location_code,
    }


def person_card(user, pk: int, purpose: str = "") -> dict:
    person = person_for(user, pk)
    disclosure = disclosure_for(user)
    groups = visible_groups([person.pk], disclosure.special_groups).get(person.pk, [])
    residences = list(Residence.objects.filter(person=person).select_related("house").order_by("until", "-since"))
    houses = {r.house_id: r.house for r in residences}
    targets = [("person", person.pk)] + [("house", hid) for hid in houses]
    points = [h.point for r in residences if r.until is None for h in [r.house]]
    transfers = Transfer.objects.filter(person=person).select_related("from_house", "to_house")[:20]
    card = person_row(person, disclosure, groups)
    card.update(
        {
            "houses": [_house_row(r) for r in residences],
            "visits": visit_targets.recent_visits(targets, limit=20),
            "events": activity.near(points, user, conf.CARD_EVENTS_RADIUS_M, limit=20) if points else [],
            "transfers": [
                {
                    "kind": t.kind,
                    "date": t.date,
                    "from": t.from_house.address if t.from_house else "",
                    "to": t.to_house.address if t.to_house else "",
                    "reason": t.reason,
                }
                for t in transfers
            ],
            "warnings": [
                {"kind": w.kind, "message": w.message, "raised_at": w.raised_at}
                for w in Warning.objects.open().filter(person=person)
                if disclosure.special_groups or not w.sensitive
            ],
        }
    )
    log_reads(user, [person.pk], Channel.CARD, purpose)
    return card

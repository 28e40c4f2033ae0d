"""Moving a person (迁入迁出): the current living link ends, a new one starts, the person and their
group memberships take the new house's location code, and a Transfer row keeps both codes — so the
old grid still sees who left and the new one who came. Person history is kept by pghistory."""

from datetime import date

import pghistory
from django.db import transaction

from geo.errors import BadInput
from registry.models import LIVING, GroupMembership, PersonStatus, Relation, Residence, Transfer, TransferKind
from registry.services.people import editable_house, editable_person

__all__ = ["move_person", "transfer_kind"]


def transfer_kind(from_code: str, to_code: str | None) -> TransferKind:
    """Which kind of move: by comparing location codes (street 9 digits, grid 15)."""
    if not from_code:
        return TransferKind.MOVE_IN
    if to_code is None:
        return TransferKind.MOVE_OUT
    if from_code[:15] == to_code[:15]:
        return TransferKind.WITHIN_GRID
    if from_code[:9] == to_code[:9]:
        return TransferKind.ACROSS_GRIDS
    return TransferKind.ACROSS_STREETS


@transaction.atomic
def move_person(
    actor,
    person_id: int,
    *,
    to_house_id: int | None,
    relation: str = Relation.FAMILY,
    on: date | None = None,
    reason: str = "",
) -> Transfer:
    """Move a person to another house (any house the actor may edit: a street operator moves people
    between their grids), or out of the district with `to_house_id` None."""
    person = editable_person(actor, person_id)
    to_house = editable_house(actor, to_house_id) if to_house_id is not None else None
    on = on or date.today()
    if relation not in LIVING:
        raise BadInput(f"relation: 迁入关系须为 {', '.join(LIVING)} (a living relation)", field="relation")
    if to_house is not None and to_house.pk == person.house_id:
        raise BadInput("该人员已住在此房屋 (already lives there)", field="to_house")
    from_house, from_code = person.house, person.location_code if person.house_id else ""
    kind = transfer_kind(from_code, to_house.location_code if to_house else None)
    with pghistory.context(actor=actor.pk, action="move_person"):
        Residence.objects.current().filter(person=person, relation__in=LIVING).update(until=on)
        if to_house is not None:
            Residence.objects.create(person=person, house=to_house, relation=relation, since=on)
            person.house, person.location_code, person.status = to_house, to_house.location_code, PersonStatus.ACTIVE
        else:
            person.house, person.status = None, PersonStatus.MOVED_OUT
        person.save()
        GroupMembership.objects.current().filter(person=person).update(location_code=person.location_code)
        return Transfer.objects.create(
            person=person,
            kind=kind,
            from_house=from_house,
            to_house=to_house,
            from_code=from_code,
            to_code=to_house.location_code if to_house else "",
            date=on,
            reason=(reason or "")[:200],
            actor=actor,
        )

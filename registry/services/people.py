"""Adding and changing people and their links to houses. Every function is atomic, checks the
actor's jurisdiction and right to edit, and records the actor in the history context (pghistory)."""

from datetime import date

import pghistory
from django.db import transaction
from django.db.models import Count, Q

from geo.errors import BadInput, Conflict, NotFound
from registry import privacy
from registry.identity import IdNumberError, identify
from registry.models import (
    LIVING,
    DocumentType,
    GroupMembership,
    House,
    Person,
    PersonStatus,
    Registration,
    Relation,
    Residence,
)

__all__ = [
    "Forbidden",
    "editable_house",
    "editable_person",
    "create_person",
    "update_person",
    "link_house",
    "occupancy",
]


class Forbidden(BadInput):
    status_code = 403


def _require_editor(actor):
    if not privacy.may_edit(actor):
        raise Forbidden("您的角色不能修改人口房屋信息 (your role cannot change the registry)")


def editable_house(actor, house_id) -> House:
    _require_editor(actor)
    house = House.objects.visible_to(actor.jurisdiction).filter(pk=house_id).first()
    if house is None:
        raise NotFound(f"房屋 {house_id} 不存在或不在您的辖区内 (no such house in your jurisdiction)", field="house")
    return house


def editable_person(actor, person_id) -> Person:
    _require_editor(actor)
    person = Person.objects.visible_to(actor.jurisdiction).select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFound(f"人员 {person_id} 不存在或不在您的辖区内 (no such person in your jurisdiction)", field="id")
    return person


def _choice(value, choices, field):
    if value not in choices.values:
        raise BadInput(f"{field}: 无效的取值 {value!r}，可选 {', '.join(choices.values)}", field=field)
    return value


@transaction.atomic
def create_person(
    actor,
    *,
    name: str,
    id_number: str,
    house_id: int,
    relation: str = Relation.FAMILY,
    document_type: str = DocumentType.ID_CARD,
    gender: str | None = None,
    birth_date: date | None = None,
    ethnicity: str = "",
    phone: str = "",
    registration: str = Registration.REGISTERED,
    since: date | None = None,
    note: str = "",
) -> Person:
    """Register a person living in (or owning) a house. 409 when the ID number is registered already."""
    house = editable_house(actor, house_id)
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise BadInput("name: 姓名须为1–50个字符 (1–50 characters)", field="name")
    _choice(document_type, DocumentType, "document_type")
    _choice(relation, Relation, "relation")
    _choice(registration, Registration, "registration")
    try:
        identity = identify(document_type, id_number)
    except IdNumberError as exc:
        raise BadInput(f"id_number: {exc}", field="id_number") from None
    if Person.objects.filter(id_hash=identity.digest).exists():
        raise Conflict("该证件号码已登记 (this ID number is registered already)", field="id_number")
    if identity.card:
        gender, birth_date = identity.card.gender, identity.card.birth_date
    lives = relation in LIVING
    with pghistory.context(actor=actor.pk, action="create_person"):
        person = Person.objects.create(
            name=name,
            document_type=document_type,
            id_hash=identity.digest,
            id_cipher=identity.cipher(),
            gender=gender or "unknown",
            birth_date=birth_date,
            ethnicity=ethnicity,
            phone=(phone or "").strip(),
            registration=registration,
            house=house if lives else None,
            location_code=house.location_code,
            note=note,
        )
        Residence.objects.create(person=person, house=house, relation=relation, since=since or date.today())
    return person


EDITABLE_FIELDS = ("name", "phone", "ethnicity", "registration", "note", "status")


@transaction.atomic
def update_person(actor, person_id: int, changes: dict) -> Person:
    person = editable_person(actor, person_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise BadInput(f"{field}: 不能修改此字段 (not editable here)", field=field)
    if "registration" in changes:
        _choice(changes["registration"], Registration, "registration")
    if "status" in changes:
        _choice(changes["status"], PersonStatus, "status")
    with pghistory.context(actor=actor.pk, action="update_person"):
        for key, value in changes.items():
            setattr(person, key, value.strip() if isinstance(value, str) else value)
        person.save()
        if changes.get("status") == PersonStatus.DECEASED:
            Residence.objects.current().filter(person=person).update(until=date.today())
            GroupMembership.objects.current().filter(person=person).update(until=date.today())
    return person


@transaction.atomic
def link_house(actor, person_id: int, house_id: int, relation: str, since: date | None = None) -> Residence:
    """Link a person to another house without moving them (an owner, a second home)."""
    person = editable_person(actor, person_id)
    house = editable_house(actor, house_id)
    _choice(relation, Relation, "relation")
    if Residence.objects.current().filter(person=person, house=house).exists():
        raise Conflict("该人员已关联此房屋 (already linked to this house)", field="house")
    with pghistory.context(actor=actor.pk, action="link_house"):
        return Residence.objects.create(person=person, house=house, relation=relation, since=since or date.today())


def occupancy(house_ids) -> dict[int, int]:
    """People living in each house now (householders, family, tenants)."""
    rows = (
        Residence.objects.current()
        .filter(house_id__in=list(house_ids), relation__in=LIVING)
        .values("house_id")
        .annotate(n=Count("id", filter=Q(person__status=PersonStatus.ACTIVE)))
    )
    return {r["house_id"]: r["n"] for r in rows}

"""A person as the reader may see them: every API, screen and export builds its person rows here,
so the masking rules of registry.privacy are applied in exactly one place."""

from datetime import date

from registry.identity import reveal
from registry.models import GroupMembership, Person
from registry.privacy import Disclosure, present_id_number, present_name, present_phone

__all__ = ["person_row", "group_row", "age_on"]


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def group_row(m: GroupMembership) -> dict:
    return {
        "id": m.pk,
        "kind": m.kind.code,
        "kind_name": m.kind.name,
        "category": m.kind.category,
        "level": m.level,
        "responsible_id": m.responsible_id,
        "visit_every_days": m.visit_every_days,
        "since": m.since,
    }


def person_row(
    p: Person, disclosure: Disclosure, groups: list[GroupMembership] | None = None, today: date | None = None
) -> dict:
    today = today or date.today()
    full_birth = disclosure.full
    return {
        "id": p.pk,
        "name": present_name(p.name, disclosure),
        "gender": p.gender,
        "birth_date": p.birth_date if full_birth else None,
        "age": age_on(p.birth_date, today),
        "ethnicity": p.ethnicity,
        "document_type": p.document_type,
        "id_number": present_id_number(reveal(p.id_cipher, p.id_hash), disclosure),
        "phone": present_phone(p.phone, disclosure),
        "registration": p.registration,
        "status": p.status,
        "house_id": p.house_id,
        "address": p.house.address if p.house_id and p.house else "",
        "location_code": p.location_code,
        "groups": [group_row(m) for m in groups or []],
        "masked": not disclosure.full,
    }

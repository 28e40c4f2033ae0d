"""Putting people in special, care and service groups, and listing memberships."""

from datetime import date

import pghistory
from django.db import transaction

from accounts.models import User
from geo.errors import BadInput, Conflict
from registry import privacy
from registry.access import log_reads
from registry.models import Channel, GroupCategory, GroupKind, GroupMembership
from registry.services.people import Forbidden, editable_person

__all__ = ["enrol", "memberships_for"]


@transaction.atomic
def enrol(
    actor,
    *,
    person_id: int,
    kind_code: str,
    level: str = "green",
    visit_every_days: int | None = None,
    responsible: str | None = None,
    note: str = "",
) -> GroupMembership:
    person = editable_person(actor, person_id)
    kind = GroupKind.objects.filter(code=kind_code, active=True).first()
    if kind is None:
        raise BadInput(f"kind: 未知的人群类别 {kind_code!r} (unknown group kind)", field="kind")
    if kind.category == GroupCategory.SPECIAL and not privacy.may_see_special_groups(actor):
        raise Forbidden("您的角色不能管理重点人群 (your role cannot manage special groups)")
    worker = None
    if responsible:
        worker = User.objects.filter(username=responsible).first()
        if (
            worker is None
            or not worker.jurisdiction.prefix
            or not person.location_code.startswith(worker.jurisdiction.prefix)
        ):
            raise BadInput(
                f"responsible: {responsible} 不是该人员辖区的工作人员 (not a worker of this area)", field="responsible"
            )
    if GroupMembership.objects.current().filter(person=person, kind=kind).exists():
        raise Conflict(f"该人员已在 {kind.name} 中 (already in this group)", field="kind")
    with pghistory.context(actor=actor.pk, action="enrol"):
        return GroupMembership.objects.create(
            person=person,
            kind=kind,
            level=level,
            responsible=worker,
            visit_every_days=visit_every_days or kind.visit_every_days,
            since=date.today(),
            location_code=person.location_code,
            note=note,
        )


def memberships_for(user, params, limit: int, offset: int) -> list[dict]:
    disclosure = privacy.disclosure_for(user)
    members = GroupMembership.objects.current().visible_to(user.jurisdiction).select_related("person", "kind")
    if not disclosure.special_groups:
        members = members.exclude(kind__category=GroupCategory.SPECIAL)
    if params.get("kind"):
        members = members.filter(kind__code=params["kind"])
    if params.get("level"):
        members = members.filter(level=params["level"])
    if (code := params.get("code", "")).isdigit():
        members = members.filter(location_code__startswith=code)
    if params.get("responsible") == "me":
        members = members.filter(responsible=user)
    page = list(members.order_by("location_code", "id")[offset : offset + limit])
    log_reads(user, [m.person_id for m in page], Channel.LIST, params.get("purpose", ""))
    return [
        {
            "id": m.pk,
            "person_id": m.person_id,
            "name": privacy.present_name(m.person.name, disclosure),
            "kind": m.kind.code,
            "kind_name": m.kind.name,
            "category": m.kind.category,
            "level": m.level,
            "responsible_id": m.responsible_id,
            "visit_every_days": m.visit_every_days,
            "since": m.since,
            "location_code": m.location_code,
        }
        for m in page
    ]

"""Operations on militia organisations, members and resources. Points are WGS84 and located on
write; a company or resource must lie inside its town, a member belongs to a company or platoon."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction

from geo.jurisdiction import prefix_of
from geo.models import AdminArea
from grids.services import locate_objects
from militia.errors import BadInput, NotFound
from militia.models import MilitiaMember, MilitiaOrg, OrgLevel, Resource
from militia.models.organisation import PARENT_LEVEL
from militia.permissions import require_commander, require_covers

__all__ = ["create_org", "create_member", "set_on_call", "create_resource", "full_clean", "locate_or_fail"]


def full_clean(obj, exclude=None):
    """Model validation as a BadInput naming the first bad field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise BadInput(f"{field}: {' '.join(messages)}", field=field) from None


def locate_or_fail(obj, field="point"):
    located = locate_objects([obj], point_attr=field)
    if not located.found[0]:
        p = getattr(obj, field)
        raise BadInput(f"位置 ({p.x:.6f}, {p.y:.6f}) 不在辖区内 (outside the district)", field=field)


@transaction.atomic
def create_org(
    actor,
    *,
    name: str,
    level: str,
    parent: MilitiaOrg | None = None,
    point: Point | None = None,
    area_code: str = "",
    commander: str = "",
    phone: str = "",
    is_demo: bool = False,
) -> MilitiaOrg:
    """A district or street organisation names its admin area (`area_code`); a company has a base
    `point` inside its town; a platoon hangs under a company and shares its base."""
    if actor is not None:
        require_commander(actor)
    org = MilitiaOrg(
        name=name, level=level, parent=parent, point=point, commander=commander, phone=phone, is_demo=is_demo
    )
    if level not in OrgLevel.values:
        raise BadInput(f"未知层级 {level}", field="level")
    if level != OrgLevel.DISTRICT and (parent is None or parent.level != PARENT_LEVEL[level]):
        raise BadInput(f"{OrgLevel(level).label}的上级须是{OrgLevel(PARENT_LEVEL[level]).label}", field="parent")
    if level in (OrgLevel.DISTRICT, OrgLevel.STREET):
        area = AdminArea.objects.filter(code=area_code, level=level).first()
        if area is None:
            raise BadInput(f"未知{level}编码 {area_code}", field="area_code")
        if parent is not None and not area_code.startswith(prefix_of(parent.location_code)):
            raise BadInput("街道不在上级区的范围内", field="area_code")
        org.location_code = area_code
        org.street = area if level == OrgLevel.STREET else None
    elif level == OrgLevel.COMPANY:
        if point is None:
            raise BadInput("民兵连须有驻地位置 (a company needs its base point)", field="point")
        locate_or_fail(org)
        if not org.location_code.startswith(prefix_of(parent.location_code)):
            raise BadInput("驻地不在所属街道(镇)内 (the base lies outside the town)", field="point")
    else:
        org.point = parent.point
        for f in ("micro_grid_id", "grid_id", "community_id", "street_id", "location_code"):
            setattr(org, f, getattr(parent, f))
    if actor is not None:
        require_covers(actor, org.location_code, "组织")
    full_clean(org)
    org.save()
    return org


@transaction.atomic
def create_member(
    actor,
    *,
    org: MilitiaOrg,
    name: str,
    age_band: str,
    speciality: str = "general",
    phone: str = "",
    on_call: bool = True,
    point: Point | None = None,
    user=None,
) -> MilitiaMember:
    if actor is not None:
        require_commander(actor)
        require_covers(actor, org.location_code, "组织")
    if org.level not in (OrgLevel.COMPANY, OrgLevel.PLATOON):
        raise BadInput("民兵须编入连或排 (a member belongs to a company or platoon)", field="org")
    member = MilitiaMember(
        org=org,
        name=name,
        age_band=age_band,
        speciality=speciality,
        phone=phone,
        on_call=on_call,
        point=point or org.point,
        user=user,
    )
    full_clean(member)
    member.save()
    return member


def set_on_call(actor, member_id: int, on_call: bool) -> MilitiaMember:
    require_commander(actor)
    member = MilitiaMember.objects.visible_to(actor.jurisdiction).filter(pk=member_id).first()
    if member is None:
        raise NotFound(f"民兵 {member_id} 不存在或不在您的辖区内", field="id")
    MilitiaMember.objects.filter(pk=member.pk).update(on_call=on_call)
    member.on_call = on_call
    return member


@transaction.atomic
def create_resource(
    actor,
    *,
    kind: str,
    name: str,
    point: Point,
    capacity: int | None = None,
    available: int | None = None,
    org: MilitiaOrg | None = None,
    **fields,
) -> Resource:
    if actor is not None:
        require_commander(actor)
    resource = Resource(kind=kind, name=name, point=point, capacity=capacity, available=available, org=org, **fields)
    locate_or_fail(resource)
    if actor is not None:
        require_covers(actor, resource.location_code, "资源")
    full_clean(resource)
    resource.save()
    return resource

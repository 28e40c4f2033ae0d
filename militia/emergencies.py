"""Emergency plans (应急预案), put online and offline, and emergencies started from an online plan
over an area — drawn, or a grid's — optionally linked to the event that raised them."""

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils import timezone

from events.forces_input import checked_area
from grids.models import Grid
from militia.errors import BadInput, Conflict, NotFound
from militia.models import Emergency, EmergencyPlan, EmergencyStatus, PlanLevel
from militia.permissions import is_district, require_commander, require_covers, street_of_user
from militia.units import full_clean, locate_or_fail

__all__ = ["create_plan", "set_online", "start_emergency", "close_emergency"]


def _owner_code(actor) -> str:
    if is_district(actor):
        return settings.DISTRICT_CODE + "000000"
    town = street_of_user(actor)
    if town is None:
        raise BadInput("只有区或街道(镇)可以编制预案 (plans belong to the district or a town)", field="owner")
    return town


def create_plan(
    actor, *, title: str, category: str, level: str, summary: str = "", document=None, online: bool = False
) -> EmergencyPlan:
    require_commander(actor)
    plan = EmergencyPlan(
        title=title, category=category, level=level, summary=summary, online=online, owner_code=_owner_code(actor)
    )
    if document is not None:
        plan.document = document
    full_clean(plan)
    plan.save()
    return plan


def set_online(actor, plan_id: int, online: bool) -> EmergencyPlan:
    """Put a plan online or take it offline (上线/下线): only its owner's level may."""
    require_commander(actor)
    plan = EmergencyPlan.objects.visible_to(actor.jurisdiction).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"预案 {plan_id} 不存在或不在您的辖区内", field="id")
    require_covers(actor, plan.owner_code, "预案")
    EmergencyPlan.objects.filter(pk=plan.pk).update(online=online, updated_at=timezone.now())
    plan.online = online
    return plan


@transaction.atomic
def start_emergency(
    actor,
    *,
    title: str,
    plan_id: int,
    area: GEOSGeometry | None = None,
    grid_code: str = "",
    level: str = "",
    event=None,
) -> Emergency:
    """Start an emergency over a drawn `area` or the grid `grid_code`, under an online plan."""
    require_commander(actor)
    plan = EmergencyPlan.objects.visible_to(actor.jurisdiction).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"预案 {plan_id} 不存在或不在您的辖区内", field="plan")
    if not plan.online:
        raise Conflict(f"预案「{plan.title}」未上线，不能启动 (the plan is offline)", field="plan")
    grid = None
    if grid_code:
        grid = Grid.objects.visible_to(actor.jurisdiction).filter(code=grid_code).first()
        if grid is None:
            raise NotFound(f"网格 {grid_code} 不存在或不在您的辖区内", field="grid")
        area = grid.geom
    if area is None:
        raise BadInput("须绘制区域或选择网格 (draw an area or choose a grid)", field="area")
    area = checked_area(area)
    level = level or plan.level
    if level not in PlanLevel.values:
        raise BadInput(f"未知响应级别 {level}", field="level")
    emergency = Emergency(
        title=title,
        level=level,
        plan=plan,
        area=area,
        point=area.point_on_surface,
        source_grid=grid,
        event=event,
        created_by=actor,
        started_at=timezone.now(),
    )
    locate_or_fail(emergency)
    require_covers(actor, emergency.location_code, "区域")
    full_clean(emergency)
    emergency.save()
    return emergency


def close_emergency(actor, emergency_id: int) -> Emergency:
    require_commander(actor)
    emergency = Emergency.objects.visible_to(actor.jurisdiction).filter(pk=emergency_id).first()
    if emergency is None:
        raise NotFound(f"突发事件 {emergency_id} 不存在或不在您的辖区内", field="id")
    if emergency.status == EmergencyStatus.CLOSED:
        raise Conflict("突发事件已结束 (already closed)", field="id")
    emergency.status, emergency.closed_at = EmergencyStatus.CLOSED, timezone.now()
    emergency.save(update_fields=["status", "closed_at"])
    return emergency

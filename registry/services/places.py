"""Adding buildings and houses: located on write (grids.services.locate_objects) and refused outside
the actor's jurisdiction or the district."""

import pghistory
from django.contrib.gis.geos import Point, Polygon
from django.db import transaction

from geo.errors import BadInput, Conflict, NotFound
from grids.services import OutsideDistrict, locate_objects
from registry.models import Building, BuildingKind, House, HouseUse
from registry.services.people import _require_editor

__all__ = ["create_building", "create_house", "house_address"]


def _locate(obj, actor):
    located = locate_objects([obj])
    if not located.found[0]:
        raise OutsideDistrict(
            f"位置 ({obj.point.x:.6f}, {obj.point.y:.6f}) 不在辖区内 (outside the district)", field="point"
        )
    if not actor.jurisdiction.covers(obj.location_code):
        raise NotFound("该位置不在您的辖区内 (outside your jurisdiction)", field="point")


@transaction.atomic
def create_building(
    actor,
    *,
    code: str,
    name: str,
    address: str,
    point: Point,
    footprint: Polygon | None = None,
    kind: str = BuildingKind.RESIDENTIAL,
    floors: int = 1,
    units: int = 1,
) -> Building:
    _require_editor(actor)
    if kind not in BuildingKind.values:
        raise BadInput(f"kind: 无效的楼栋类型 {kind!r}", field="kind")
    if not 1 <= floors <= 200:
        raise BadInput("floors: 层数须在 1–200 (1–200)", field="floors")
    if footprint is not None and not footprint.valid:
        raise BadInput(f"footprint: 轮廓无效 ({footprint.valid_reason})", field="footprint")
    if Building.objects.filter(code=code).exists():
        raise Conflict(f"楼栋编码 {code} 已存在 (building code exists)", field="code")
    building = Building(
        code=code, name=name, address=address, point=point, footprint=footprint, kind=kind, floors=floors, units=units
    )
    _locate(building, actor)
    with pghistory.context(actor=actor.pk, action="create_building"):
        building.save()
    return building


def house_address(building: Building, unit: str, room: str) -> str:
    return f"{building.address}{building.name}{unit + '单元' if unit else ''}{room + '室' if room else ''}"


@transaction.atomic
def create_house(
    actor,
    *,
    building_id: int | None = None,
    unit: str = "",
    floor: int = 1,
    room: str = "",
    point: Point | None = None,
    address: str = "",
    use: str = HouseUse.OWNER_OCCUPIED,
    **details,
) -> House:
    """A house in a building (its point and address follow the building) or standalone (`point` and
    `address` given)."""
    _require_editor(actor)
    if use not in HouseUse.values:
        raise BadInput(f"use: 无效的房屋用途 {use!r}", field="use")
    if building_id is not None:
        building = Building.objects.visible_to(actor.jurisdiction).filter(pk=building_id).first()
        if building is None:
            raise NotFound(f"楼栋 {building_id} 不存在或不在您的辖区内 (no such building)", field="building")
        if not -5 <= floor <= building.floors:
            raise BadInput(
                f"floor: 楼层须在 -5–{building.floors} (the building has {building.floors} floors)", field="floor"
            )
        if House.objects.filter(building=building, unit=unit, floor=floor, room=room).exists():
            raise Conflict("该房屋已存在 (this room exists)", field="room")
        house = House(building=building, unit=unit, floor=floor, room=room, point=building.point, use=use, **details)
        house.address = address or house_address(building, unit, room)
        for key in ("micro_grid_id", "grid_id", "community_id", "street_id", "location_code"):
            setattr(house, key, getattr(building, key))
    else:
        if point is None or not address:
            raise BadInput(
                "point: 独立房屋须给出位置与地址 (a standalone house needs a point and an address)", field="point"
            )
        house = House(point=point, address=address, floor=floor, room=room, use=use, **details)
        _locate(house, actor)
    with pghistory.context(actor=actor.pk, action="create_house"):
        house.save()
    return house

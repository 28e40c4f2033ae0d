"""Buildings (楼栋) and houses (房屋): the places people live in, located on write like every point."""

import pghistory
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Located, LocationCodeQuerySet

__all__ = ["BuildingKind", "Building", "HouseUse", "House"]

C = "C"  # byte-order collation: a plain B-tree then serves LIKE 'prefix%' and ORDER BY alike


class BuildingKind(models.TextChoices):
    RESIDENTIAL = "residential", _("住宅")
    COMMERCIAL = "commercial", _("商业")
    MIXED = "mixed", _("商住混合")
    PUBLIC = "public", _("公共建筑")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="BuildingHistory",
)
class Building(Located):
    """A building: footprint polygon and the point it is located by (WGS84). `code` is the
    building's register code (楼栋编码), unique; the demo uses micro-grid code + 3 digits."""

    code = models.CharField("楼栋编码", max_length=32, unique=True, db_collation=C)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, db_collation=C)
    kind = models.CharField("类型", max_length=16, choices=BuildingKind.choices, default=BuildingKind.RESIDENTIAL)
    floors = models.PositiveSmallIntegerField("地上层数", default=1)
    units = models.PositiveSmallIntegerField("单元数", default=1)
    footprint = models.PolygonField("轮廓", srid=4326, null=True, blank=True)
    point = models.PointField("定位点", srid=4326)
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation=C)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "楼栋"
        verbose_name_plural = "楼栋"
        ordering = ["code"]
        indexes = [
            models.Index(fields=["location_code", "code"], name="building_loc"),
            models.Index(fields=["address"], name="building_address"),
        ]
        constraints = [models.CheckConstraint(condition=Q(floors__gte=1, floors__lte=200), name="building_floors")]

    def __str__(self):
        return f"{self.address} {self.name}"


class HouseUse(models.TextChoices):
    OWNER_OCCUPIED = "owned", _("自住")
    RENTED = "rented", _("出租")
    VACANT = "vacant", _("空置")
    BUSINESS = "business", _("经营")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="HouseHistory",
)
class House(Located):
    """A dwelling: in a building (unit 单元, floor, room) or standalone with its own point. `point`
    is the building's for houses in one. Rental details are kept for rented houses (出租房)."""

    building = models.ForeignKey(
        Building, verbose_name="楼栋", null=True, blank=True, on_delete=models.PROTECT, related_name="houses"
    )
    unit = models.CharField("单元", max_length=8, blank=True)
    floor = models.SmallIntegerField("楼层", default=1)
    room = models.CharField("房号", max_length=16, blank=True)
    address = models.CharField("地址", max_length=240, db_collation=C)
    point = models.PointField("定位点", srid=4326)
    use = models.CharField("用途", max_length=16, choices=HouseUse.choices, default=HouseUse.OWNER_OCCUPIED)
    area_m2 = models.FloatField("面积(平方米)", null=True, blank=True)
    landlord_name = models.CharField("房东", max_length=50, blank=True)
    landlord_phone = models.CharField("房东电话", max_length=20, blank=True)
    rent_from = models.DateField("租期起", null=True, blank=True)
    rent_until = models.DateField("租期止", null=True, blank=True)
    group_rental = models.BooleanField("群租", default=False)
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation=C)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "房屋"
        verbose_name_plural = "房屋"
        ordering = ["building_id", "unit", "floor", "room"]
        indexes = [
            models.Index(fields=["location_code", "id"], name="house_loc"),
            models.Index(fields=["address"], name="house_address"),
            models.Index(fields=["rent_until"], name="house_rent_until", condition=Q(use="rented")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["building", "unit", "floor", "room"], name="house_unique_room"),
            models.CheckConstraint(
                condition=Q(rent_from__isnull=True)
                | Q(rent_until__isnull=True)
                | Q(rent_until__gte=models.F("rent_from")),
                name="house_rent_dates",
            ),
        ]

    def __str__(self):
        return self.address

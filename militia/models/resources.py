"""Emergency resources (应急资源): fuel stations, hospitals, shelters, emergency teams and equipment
warehouses, one layer with capacity fields."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.indexes import GistIndex
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Located, LocationCodeQuerySet
from militia.models.organisation import MilitiaOrg

__all__ = ["ResourceKind", "Resource"]


class ResourceKind(models.TextChoices):
    FUEL_STATION = "fuel_station", _("加油站")
    HOSPITAL = "hospital", _("医院")
    SHELTER = "shelter", _("应急避难场所")
    EMERGENCY_TEAM = "emergency_team", _("应急救援队伍")
    WAREHOUSE = "warehouse", _("装备物资仓库")


# What `capacity` counts, by kind (shown beside the number).
CAPACITY_UNITS = {
    ResourceKind.FUEL_STATION: "升",
    ResourceKind.HOSPITAL: "床位",
    ResourceKind.SHELTER: "人",
    ResourceKind.EMERGENCY_TEAM: "人",
    ResourceKind.WAREHOUSE: "平方米",
}


class Resource(Located):
    """One resource at a point (WGS84), located to its micro-grid on write. `capacity` counts the
    unit of its kind (beds, people, litres…); `available` how much of it is free now (null: unknown).
    A warehouse holds equipment (`militia.Stock`) and may belong to a militia organisation."""

    kind = models.CharField("类型", max_length=16, choices=ResourceKind.choices)
    name = models.CharField("名称", max_length=200)
    point = models.PointField("位置", srid=4326)
    point_m = models.GeneratedField(
        expression=Transform("point", settings.METRIC_SRID),
        output_field=models.PointField(srid=settings.METRIC_SRID),
        db_persist=True,
    )  # in metres (METRIC_SRID), for the nearby scan
    address = models.CharField("地址", max_length=200, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    capacity = models.PositiveIntegerField("容量", null=True, blank=True)
    available = models.PositiveIntegerField("可用", null=True, blank=True)
    org = models.ForeignKey(
        MilitiaOrg, verbose_name="管理组织", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    stock_total = models.PositiveIntegerField("库存装备总数", default=0, help_text="kept by the stock service")
    attributes = models.JSONField("属性", default=dict, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "应急资源"
        verbose_name_plural = "应急资源"
        ordering = ["location_code", "id"]
        indexes = [
            models.Index(fields=["location_code"], name="militia_res_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind"]),
            GistIndex(fields=["point_m"], name="militia_resource_point_m"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(available__isnull=True) | Q(capacity__isnull=True) | Q(available__lte=models.F("capacity")),
                name="militia_resource_available_le_capacity",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def capacity_unit(self) -> str:
        return CAPACITY_UNITS.get(self.kind, "")

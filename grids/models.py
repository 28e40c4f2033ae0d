"""Grids (网格), micro-grids (微网格), places on the map and the people who work the grids."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo.jurisdiction import Jurisdiction
from geo.models import AdminArea


class InJurisdictionQuerySet(models.QuerySet):
    code_field = "code"

    def visible_to(self, jurisdiction: Jurisdiction):
        return self.filter(jurisdiction.q(self.code_field))

    def containing(self, point):
        return self.filter(geom__covers=point)


class GridKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合网格")
    DEDICATED = "dedicated", _("专属网格")


class Grid(models.Model):
    """A grid: code = its community's 12-digit code + 3 digits."""

    code = models.CharField("编码", max_length=15, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=GridKind.choices, default=GridKind.COMPREHENSIVE)
    community = models.ForeignKey(AdminArea, verbose_name="社区", on_delete=models.PROTECT, related_name="grids")
    street = models.ForeignKey(AdminArea, verbose_name="街道", on_delete=models.PROTECT, related_name="+")
    geom = models.MultiPolygonField("边界", srid=4326)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = InJurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="grid_code_like", opclasses=["varchar_pattern_ops"])]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^\d{15}$"), name="grid_code_15_digits")]

    def __str__(self):
        return f"{self.name} ({self.code})"


class MicroGrid(models.Model):
    """A micro-grid: code = its grid's 15-digit code + 3 digits."""

    code = models.CharField("编码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=100)
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.PROTECT, related_name="micro_grids")
    geom = models.MultiPolygonField("边界", srid=4326)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = InJurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = "微网格"
        verbose_name_plural = "微网格"
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="microgrid_code_like", opclasses=["varchar_pattern_ops"])]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^\d{18}$"), name="microgrid_code_18_digits")]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Located(models.Model):
    """A point entity located once, on write, to its micro-grid → grid → community → street.
    `location_code` is the micro-grid code (or the grid/community code when finer is unknown), so
    jurisdiction checks are a prefix match without joins."""

    micro_grid = models.ForeignKey(
        MicroGrid, verbose_name="微网格", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grid = models.ForeignKey(
        Grid, verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        AdminArea, verbose_name="社区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    street = models.ForeignKey(
        AdminArea, verbose_name="街道", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_index=True)

    class Meta:
        abstract = True


class PlaceKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    FACILITY = "facility", _("设施部件")
    KEY_PLACE = "key_place", _("重点场所")
    RELIGIOUS_SITE = "religious_site", _("宗教场所")
    FINANCIAL_OUTLET = "financial_outlet", _("金融网点")
    MILITIA_UNIT = "militia_unit", _("民兵组织")
    WAREHOUSE = "warehouse", _("装备仓库")
    SHELTER = "shelter", _("应急避难场所")


class LocationCodeQuerySet(InJurisdictionQuerySet):
    """Rows located by their `location_code` (places, events, registry and militia rows): the
    jurisdiction is a prefix of it."""

    code_field = "location_code"


class Place(Located):
    """Anything on the map that is not an area: a school, a manhole cover, a militia unit.
    `geom` is a Point or a Polygon; `point` is the point it is located by (the point itself, or a
    point on the polygon's surface)."""

    kind = models.CharField("类型", max_length=32, choices=PlaceKind.choices)
    name = models.CharField("名称", max_length=200)
    geom = models.GeometryField("几何", srid=4326)
    point = models.PointField("定位点", srid=4326)
    attributes = models.JSONField("属性", default=dict, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "场所/部件"
        verbose_name_plural = "场所/部件"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["location_code"], name="place_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind"]),
        ]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", _("网格长")
    WORKER = "worker", _("网格员")
    LIAISON = "liaison", _("微网格联络员")
    CO_GOVERNANCE = "co_governance", _("共治力量")


class GridMemberQuerySet(InJurisdictionQuerySet):
    code_field = "grid__code"


class GridMember(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="grid_memberships"
    )
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="members")
    micro_grid = models.ForeignKey(
        MicroGrid, verbose_name="微网格", null=True, blank=True, on_delete=models.SET_NULL, related_name="liaisons"
    )
    role = models.CharField("角色", max_length=16, choices=MemberRole.choices)
    since = models.DateField("任职日期", auto_now_add=True)

    objects = GridMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "网格成员"
        verbose_name_plural = "网格成员"
        constraints = [models.UniqueConstraint(fields=["user", "grid", "role"], name="gridmember_unique_role")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.grid.code}"


# Adjustment models (same app, same tables): imported here so Django registers them.
from grids.adjust.models import Adjustment, AdjustmentOp, AdjustmentStatus, AreaVersion, CodeChange  # noqa: E402, F401

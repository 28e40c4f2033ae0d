"""Militia organisations (district → street/town → company 连 → platoon 排) and their members."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.indexes import GistIndex
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import InJurisdictionQuerySet, Located, LocationCodeQuerySet

__all__ = ["OrgLevel", "MilitiaOrg", "Speciality", "AgeBand", "MilitiaMember"]


class OrgLevel(models.TextChoices):
    DISTRICT = "district", _("区人武部")
    STREET = "street", _("街道(镇)武装部")
    COMPANY = "company", _("民兵连")
    PLATOON = "platoon", _("民兵排")


# The level each level hangs under.
PARENT_LEVEL = {
    OrgLevel.STREET: OrgLevel.DISTRICT,
    OrgLevel.COMPANY: OrgLevel.STREET,
    OrgLevel.PLATOON: OrgLevel.COMPANY,
}


class MilitiaOrg(Located):
    """One organisation. District and street organisations carry their admin area's 12-digit code as
    `location_code`; a company is a point (its base) located to its micro-grid; a platoon shares its
    company's base and code. Jurisdiction is the usual prefix match on `location_code`."""

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=OrgLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    point = models.PointField("驻地", srid=4326, null=True, blank=True)
    point_m = models.GeneratedField(
        expression=Transform("point", settings.METRIC_SRID),
        output_field=models.PointField(srid=settings.METRIC_SRID, null=True),
        db_persist=True,
    )  # the base in metres (METRIC_SRID), for the nearby scan
    commander = models.CharField("负责人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "民兵组织"
        verbose_name_plural = "民兵组织"
        ordering = ["location_code", "id"]
        indexes = [
            models.Index(fields=["location_code"], name="militia_org_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level"]),
            GistIndex(fields=["point_m"], name="militia_org_point_m"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="company") | Q(point__isnull=False), name="militia_company_has_base"
            ),
            models.CheckConstraint(condition=Q(level="district") | Q(parent__isnull=False), name="militia_org_parent"),
        ]

    def __str__(self):
        return self.name


class Speciality(models.TextChoices):
    GENERAL = "general", _("普通民兵")
    RESCUE = "rescue", _("抢险救援")
    MEDICAL = "medical", _("医疗救护")
    FLOOD = "flood", _("防汛排涝")
    FIRE = "fire", _("森林/城市消防")
    COMMUNICATIONS = "communications", _("通信保障")
    DRIVER = "driver", _("驾驶运输")
    MACHINERY = "machinery", _("工程机械")
    DRONE = "drone", _("无人机")


class AgeBand(models.TextChoices):
    A18_25 = "18-25", _("18–25岁")
    A26_35 = "26-35", _("26–35岁")
    A36_45 = "36-45", _("36–45岁")
    A46_60 = "46-60", _("46–60岁")


class MemberQuerySet(InJurisdictionQuerySet):
    code_field = "org__location_code"


class MilitiaMember(models.Model):
    """A militia member (民兵) of a company or platoon. `point` is where they are registered (home
    or base, WGS84); the nearby-forces scan prefers their latest fix when it is fresh. `user` is
    their phone account (role militia), through which they clock in and receive notices."""

    name = models.CharField("姓名", max_length=50)
    org = models.ForeignKey(MilitiaOrg, verbose_name="所属组织", on_delete=models.PROTECT, related_name="members")
    speciality = models.CharField("专业", max_length=16, choices=Speciality.choices, default=Speciality.GENERAL)
    age_band = models.CharField("年龄段", max_length=8, choices=AgeBand.choices)
    phone = models.CharField("手机号", max_length=20, blank=True)
    on_call = models.BooleanField("应急待命", default=True)
    point = models.PointField("登记位置", srid=4326)
    point_m = models.GeneratedField(
        expression=Transform("point", settings.METRIC_SRID),
        output_field=models.PointField(srid=settings.METRIC_SRID),
        db_persist=True,
    )  # in metres (METRIC_SRID), for the nearby scan
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="手机账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="militia_member",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "民兵"
        verbose_name_plural = "民兵"
        ordering = ["org_id", "id"]
        indexes = [
            models.Index(fields=["on_call", "org"]),
            GistIndex(fields=["point_m"], name="militia_member_point_m"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="militia_member_phone_unique")
        ]

    def __str__(self):
        return self.name

"""Emergency plans (应急预案) and active emergencies that link a plan, an area and an event."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Located, LocationCodeQuerySet

__all__ = ["PlanLevel", "EmergencyPlan", "EmergencyStatus", "Emergency"]


class PlanLevel(models.TextChoices):
    I = "1", _("Ⅰ级(特别重大)")  # noqa: E741
    II = "2", _("Ⅱ级(重大)")
    III = "3", _("Ⅲ级(较大)")
    IV = "4", _("Ⅳ级(一般)")


class PlanQuerySet(LocationCodeQuerySet):
    code_field = "owner_code"

    def visible_to(self, jurisdiction):
        """A street sees its own plans and the district's (which apply to every street)."""
        if jurisdiction.prefix in (None, ""):
            return super().visible_to(jurisdiction)
        district = jurisdiction.prefix[:6] + "000000"
        return self.filter(jurisdiction.q(self.code_field) | models.Q(owner_code=district))


class EmergencyPlan(models.Model):
    """A plan document with a level; only an online plan can be linked to a new emergency.
    `owner_code` is the 12-digit code of the district or street that keeps it."""

    title = models.CharField("预案名称", max_length=200)
    category = models.CharField("类别", max_length=50, help_text="防汛 flood, 消防 fire, 地震 earthquake…")
    level = models.CharField("响应级别", max_length=1, choices=PlanLevel.choices)
    summary = models.TextField("摘要", max_length=4000, blank=True)
    document = models.FileField("预案文件", upload_to="militia/plans/%Y/", blank=True)
    owner_code = models.CharField("编制单位编码", max_length=12)
    online = models.BooleanField("已上线", default=False)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "应急预案"
        verbose_name_plural = "应急预案"
        ordering = ["level", "title"]

    def __str__(self):
        return self.title


class EmergencyStatus(models.TextChoices):
    ACTIVE = "active", _("处置中")
    CLOSED = "closed", _("已结束")


class Emergency(Located):
    """An emergency being handled: a plan, an area (drawn or a grid's, WGS84) and optionally the event
    that raised it. Located by a point on the area's surface."""

    title = models.CharField("名称", max_length=200)
    level = models.CharField("响应级别", max_length=1, choices=PlanLevel.choices)
    plan = models.ForeignKey(EmergencyPlan, verbose_name="启动预案", on_delete=models.PROTECT, related_name="+")
    area = models.MultiPolygonField("影响区域", srid=4326)
    point = models.PointField("中心点", srid=4326)
    source_grid = models.ForeignKey(
        "grids.Grid", verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", verbose_name="关联事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=EmergencyStatus.choices, default=EmergencyStatus.ACTIVE)
    started_at = models.DateTimeField("启动时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="启动人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "突发事件"
        verbose_name_plural = "突发事件"
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return self.title

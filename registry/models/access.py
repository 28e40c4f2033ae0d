"""The person access log (查阅记录): every read of a person's record, by whom, how and why.
Append-only: a database trigger refuses UPDATE and DELETE. Users and people are kept by id without
constraints so the log outlives both."""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Channel", "PersonAccess", "AreaCount"]


class Channel(models.TextChoices):
    LIST = "list", _("列表")
    SEARCH = "search", _("查询")
    DETAIL = "detail", _("详情")
    CARD = "card", _("人员卡片")
    BUILDING = "building", _("楼盘表")
    HOUSE = "house", _("房屋")
    EXPORT = "export", _("导出")


class PersonAccess(models.Model):
    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField("用户ID")
    username = models.CharField("用户名", max_length=150)
    role = models.CharField("角色", max_length=32)
    person_id = models.BigIntegerField("人员ID")
    channel = models.CharField("途径", max_length=16, choices=Channel.choices)
    purpose = models.CharField("事由", max_length=200, blank=True)
    unmasked = models.BooleanField("明文", default=False)

    class Meta:
        verbose_name = "人员信息查阅记录"
        verbose_name_plural = "人员信息查阅记录"
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["person_id", "time"], name="access_person"),
            models.Index(fields=["user_id", "time"], name="access_user"),
        ]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class AreaCount(models.Model):
    """Counts per location code (a micro-grid, or a coarser code), kept exact by statement-level
    triggers on buildings, houses, people and group memberships (migration 0002), so counts per
    grid over a million people are a sum over ~10k rows."""

    location_code = models.CharField("位置编码", max_length=18, primary_key=True, db_collation="C")
    buildings = models.IntegerField("楼栋", default=0, db_default=0)
    houses = models.IntegerField("房屋", default=0, db_default=0)
    people = models.IntegerField("人口", default=0, db_default=0)
    special = models.IntegerField("重点人群", default=0, db_default=0)
    care = models.IntegerField("关爱对象", default=0, db_default=0)

    class Meta:
        verbose_name = "分区统计"
        verbose_name_plural = "分区统计"
        managed = True

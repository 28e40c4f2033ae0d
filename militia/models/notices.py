"""Notices (通知/调度令) pushed to chosen people's phones, with read receipts."""

from django.conf import settings
from django.contrib.gis.db import models

from grids.models import LocationCodeQuerySet

__all__ = ["Notice", "NoticeReceipt"]


class Notice(models.Model):
    """A notice with text, an optional photo and a place on the map (point and/or area, WGS84).
    `forces` lists what a dispatch chose ([{kind, id, name, distance_m}]); each recipient has a
    NoticeReceipt. `location_code` (of the point) cuts the senders' lists to their jurisdiction."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", max_length=4000, blank=True)
    point = models.PointField("位置", srid=4326, null=True, blank=True)
    area = models.MultiPolygonField("区域", srid=4326, null=True, blank=True)
    photo = models.ImageField("图片", upload_to="militia/notices/%Y/%m/", blank=True)
    forces = models.JSONField("调度力量", default=list, blank=True)
    emergency = models.ForeignKey(
        "militia.Emergency",
        verbose_name="突发事件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    task = models.ForeignKey(
        "militia.MilitiaTask",
        verbose_name="任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    event = models.ForeignKey(
        "events.Event", verbose_name="关联事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_name = models.CharField("发送人姓名", max_length=150, blank=True)
    location_code = models.CharField("位置编码", max_length=18, blank=True)
    created_at = models.DateTimeField("发送时间")

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["location_code"], name="militia_notice_loc_like", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self):
        return self.title


class NoticeReceipt(models.Model):
    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notice_receipts"
    )
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知回执"
        verbose_name_plural = "通知回执"
        ordering = ["-notice_id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="militia_receipt_unique")]

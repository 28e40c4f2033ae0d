"""Militia tasks (emergency, training, patrol support): a town requests, the district approves or
refuses (two levels, each with its comment, in an append-only log), members are assigned and
clock in with their location on the task."""

import pgtrigger
from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Located, LocationCodeQuerySet
from militia.models.organisation import MilitiaMember

__all__ = ["TaskKind", "TaskStatus", "MilitiaTask", "ApprovalStep", "TaskApproval", "TaskAssignment", "TaskClockIn"]


class TaskKind(models.TextChoices):
    EMERGENCY = "emergency", _("应急处置")
    TRAINING = "training", _("军事训练")
    PATROL_SUPPORT = "patrol_support", _("巡逻支援")


class TaskStatus(models.TextChoices):
    REQUESTED = "requested", _("待区审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("已驳回")
    ACTIVE = "active", _("执行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


class MilitiaTask(Located):
    """A task. `street_code` is the requesting town's 12-digit code; `point` the muster point and
    `area` the optional area of operation (WGS84). `version` grows with every step (optimistic
    locking, as for events)."""

    title = models.CharField("任务名称", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=TaskKind.choices)
    description = models.TextField("任务说明", max_length=4000, blank=True)
    street_code = models.CharField("申请街道(镇)编码", max_length=12)
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.REQUESTED)
    point = models.PointField("集结点", srid=4326)
    area = models.MultiPolygonField("任务区域", srid=4326, null=True, blank=True)
    headcount = models.PositiveIntegerField("需要人数", default=0)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    emergency = models.ForeignKey(
        "militia.Emergency",
        verbose_name="突发事件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "民兵任务"
        verbose_name_plural = "民兵任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["location_code"], name="militia_task_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self):
        return self.title


class ApprovalStep(models.TextChoices):
    REQUEST = "request", _("街道(镇)申请")
    APPROVE = "approve", _("区审批通过")
    REFUSE = "refuse", _("区驳回")
    CANCEL = "cancel", _("撤销")
    START = "start", _("开始执行")
    COMPLETE = "complete", _("完成")


class TaskApproval(models.Model):
    """One step of a task's approval and life, with its comment. Append-only (trigger)."""

    task = models.ForeignKey(MilitiaTask, verbose_name="任务", on_delete=models.PROTECT, related_name="log")
    step = models.CharField("环节", max_length=16, choices=ApprovalStep.choices)
    level = models.CharField("层级", max_length=16, help_text="town | district")
    from_status = models.CharField("原状态", max_length=16, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=TaskStatus.choices)
    comment = models.TextField("意见", max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    actor_code = models.CharField("操作人辖区", max_length=18, blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        verbose_name = "任务审批记录"
        verbose_name_plural = "任务审批记录"
        ordering = ["time", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class TaskAssignment(models.Model):
    task = models.ForeignKey(MilitiaTask, verbose_name="任务", on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(MilitiaMember, verbose_name="民兵", on_delete=models.CASCADE, related_name="assignments")
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)

    class Meta:
        verbose_name = "任务人员"
        verbose_name_plural = "任务人员"
        constraints = [models.UniqueConstraint(fields=["task", "member"], name="militia_assignment_unique")]


class TaskClockIn(models.Model):
    """A member's clock-in on a task: where (WGS84; the fix also went through tracking's intake),
    metres from the task's area or muster point in settings.METRIC_SRID, and whether that is within
    the tolerance (militia.conf.CLOCKIN_TOLERANCE_M)."""

    task = models.ForeignKey(MilitiaTask, verbose_name="任务", on_delete=models.CASCADE, related_name="clockins")
    member = models.ForeignKey(MilitiaMember, verbose_name="民兵", on_delete=models.CASCADE, related_name="clockins")
    time = models.DateTimeField("时间")
    point = models.PointField("位置", srid=4326)
    distance_m = models.FloatField("距任务地点(米)")
    on_site = models.BooleanField("在任务地点")

    class Meta:
        verbose_name = "任务打卡"
        verbose_name_plural = "任务打卡"
        ordering = ["-time"]
        indexes = [models.Index(fields=["task", "member", "time"])]

"""Equipment (装备) stocked in warehouses: the stock per warehouse, kind and condition, and the
append-only movements that change it. Stock is never negative: a CHECK constraint as well as the
service's check under a row lock."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from militia.models.resources import Resource
from militia.models.tasks import MilitiaTask

__all__ = ["EquipmentKind", "Condition", "Stock", "MovementReason", "Movement"]


class EquipmentKind(models.TextChoices):
    PUMP = "pump", _("排涝泵")
    GENERATOR = "generator", _("发电机")
    LIFE_JACKET = "life_jacket", _("救生衣")
    BOAT = "boat", _("冲锋舟")
    TENT = "tent", _("帐篷")
    EXTINGUISHER = "extinguisher", _("灭火器")
    CHAINSAW = "chainsaw", _("油锯")
    LIGHTING = "lighting", _("照明灯组")
    RADIO = "radio", _("对讲机")
    DRONE = "drone", _("无人机")
    SANDBAG = "sandbag", _("沙袋")
    FIRST_AID = "first_aid", _("急救包")


class Condition(models.TextChoices):
    GOOD = "good", _("完好")
    REPAIR = "repair", _("待修")
    SCRAPPED = "scrapped", _("报废")


class Stock(models.Model):
    """How many of a kind, in a condition, a warehouse holds now; written only with a Movement."""

    warehouse = models.ForeignKey(Resource, verbose_name="仓库", on_delete=models.PROTECT, related_name="stock")
    kind = models.CharField("装备类型", max_length=16, choices=EquipmentKind.choices)
    condition = models.CharField("状况", max_length=16, choices=Condition.choices, default=Condition.GOOD)
    quantity = models.IntegerField("数量", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "装备库存"
        verbose_name_plural = "装备库存"
        ordering = ["warehouse_id", "kind", "condition"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "kind", "condition"], name="militia_stock_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="militia_stock_not_negative"),
        ]

    def __str__(self):
        return f"{self.warehouse_id} {self.kind} {self.condition} {self.quantity}"


class MovementReason(models.TextChoices):
    IN = "in", _("入库")
    OUT = "out", _("出库")
    TRANSFER_IN = "transfer_in", _("调入")
    TRANSFER_OUT = "transfer_out", _("调出")
    REPAIR = "repair", _("送修/修复")
    SCRAP = "scrap", _("报废")
    CHECK = "check", _("盘点调整")


class Movement(models.Model):
    """One change of stock: `delta` items (positive in, negative out) of a kind and condition.
    Append-only: a database trigger refuses UPDATE and DELETE. The actor is kept by id and name
    without a constraint, so deleting a user never rewrites history."""

    warehouse = models.ForeignKey(Resource, verbose_name="仓库", on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField("装备类型", max_length=16, choices=EquipmentKind.choices)
    condition = models.CharField("状况", max_length=16, choices=Condition.choices)
    delta = models.IntegerField("数量变化")
    balance = models.IntegerField("变动后库存")
    reason = models.CharField("原因", max_length=16, choices=MovementReason.choices)
    task = models.ForeignKey(
        MilitiaTask, verbose_name="任务", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    note = models.CharField("备注", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("经办人姓名", max_length=150, blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        verbose_name = "装备出入库记录"
        verbose_name_plural = "装备出入库记录"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["warehouse", "time"])]
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="militia_movement_nonzero")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.warehouse_id} {self.kind} {self.delta:+d}"

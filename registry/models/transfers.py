"""Transfers (迁入迁出): a person moving house, within a grid, across grids or streets, in or out."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.people import Person
from registry.models.places import House

__all__ = ["TransferKind", "Transfer"]


class TransferKind(models.TextChoices):
    MOVE_IN = "move_in", _("迁入")
    MOVE_OUT = "move_out", _("迁出")
    WITHIN_GRID = "within_grid", _("网格内迁移")
    ACROSS_GRIDS = "across_grids", _("跨网格迁移")
    ACROSS_STREETS = "across_streets", _("跨街道迁移")


class Transfer(models.Model):
    """A person moving house (迁入迁出). Append-only: a database trigger refuses UPDATE and DELETE.
    Both codes are kept so the old and the new grid each see the move."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField("类型", max_length=16, choices=TransferKind.choices)
    from_house = models.ForeignKey(
        House, verbose_name="原房屋", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_house = models.ForeignKey(
        House, verbose_name="新房屋", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_code = models.CharField("原位置编码", max_length=18, blank=True, db_collation="C")
    to_code = models.CharField("新位置编码", max_length=18, blank=True, db_collation="C")
    date = models.DateField("日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "迁入迁出"
        verbose_name_plural = "迁入迁出"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["from_code"], name="transfer_from"),
            models.Index(fields=["to_code"], name="transfer_to"),
        ]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

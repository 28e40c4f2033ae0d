"""Grid adjustments (网格调整): the previewed/applied/reverted edits, the append-only history of grid
and micro-grid shapes, and the map from old codes to the codes they became."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.utils.translation import gettext_lazy as _

__all__ = ["AdjustmentOp", "AdjustmentStatus", "Adjustment", "AreaVersion", "CodeChange"]


class AdjustmentOp(models.TextChoices):
    MERGE = "merge", _("合并")
    SPLIT = "split", _("拆分")
    MIGRATE = "migrate", _("划转微网格")
    RESHAPE = "reshape", _("调整边界")
    RETIRE = "retire", _("撤销网格")
    BULK = "bulk", _("批量替换图层")


class AdjustmentStatus(models.TextChoices):
    PREVIEW = "preview", _("预览")
    APPLIED = "applied", _("已生效")
    REVERTED = "reverted", _("已撤回")


class Adjustment(models.Model):
    """One edit of the grid layer. `before`/`after` hold the complete state of the grids it touches
    and all their micro-grids ({"grids": {code: {...}}, "micro_grids": {code: {...}}}, shapes as WKB
    hex in WGS84); `reuse` names, for each renamed row, the code it had; `heirs` the code each
    vanished code went to. `fingerprint` is what the preview read: apply refuses (409) when the
    rows differ now. `codes` are every grid code before and after, for revert conflicts."""

    op = models.CharField("操作", max_length=16, choices=AdjustmentOp.choices)
    params = models.JSONField("参数")
    status = models.CharField("状态", max_length=16, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PREVIEW)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("原因", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    applied_at = models.DateTimeField("生效时间", null=True, blank=True)
    reverted_at = models.DateTimeField("撤回时间", null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField("调整前")
    after = models.JSONField("调整后")
    reuse = models.JSONField("沿用编码", default=dict)
    heirs = models.JSONField("编码去向", default=dict)
    preview = models.JSONField("预览", default=dict)
    fingerprint = models.CharField("读取指纹", max_length=64)
    codes = ArrayField(models.CharField(max_length=15), verbose_name="涉及网格")
    member_moves = models.JSONField("成员调动", default=dict, blank=True)

    class Meta:
        verbose_name = "网格调整"
        verbose_name_plural = "网格调整"
        ordering = ["-id"]
        indexes = [GinIndex(fields=["codes"], name="adjustment_codes")]

    def __str__(self):
        return f"{self.get_op_display()} #{self.pk}"


class AreaVersion(models.Model):
    """One shape of a grid or micro-grid over [valid_from, valid_to); a null valid_from is "since
    before any adjustment", a null valid_to "still current". Rows are only appended and closed."""

    level = models.CharField("层级", max_length=16)  # grid | micro_grid
    code = models.CharField("编码", max_length=18)
    name = models.CharField("名称", max_length=100)
    parent_code = models.CharField("上级编码", max_length=15)
    geom = models.MultiPolygonField("边界", srid=4326)
    valid_from = models.DateTimeField("起始", null=True, blank=True)
    valid_to = models.DateTimeField("截止", null=True, blank=True)
    opened_by = models.ForeignKey(Adjustment, null=True, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(Adjustment, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "网格版本"
        verbose_name_plural = "网格版本"
        ordering = ["code", "id"]
        indexes = [
            models.Index(fields=["code"], name="areaversion_code_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "valid_from", "valid_to"], name="areaversion_when"),
        ]


class CodeChange(models.Model):
    """Old code → the code it became, written when an adjustment is applied."""

    adjustment = models.ForeignKey(Adjustment, on_delete=models.PROTECT, related_name="code_changes")
    level = models.CharField("层级", max_length=16)
    old_code = models.CharField("原编码", max_length=18, db_index=True)
    new_code = models.CharField("新编码", max_length=18)

    class Meta:
        verbose_name = "编码变更"
        verbose_name_plural = "编码变更"
        ordering = ["id"]

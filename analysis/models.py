"""The analysis app's own records: saved queries and the export log. It writes nothing else."""

from django.conf import settings
from django.db import models

__all__ = ["SavedQuery", "ExportRecord"]


class SavedQuery(models.Model):
    """A query an analyst saved by name to run again: the operation (within, buffer, nearest,
    aggregate) and its parameters exactly as the query API takes them."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="所有者", on_delete=models.CASCADE, related_name="saved_queries"
    )
    name = models.CharField("名称", max_length=100)
    operation = models.CharField("查询类型", max_length=16)
    params = models.JSONField("参数", default=dict)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "保存的查询"
        verbose_name_plural = "保存的查询"
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_query_owner_name")]

    def __str__(self):
        return self.name


class ExportRecord(models.Model):
    """One export: who, what (layer, operation, parameters), in which format and CRS, how many rows,
    when. The user is kept by id and name without a constraint so the log outlives accounts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150)
    jurisdiction = models.CharField("辖区前缀", max_length=18, blank=True)
    layer = models.CharField("图层", max_length=64)
    operation = models.CharField("查询类型", max_length=16)
    params = models.JSONField("参数", default=dict)
    format = models.CharField("格式", max_length=8)
    crs = models.CharField("坐标系", max_length=16)
    rows = models.IntegerField("行数")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "导出记录"
        verbose_name_plural = "导出记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.username} {self.layer} {self.format} {self.rows}"

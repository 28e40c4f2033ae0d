"""Administrative areas: district → street/town → community/village, as WGS84 MultiPolygons."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo.jurisdiction import Jurisdiction


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("区")
    STREET = "street", _("街道/镇")
    COMMUNITY = "community", _("社区/村")


class AreaQuerySet(models.QuerySet):
    def visible_to(self, jurisdiction: Jurisdiction):
        """Areas inside the jurisdiction, plus the areas above it (its street and district)."""
        if jurisdiction.prefix is None:
            return self.none()
        if jurisdiction.prefix == "":
            return self
        ancestors = [
            code
            for code in (jurisdiction.prefix[:6] + "000000", jurisdiction.prefix[:9].ljust(12, "0"))
            if code.startswith(jurisdiction.prefix[:6])
        ]
        return self.filter(jurisdiction.q("code") | Q(code__in=ancestors))

    def containing(self, point):
        return self.filter(geom__covers=point)


class AdminArea(models.Model):
    """An area with a 12-digit code: 6-digit GB/T 2260 county code + 3 street + 3 community digits."""

    code = models.CharField("编码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    geom = models.MultiPolygonField("边界", srid=4326)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区域"
        verbose_name_plural = "行政区域"
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="adminarea_code_like", opclasses=["varchar_pattern_ops"])]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{12}$"), name="adminarea_code_12_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class IdempotencyKey(models.Model):
    """A create request's client key (`Idempotency-Key` header or `client_id`) and the reply it got,
    so a retry gets the first reply instead of a second row (geo.api.idempotency)."""

    scope = models.CharField("接口", max_length=60)
    owner = models.CharField("调用方", max_length=60)
    key = models.CharField("幂等键", max_length=100)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    status = models.IntegerField("状态码", null=True)
    content_type = models.CharField("类型", max_length=100, blank=True)
    body = models.TextField("回复", blank=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["scope", "owner", "key"], name="idempotency_unique")]

"""Warnings (预警): rules admins edit, and the warnings a periodic job raises for the responsible worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import LocationCodeQuerySet
from registry.models.people import Person
from registry.models.places import House

__all__ = ["RuleKind", "WarningRule", "Warning"]


class RuleKind(models.TextChoices):
    VISIT_OVERDUE = "visit_overdue", _("重点/关爱人员超期未走访")
    OVER_OCCUPANCY = "over_occupancy", _("房屋居住人数超限")
    RENTAL_EXPIRED = "rental_expired", _("出租房租约到期")


class WarningRule(models.Model):
    """One rule per kind. `threshold`: people per house for over_occupancy; grace days for the others."""

    kind = models.CharField("规则", max_length=32, choices=RuleKind.choices, unique=True)
    threshold = models.PositiveIntegerField("阈值", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()


class WarningQuerySet(LocationCodeQuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Warning(models.Model):
    """A raised warning about a person or a house. At most one open warning per (kind, subject):
    the job is idempotent and resolves warnings whose condition has passed."""

    kind = models.CharField("规则", max_length=32, choices=RuleKind.choices)
    person = models.ForeignKey(
        Person, verbose_name="人员", null=True, blank=True, on_delete=models.CASCADE, related_name="warnings"
    )
    house = models.ForeignKey(
        House, verbose_name="房屋", null=True, blank=True, on_delete=models.CASCADE, related_name="warnings"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_warnings",
    )
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation="C")
    message = models.CharField("内容", max_length=300)
    sensitive = models.BooleanField(
        "涉重点人群", default=False, help_text="shown only to roles that see special groups"
    )
    raised_at = models.DateTimeField("预警时间")
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(
                fields=["location_code", "raised_at"], name="warning_loc", condition=Q(resolved_at__isnull=True)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person"],
                condition=Q(resolved_at__isnull=True, person__isnull=False),
                name="warning_open_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "house"],
                condition=Q(resolved_at__isnull=True, house__isnull=False),
                name="warning_open_house",
            ),
        ]

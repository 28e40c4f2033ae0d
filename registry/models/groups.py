"""Special groups (重点人群) and care groups (关爱对象): the kinds are data admins edit; a membership
puts a person under a responsible worker with a management level and a visit frequency."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import LocationCodeQuerySet
from registry.models.people import Person

__all__ = ["GroupCategory", "GroupKind", "Level", "GroupMembership"]


class GroupCategory(models.TextChoices):
    SPECIAL = "special", _("重点人群")
    CARE = "care", _("关爱对象")
    SERVICE = "service", _("服务对象")


class GroupKind(models.Model):
    """A kind of group, e.g. 社区矫正 (special) or 独居老人 (care). Loaded from data/registry/group_kinds.csv."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    category = models.CharField("类别", max_length=16, choices=GroupCategory.choices)
    visit_every_days = models.PositiveSmallIntegerField("默认走访周期(天)", default=30)
    active = models.BooleanField("启用", default=True)
    order = models.SmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "人群类别"
        verbose_name_plural = "人群类别"
        ordering = ["category", "order", "code"]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    RED = "red", _("红(高)")
    YELLOW = "yellow", _("黄(中)")
    GREEN = "green", _("绿(低)")


class MembershipQuerySet(LocationCodeQuerySet):
    def current(self):
        return self.filter(until__isnull=True)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="GroupMembershipHistory",
)
class GroupMembership(models.Model):
    """A person in a group. `location_code` is the person's (kept in step by the services), so
    group lists, counts and the special-group map layer need no join to be cut to a jurisdiction."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="groups")
    kind = models.ForeignKey(GroupKind, verbose_name="类别", on_delete=models.PROTECT, related_name="members")
    level = models.CharField("管控等级", max_length=8, choices=Level.choices, default=Level.GREEN)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_groups",
    )
    visit_every_days = models.PositiveSmallIntegerField("走访周期(天)")
    since = models.DateField("纳入日期")
    until = models.DateField("解除日期", null=True, blank=True)
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation="C")
    note = models.CharField("备注", max_length=500, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "人群成员"
        verbose_name_plural = "人群成员"
        ordering = ["location_code", "id"]
        indexes = [
            models.Index(fields=["location_code", "kind"], name="membership_loc", condition=Q(until__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], condition=Q(until__isnull=True), name="membership_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.person_id} {self.kind_id} {self.level}"

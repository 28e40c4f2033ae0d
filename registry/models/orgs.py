"""Organisations (单位/企业/社会组织): a located point, contacts, and the buildings they operate in."""

import pghistory
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Located, LocationCodeQuerySet
from registry.models.places import Building

__all__ = ["OrganisationKind", "Organisation"]


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    INDIVIDUAL = "individual", _("个体工商户")
    SOCIAL = "social", _("社会组织")
    INSTITUTION = "institution", _("事业单位")
    GOVERNMENT = "government", _("机关")
    OTHER = "other", _("其他")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="OrganisationHistory",
)
class Organisation(Located):
    name = models.CharField("名称", max_length=200, db_collation="C")
    kind = models.CharField("类型", max_length=16, choices=OrganisationKind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=240, blank=True)
    point = models.PointField("位置", srid=4326)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    employees = models.PositiveIntegerField("从业人数", null=True, blank=True)
    buildings = models.ManyToManyField(Building, verbose_name="经营场所", blank=True, related_name="organisations")
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation="C")
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "单位组织"
        verbose_name_plural = "单位组织"
        ordering = ["location_code", "id"]
        indexes = [
            models.Index(fields=["location_code", "id"], name="organisation_loc"),
            models.Index(fields=["name"], name="organisation_name"),
        ]

    def __str__(self):
        return self.name

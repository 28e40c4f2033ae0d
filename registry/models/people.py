"""People (人口) and their links to houses (人房关联). A person's jurisdiction is the location code
of the house they live in (以房管人), copied onto the person by the services that move them."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import LocationCodeQuerySet
from registry.models.places import House

__all__ = ["Gender", "DocumentType", "Registration", "PersonStatus", "Person", "Relation", "Residence", "LIVING"]

C = "C"


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    UNKNOWN = "unknown", _("未知")


class DocumentType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民居住证/通行证")
    TAIWAN = "taiwan", _("台湾居民居住证/通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他证件")


class Registration(models.TextChoices):
    REGISTERED = "registered", _("户籍人口")
    FLOATING = "floating", _("流动人口")
    OVERSEAS = "overseas", _("境外人员")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    MOVED_OUT = "moved_out", _("已迁出")
    DECEASED = "deceased", _("已死亡")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at"],
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="PersonHistory",
)
class Person(models.Model):
    """A resident. The ID number is never stored: `id_hash` (keyed hash, exact lookup) and
    `id_cipher` (AES-GCM) stand for it (registry/crypto.py). `house` is where they live now and
    `location_code` that house's code (kept after moving out of the district, for the old grid)."""

    name = models.CharField("姓名", max_length=50, db_collation=C)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=16, blank=True)
    document_type = models.CharField(
        "证件类型", max_length=16, choices=DocumentType.choices, default=DocumentType.ID_CARD
    )
    id_hash = models.BinaryField("证件号码哈希", max_length=16, unique=True)
    id_cipher = models.BinaryField("证件号码密文")
    phone = models.CharField("联系电话", max_length=20, blank=True, db_collation=C)
    registration = models.CharField(
        "户籍类型", max_length=16, choices=Registration.choices, default=Registration.REGISTERED
    )
    status = models.CharField("状态", max_length=16, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    house = models.ForeignKey(
        House, verbose_name="现住房屋", null=True, blank=True, on_delete=models.SET_NULL, related_name="occupants"
    )
    location_code = models.CharField("位置编码", max_length=18, blank=True, db_collation=C)
    note = models.CharField("备注", max_length=500, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LocationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "人口"
        verbose_name_plural = "人口"
        ordering = ["location_code", "id"]
        indexes = [
            models.Index(fields=["location_code", "id"], name="person_loc"),
            models.Index(fields=["name", "location_code"], name="person_name"),
            models.Index(fields=["phone"], name="person_phone", condition=~Q(phone="")),
        ]

    def __str__(self):
        return self.name


class Relation(models.TextChoices):
    HOUSEHOLDER = "householder", _("户主")
    FAMILY = "family", _("家庭成员")
    TENANT = "tenant", _("租户")
    OWNER = "owner", _("产权人(不居住)")


# Relations of people who live in the house (an owner who does not is linked, not counted).
LIVING = (Relation.HOUSEHOLDER, Relation.FAMILY, Relation.TENANT)


class ResidenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(until__isnull=True)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="ResidenceHistory",
)
class Residence(models.Model):
    """A person's link to a house, from `since` until `until` (null: current)."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="residences")
    house = models.ForeignKey(House, verbose_name="房屋", on_delete=models.PROTECT, related_name="residences")
    relation = models.CharField("关系", max_length=16, choices=Relation.choices)
    since = models.DateField("起始日期", null=True, blank=True)
    until = models.DateField("结束日期", null=True, blank=True)

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "人房关联"
        verbose_name_plural = "人房关联"
        ordering = ["-since", "id"]
        indexes = []
        constraints = [
            models.UniqueConstraint(
                fields=["person", "house"], condition=Q(until__isnull=True), name="residence_one_current_link"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=models.F("since")),
                name="residence_dates",
            ),
        ]

    def __str__(self):
        return f"{self.person_id} {self.relation} {self.house_id}"

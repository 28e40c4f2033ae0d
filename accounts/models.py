"""Users, their role and their jurisdiction (the area whose data they may see)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from geo.jurisdiction import Jurisdiction

__all__ = ["Role", "User", "person_name"]


def person_name(first: str, last: str) -> str:
    """The one rule for writing a person's name: family name then given name with no space
    (Chinese order, 张三), "Given Family" when both are Latin letters; blank when both are."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and (first + last).isascii():
        return f"{first} {last}"
    return f"{last}{first}"


class Role(models.TextChoices):
    COMMAND_OPERATOR = "command_operator", "指挥中心操作员"
    STREET_OPERATOR = "street_operator", "街道操作员"
    GRID_LEADER = "grid_leader", "网格长"
    GRID_WORKER = "grid_worker", "网格员"
    LIAISON = "liaison", "微网格联络员"
    DEPARTMENT_STAFF = "department_staff", "部门人员"
    LEADER = "leader", "领导"
    GIS_ADMIN = "gis_admin", "GIS管理员"
    ANALYST = "analyst", "分析员"
    PUBLIC = "public", "公众"


class User(AbstractUser):
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.PUBLIC)
    jurisdiction_code = models.CharField(
        "辖区编码",
        max_length=18,
        blank=True,
        help_text="12-digit admin-area code (district/street/community) or 15-digit grid code",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def jurisdiction(self) -> Jurisdiction:
        return Jurisdiction.for_user(self)

    @property
    def display_name(self) -> str:
        """How a user is named on screens, lists and logs: `person_name`, or the username when no
        name is set."""
        return person_name(self.first_name, self.last_name) or self.username

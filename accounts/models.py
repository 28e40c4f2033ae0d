"""Users, their role and their jurisdiction (the area whose data they may see)."""

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo.jurisdiction import Jurisdiction

__all__ = ["Role", "User", "person_name", "ApiToken", "LoginFailure", "AuditEntry"]


def person_name(first: str, last: str) -> str:
    """The one rule for writing a person's name: family name then given name with no space
    (Chinese order, 张三), "Given Family" when both are Latin letters; blank when both are."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and (first + last).isascii():
        return f"{first} {last}"
    return f"{last}{first}"


class Role(models.TextChoices):
    COMMAND_OPERATOR = "command_operator", _("指挥中心操作员")
    STREET_OPERATOR = "street_operator", _("街道操作员")
    GRID_LEADER = "grid_leader", _("网格长")
    GRID_WORKER = "grid_worker", _("网格员")
    LIAISON = "liaison", _("微网格联络员")
    DEPARTMENT_STAFF = "department_staff", _("部门人员")
    LEADER = "leader", _("领导")
    MILITIA = "militia", _("民兵")
    GIS_ADMIN = "gis_admin", _("GIS管理员")
    ANALYST = "analyst", _("分析员")
    PUBLIC = "public", _("公众")


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


class ApiToken(models.Model):
    """An API token (`Authorization: Token <key>`, `?token=` on the map socket). Only a SHA-256 of
    the key is stored; the key is shown once, when it is issued. A token ends at `expires_at` or
    when revoked (by its owner, an administrator, logout or a password change)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户")
    digest = models.CharField("摘要", max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8, help_text="the key's first characters, to tell tokens apart")
    name = models.CharField("名称", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-id"]


class LoginFailure(models.Model):
    """One wrong password, counted per account and per address (accounts.throttle)."""

    time = models.DateTimeField("时间", auto_now_add=True)
    username = models.CharField("用户名", max_length=150)
    address = models.GenericIPAddressField("地址", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败"
        verbose_name_plural = "登录失败"
        indexes = [
            models.Index(fields=["username", "time"], name="login_failure_user"),
            models.Index(fields=["address", "time"], name="login_failure_address"),
        ]


class AuditEntry(models.Model):
    """The audit log (审计日志): security-relevant actions, append-only (a trigger refuses UPDATE and
    DELETE; only the retention job removes entries past AUDIT_RETENTION_DAYS). Users are kept by id
    and name without a constraint so an entry outlives the account. Reads of person records are
    in the registry's own access log (registry.PersonAccess), linked from the audit page."""

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=48, db_index=True)
    outcome = models.CharField("结果", max_length=8, default="ok", help_text="ok | denied")
    user_id = models.BigIntegerField("用户ID", null=True, blank=True)
    username = models.CharField("用户名", max_length=150, blank=True)
    role = models.CharField("角色", max_length=32, blank=True)
    jurisdiction_code = models.CharField("辖区编码", max_length=18, blank=True, db_index=True)
    address = models.GenericIPAddressField("地址", null=True, blank=True)
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["username", "time"], name="audit_user")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

"""Events (事项): problems found in the field, their categories, the departments that handle them,
routing rules, photos, the append-only action log, and reminders (督办提醒). Open311 clients and
integration sources live beside their code (events/open311/models.py, events/integrations/models.py)
and are imported at the end of this module, where Django looks for the app's models."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from events.sources import INTEGRATION_SOURCES, Source
from events.workflow import OPEN, Action, Level, Status
from grids.models import Located, LocationCodeQuerySet

__all__ = [
    "Department",
    "DepartmentMember",
    "Category",
    "RiskKind",
    "RoutingRule",
    "Source",
    "Priority",
    "Event",
    "EventPhoto",
    "EventAction",
    "Reminder",
    "ReminderKind",
]


class Department(models.Model):
    """A functional department (职能部门) of the district, e.g. 城管局."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    jurisdiction_code = models.CharField("辖区编码", max_length=18, blank=True, help_text="blank: the whole district")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "职能部门"
        verbose_name_plural = "职能部门"
        ordering = ["code"]

    def __str__(self):
        return self.name


class DepartmentMember(models.Model):
    """A department staff user (role department_staff) belongs to one or more departments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="departments"
    )
    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = "部门人员"
        verbose_name_plural = "部门人员"
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="department_member_unique")]


class RiskKind(models.TextChoices):
    """The ten risk kinds (风险类别) the risks screen groups events by; a category names its kind in
    data/events/categories.csv (blank: not a risk, e.g. 养老服务)."""

    PUBLIC_ORDER = "public_order", _("社会治安")
    PRODUCTION_SAFETY = "production_safety", _("安全生产")
    TRAFFIC = "traffic", _("道路交通")
    ENVIRONMENT = "environment", _("生态环境")
    FIRE = "fire", _("消防")
    FOOD_DRUG = "food_drug", _("食品药品")
    NATURAL_DISASTER = "natural_disaster", _("自然灾害")
    DISPUTE = "dispute", _("矛盾纠纷")
    PUBLIC_HEALTH = "public_health", _("公共卫生")
    CITY_APPEARANCE = "city_appearance", _("城市管理")


class Category(models.Model):
    """A node of the category tree. Unset department/deadline are inherited from the parent.
    Codes are dotted paths (`city.manhole`), so a code prefix selects a subtree."""

    code = models.CharField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    department = models.ForeignKey(
        Department, verbose_name="默认处置部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline_hours = models.PositiveIntegerField("处置时限(小时)", null=True, blank=True)
    photo_required = models.BooleanField("须附照片", default=False)
    active = models.BooleanField("启用", default=True)
    description = models.CharField("说明", max_length=500, blank=True)
    risk_kind = models.CharField("风险类别", max_length=20, choices=RiskKind.choices, blank=True)

    class Meta:
        verbose_name = "事项分类"
        verbose_name_plural = "事项分类"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def lineage(self) -> list["Category"]:
        """This category and its ancestors, nearest first (a few queries at most: the tree is shallow)."""
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def effective_department(self) -> Department | None:
        return next((c.department for c in self.lineage() if c.department_id), None)

    def effective_deadline_hours(self) -> int | None:
        return next((c.deadline_hours for c in self.lineage() if c.deadline_hours), None)


class HandlerRole(models.TextChoices):
    WORKER = "worker", _("网格员")
    LEADER = "leader", _("网格长")
    DEPARTMENT = "department", _("部门直接处置")


class RoutingRule(models.Model):
    """Overrides the default routing for a category (and its subtree), optionally in one street:
    another department and/or who in the grid gets the event first. The most specific rule wins
    (longer street code, then the deeper category, then lower `order`)."""

    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.CASCADE, related_name="rules")
    street_code = models.CharField("街道编码前缀", max_length=12, blank=True, help_text="blank: every street")
    department = models.ForeignKey(
        Department, verbose_name="处置部门", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    handler_role = models.CharField("首接人", max_length=16, choices=HandlerRole.choices, blank=True)
    order = models.IntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "派遣规则"
        verbose_name_plural = "派遣规则"
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.category} {self.street_code or '*'}"


class Priority(models.IntegerChoices):
    LOW = 1, _("低")
    NORMAL = 2, _("一般")
    URGENT = 3, _("紧急")
    CRITICAL = 4, _("特急")


class EventQuerySet(LocationCodeQuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def visible_to_user(self, user):
        """In the user's jurisdiction, or their department's, or held or reported by them."""
        if user.is_superuser:
            return self
        q = user.jurisdiction.q(self.code_field) | Q(handler=user) | Q(reporter=user)
        return (
            self.filter(q | Q(department__members__user=user)).distinct()
            if user.role == Role.DEPARTMENT_STAFF
            else self.filter(q)
        )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(
        condition=pghistory.AnyChange("status", "level", "handler", "department", "supervised", "overdue")
    ),
    fields=["status", "level", "handler", "department", "supervised", "overdue", "version"],
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    model_name="EventHistory",
    append_only=True,
)
class Event(Located):
    """One event. `point` is WGS84; `due_at` comes from the category's deadline; `version` grows by
    one with every action, and an action names the version it saw (optimistic concurrency)."""

    code = models.CharField("编号", max_length=24, unique=True)
    title = models.CharField("标题", max_length=200)
    description = models.TextField("描述", max_length=4000, blank=True)
    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.PROTECT, related_name="events")
    source = models.CharField("来源", max_length=32, choices=Source.choices, default=Source.WORKER)
    external_id = models.CharField(
        "外部编号", max_length=100, blank=True, help_text="the source system's id; (source, external_id) is unique"
    )
    attributes = models.JSONField("附加属性", default=dict, blank=True)
    point = models.PointField("位置", srid=4326)
    address = models.CharField("地址", max_length=300, blank=True)
    priority = models.SmallIntegerField("紧急程度", choices=Priority.choices, default=Priority.NORMAL)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField("联系人", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REPORTED)
    level = models.CharField("处置层级", max_length=16, choices=Level.choices, default=Level.GRID)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="当前处置人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    due_at = models.DateTimeField("处置期限", null=True, blank=True)
    overdue = models.BooleanField("已超期", default=False)
    due_soon = models.BooleanField("即将到期", default=False)
    supervised = models.BooleanField("督办", default=False)
    supervised_at = models.DateTimeField("督办时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    rating = models.SmallIntegerField("评价", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("上报时间")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["location_code"], name="event_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["handler", "status"]),
            models.Index(fields=["created_at"]),
            # The open overdue events by deadline (the big screens' map, read per viewer): only those
            # rows, in order. The IN list proves against any query's `status IN OPEN` (PostgreSQL
            # expands short constant arrays), whatever order the frozenset gives.
            models.Index(
                fields=["due_at"], condition=Q(overdue=True, status__in=sorted(OPEN)), name="event_open_overdue"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], condition=~Q(external_id=""), name="event_source_external_id"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="event_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


def photo_path(photo, filename):
    return f"events/{photo.event.created_at:%Y/%m}/{photo.event.code}/{filename}"


class EventPhoto(models.Model):
    """A photo checked with Pillow (JPEG/PNG). `exif_point`: where the camera says it was taken
    (EXIF GPS, WGS84), a hint only."""

    event = models.ForeignKey(Event, verbose_name="事项", on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField("文件", upload_to=photo_path, width_field="width", height_field="height")
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    size = models.PositiveIntegerField("字节数", default=0)
    exif_point = models.PointField("拍摄位置(EXIF)", srid=4326, null=True, blank=True)
    taken_at = models.DateTimeField("拍摄时间(EXIF)", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "事项照片"
        verbose_name_plural = "事项照片"
        ordering = ["id"]


class EventAction(models.Model):
    """One step of an event's life. Append-only: a database trigger refuses UPDATE and DELETE.
    The actor is kept by id and name without a constraint, so deleting a user never rewrites history.
    `handler`/`department`/`to_level` record who held the event after the step."""

    event = models.ForeignKey(Event, verbose_name="事项", on_delete=models.PROTECT, related_name="actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    from_level = models.CharField("原层级", max_length=16, choices=Level.choices, blank=True)
    to_level = models.CharField("新层级", max_length=16, choices=Level.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处置人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    note = models.TextField("意见", max_length=2000, blank=True)
    attachments = models.JSONField("附件", default=list, blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        verbose_name = "事项流转记录"
        verbose_name_plural = "事项流转记录"
        ordering = ["time", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.event_id} {self.action} {self.from_status}→{self.to_status}"


class ReminderKind(models.TextChoices):
    STALE = "stale", _("超过7天未结")
    SUPERVISED = "supervised", _("督办")
    OVERDUE = "overdue", _("超期")


class Reminder(models.Model):
    """A red-dot reminder for one user about one event; at most one per (user, event, kind)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="event_reminders"
    )
    event = models.ForeignKey(Event, verbose_name="事项", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类型", max_length=16, choices=ReminderKind.choices)
    created_at = models.DateTimeField("时间")
    read = models.BooleanField("已读", default=False)

    class Meta:
        verbose_name = "督办提醒"
        verbose_name_plural = "督办提醒"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "event", "kind"], name="reminder_unique")]


# The subpackages' models (same app, same tables): imported here so Django registers them.
from events.integrations.models import IntegrationSource, OutboxMessage, OutboxStatus  # noqa: E402
from events.open311.models import Open311Client  # noqa: E402

__all__ += ["Open311Client", "IntegrationSource", "INTEGRATION_SOURCES", "OutboxStatus", "OutboxMessage"]

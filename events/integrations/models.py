"""Integration sources and their outbox (tables events_integrationsource, events_outboxmessage;
models of the events app)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.keys import new_secret
from events.sources import INTEGRATION_SOURCES

__all__ = ["IntegrationSource", "OutboxStatus", "OutboxMessage", "INTEGRATION_SOURCES"]


class IntegrationSource(models.Model):
    """A system that sends us events by webhook and hears back through its outbox. `code` is the
    events' `source`; the webhook takes `Authorization: Bearer <secret>`, and status messages are
    POSTed to `outbox_url` with the same header and an HMAC-SHA256 signature of the body."""

    code = models.CharField(
        "来源", max_length=32, unique=True, choices=[(s.value, s.label) for s in INTEGRATION_SOURCES]
    )
    name = models.CharField("名称", max_length=100)
    secret = models.CharField("密钥", max_length=128, default=new_secret)
    outbox_url = models.URLField(
        "回传地址", max_length=500, blank=True, help_text="blank: status changes are not sent back"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        app_label = "events"
        verbose_name = "对接系统"
        verbose_name_plural = "对接系统"
        ordering = ["code"]

    def __str__(self):
        return self.name


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboxMessage(models.Model):
    """A status change of an integration-sourced event, written in the same transaction as the step
    and delivered to the source's `outbox_url` by a periodic job, retried with exponential backoff."""

    source = models.ForeignKey(
        IntegrationSource, verbose_name="对接系统", on_delete=models.CASCADE, related_name="outbox"
    )
    event = models.ForeignKey(
        "events.Event", verbose_name="事项", on_delete=models.CASCADE, related_name="outbox_messages"
    )
    payload = models.JSONField("内容")
    status = models.CharField("状态", max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试")
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        app_label = "events"
        verbose_name = "回传消息"
        verbose_name_plural = "回传消息"
        ordering = ["id"]
        indexes = [models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_pending_due")]

    def __str__(self):
        return f"{self.source_id} {self.event_id} {self.status}"

"""Open311 clients (table events_open311client; a model of the events app)."""

from django.db import models

from events.keys import new_secret

__all__ = ["Open311Client"]


class Open311Client(models.Model):
    """An Open311 client (a 随手拍 app, a mini-program, a partner site). Its `api_key` is required to
    POST requests; an inactive client's key is refused (403)."""

    name = models.CharField("名称", max_length=100, unique=True)
    api_key = models.CharField("API key", max_length=64, unique=True, default=new_secret)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        app_label = "events"
        verbose_name = "Open311 客户端"
        verbose_name_plural = "Open311 客户端"
        ordering = ["name"]

    def __str__(self):
        return self.name

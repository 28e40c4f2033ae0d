"""Open311 clients (table events_open311client; a model of the events app)."""

from django.db import models

from events.keys import digest, new_secret

__all__ = ["Open311Client"]


class Open311Client(models.Model):
    """An Open311 client (a 随手拍 app, a mini-program, a partner site). Its key is required to POST
    requests; an inactive client's key is refused (403). Only the key's SHA-256 is stored (`api_key`):
    the key itself is shown once, by `issue`/`rotate` (`manage.py integration_key`, the admin)."""

    name = models.CharField("名称", max_length=100, unique=True)
    api_key = models.CharField("API key 摘要 (SHA-256)", max_length=64, unique=True, editable=False)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        app_label = "events"
        verbose_name = "Open311 客户端"
        verbose_name_plural = "Open311 客户端"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def issue(cls, name: str) -> tuple["Open311Client", str]:
        """A new client and its key (shown this once)."""
        key = new_secret()
        return cls.objects.create(name=name, api_key=digest(key)), key

    def rotate(self) -> str:
        """A new key for this client (the old one stops working); returned this once."""
        key = new_secret()
        self.api_key = digest(key)
        self.save(update_fields=["api_key"])
        return key

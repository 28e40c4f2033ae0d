"""Devices that report positions for a worker."""

import secrets

from django.conf import settings
from django.db import models


def new_device_token() -> str:
    """A long random identifier (≈190 bits): a guessed id gets nothing."""
    return secrets.token_urlsafe(24)


class Device(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="devices")
    identifier = models.CharField("设备标识", max_length=64, unique=True, default=new_device_token)
    name = models.CharField("名称", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "定位设备"
        verbose_name_plural = "定位设备"

    def __str__(self):
        return self.name or self.identifier[:8]

"""Where an event came from. Its own module so the integration models can name their sources
without importing events.models (which imports them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Source", "INTEGRATION_SOURCES"]


class Source(models.TextChoices):
    WORKER = "worker", _("网格员上报")
    PUBLIC = "public", _("群众随手拍")
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    CITY_MANAGEMENT = "city_management", _("数字城管")
    OTHER = "other", _("其他")


# Sources that send events by webhook (events.integrations) and hear back through an outbox.
INTEGRATION_SOURCES = (Source.HOTLINE_12345, Source.CITY_MANAGEMENT, Source.OTHER)

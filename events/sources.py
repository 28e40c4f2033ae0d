"""Where an event came from. Its own module so the integration models can name their sources
without importing events.models (which imports them)."""

from django.db import models

__all__ = ["Source", "INTEGRATION_SOURCES"]


class Source(models.TextChoices):
    WORKER = "worker", "网格员上报"
    PUBLIC = "public", "群众随手拍"
    HOTLINE_12345 = "hotline_12345", "12345热线"
    CITY_MANAGEMENT = "city_management", "数字城管"
    OTHER = "other", "其他"


# Sources that send events by webhook (events.integrations) and hear back through an outbox.
INTEGRATION_SOURCES = (Source.HOTLINE_12345, Source.CITY_MANAGEMENT, Source.OTHER)

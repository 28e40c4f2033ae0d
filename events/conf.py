"""Defaults of the events app, read once from settings (each overridable by an environment-driven
setting of the same name)."""

from django.conf import settings

MAX_PHOTO_BYTES = getattr(settings, "EVENT_MAX_PHOTO_BYTES", 10 * 1024 * 1024)  # per photo
MAX_PHOTOS = getattr(settings, "EVENT_MAX_PHOTOS", 9)
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}  # Pillow format → stored extension
DEFAULT_DEADLINE_HOURS = getattr(settings, "EVENT_DEFAULT_DEADLINE_HOURS", 72)
DUE_SOON_HOURS = getattr(settings, "EVENT_DUE_SOON_HOURS", 2)
STALE_DAYS = getattr(settings, "EVENT_STALE_DAYS", 7)  # open longer → the street's leaders are reminded
NEARBY_RADIUS_M = getattr(settings, "EVENT_NEARBY_RADIUS_M", 2000)
NEARBY_MAX_RADIUS_M = getattr(settings, "EVENT_NEARBY_MAX_RADIUS_M", 20000)
NEARBY_LIMIT = getattr(settings, "EVENT_NEARBY_LIMIT", 10)
NEARBY_MAX_LIMIT = getattr(settings, "EVENT_NEARBY_MAX_LIMIT", 100)

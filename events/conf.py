"""Defaults of the events app, read once. Each is an environment variable of the same name (or a
Django setting, if config/settings.py defines one)."""

from config.env import app_setting

MAX_PHOTO_BYTES = app_setting("EVENT_MAX_PHOTO_BYTES", 10 * 1024 * 1024)  # per photo
# Decoded size, checked from the header before decoding: a small PNG can hold 88 megapixels
# (~265 MB decoded); a phone's 50 MP camera stays under this.
MAX_PHOTO_PIXELS = app_setting("EVENT_MAX_PHOTO_PIXELS", 64_000_000)
MAX_PHOTOS = app_setting("EVENT_MAX_PHOTOS", 9)
DEFAULT_DEADLINE_HOURS = app_setting("EVENT_DEFAULT_DEADLINE_HOURS", 72)
DUE_SOON_HOURS = app_setting("EVENT_DUE_SOON_HOURS", 2)
STALE_DAYS = app_setting("EVENT_STALE_DAYS", 7)  # open longer → the street's leaders are reminded
NEARBY_RADIUS_M = app_setting("EVENT_NEARBY_RADIUS_M", 2000)
NEARBY_MAX_RADIUS_M = app_setting("EVENT_NEARBY_MAX_RADIUS_M", 20000)
NEARBY_LIMIT = app_setting("EVENT_NEARBY_LIMIT", 10)
NEARBY_MAX_LIMIT = app_setting("EVENT_NEARBY_MAX_LIMIT", 100)
# The operators' overview (events/overview.py): how long one jurisdiction's figures are cached,
# when an on-duty worker without a new position counts as gone silent, and alerts of each kind listed.
OVERVIEW_CACHE_SECONDS = app_setting("OVERVIEW_CACHE_SECONDS", 15)
OVERVIEW_SILENT_MINUTES = app_setting("OVERVIEW_SILENT_MINUTES", 15)
OVERVIEW_ALERT_LIMIT = app_setting("OVERVIEW_ALERT_LIMIT", 20)

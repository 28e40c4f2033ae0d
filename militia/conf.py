"""Defaults of the militia app, read once from settings (each overridable by a setting of the same name)."""

from django.conf import settings

# A member's latest fix younger than this places them in the nearby scan; else their registered point.
MEMBER_FIX_MAX_AGE_MINUTES = getattr(settings, "MILITIA_MEMBER_FIX_MAX_AGE_MINUTES", 30)
# A clock-in within this many metres of the task's area (or muster point) counts as on site.
CLOCKIN_TOLERANCE_M = getattr(settings, "MILITIA_CLOCKIN_TOLERANCE_M", 300.0)
# The largest member import (rows) and notice photo (bytes).
IMPORT_MAX_ROWS = getattr(settings, "MILITIA_IMPORT_MAX_ROWS", 20000)
NOTICE_MAX_PHOTO_BYTES = getattr(settings, "MILITIA_NOTICE_MAX_PHOTO_BYTES", 10 * 1024 * 1024)

"""Tracking settings, read once. Each can be overridden in config/settings.py or the environment."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


MAX_FUTURE_SECONDS = _get("POSITION_MAX_FUTURE_SECONDS", 300)  # a fix may be at most 5 min ahead
MAX_AGE_DAYS = _get("POSITION_MAX_AGE_DAYS", 30)  # older fixes are refused
MAX_ACCURACY_M = _get("POSITION_MAX_ACCURACY_M", 100.0)  # worse accuracy is kept but flagged
MAX_SPEED_MPS = _get("POSITION_MAX_SPEED_MPS", 55.0)  # ≈200 km/h; a faster jump is flagged
MAX_BATCH_BYTES = _get("POSITION_MAX_BATCH_BYTES", 4 * 1024 * 1024)
MAX_BATCH_FIXES = _get("POSITION_MAX_BATCH_FIXES", 10_000)
RETENTION_DAYS = _get("POSITION_RETENTION_DAYS", 180)  # daily partitions older than this are dropped
PARTITIONS_AHEAD_DAYS = _get("POSITION_PARTITIONS_AHEAD_DAYS", 7)
# Fixes are telemetry: by default their transactions do not wait for the WAL flush. A crash of
# PostgreSQL may then lose the last fraction of a second of acknowledged fixes (the database stays
# consistent); check-ins, events and everything else always commit synchronously.
SYNCHRONOUS_COMMIT = _get("POSITION_SYNCHRONOUS_COMMIT", False)
HEAT_RESOLUTIONS = (7, 8, 9, 10)
H3_RESOLUTION = 10

# Duty: check-in/out, patrols, visits, coverage and reports (tracking/duty.py and neighbours).
CHECKIN_TOLERANCE_M = _get("DUTY_CHECKIN_TOLERANCE_M", 200.0)  # metres outside the grid still accepted
DUTY_MAX_AGE_HOURS = _get("DUTY_MAX_AGE_HOURS", 24)  # an older (queued offline) check-in or visit is refused
PATROL_STOP_MINUTES = _get("PATROL_STOP_MINUTES", 5)  # a stop lasts at least this long …
PATROL_STOP_RADIUS_M = _get("PATROL_STOP_RADIUS_M", 50.0)  # … within this many metres of where it began
PATROL_MAX_GAP_SECONDS = _get("PATROL_MAX_GAP_SECONDS", 300)  # a longer gap between fixes counts only this long
VISIT_PROOF_WINDOW_MIN = _get("VISIT_PROOF_WINDOW_MIN", 10)  # fixes this many minutes either side prove a visit
VISIT_MAX_DISTANCE_M = _get("VISIT_MAX_DISTANCE_M", 100.0)
COVERAGE_MAX_DAYS = _get("COVERAGE_MAX_DAYS", 92)  # the longest period one coverage query may span
